-- Item
DROP INDEX items_name_key;
ALTER TABLE items DROP COLUMN created_at;
ALTER TABLE items DROP COLUMN updated_at;
ALTER TABLE items DROP COLUMN deleted_at;
-- Note: fails if rows of items repeat (name); remove the duplicates first
CREATE UNIQUE INDEX items_name_key ON items (name);
