-- Item
DROP INDEX items_code_key;
DROP INDEX items_name_idx;
CREATE UNIQUE INDEX items_code_kind_key ON items (code, kind);
CREATE INDEX items_kind_idx ON items (kind, id);
-- Note: fails if rows of items repeat (name); remove the duplicates first
CREATE UNIQUE INDEX items_name_key ON items (name);
