-- Item
DROP INDEX items_name_key;
ALTER TABLE items ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE items ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE items ADD COLUMN deleted_at timestamptz;
CREATE UNIQUE INDEX items_name_key ON items (name) WHERE deleted_at IS NULL;
