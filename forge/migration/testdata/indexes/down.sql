-- Item
DROP INDEX items_code_kind_key;
DROP INDEX items_kind_idx;
DROP INDEX items_name_key;
-- Note: fails if rows of items repeat (code); remove the duplicates first
CREATE UNIQUE INDEX items_code_key ON items (code);
CREATE INDEX items_name_idx ON items (name, id);
