-- Item
ALTER TABLE items ADD COLUMN sku varchar(40);
ALTER TABLE items ADD COLUMN count integer NOT NULL DEFAULT 0;
-- Note: fails if items has rows, since code is NOT NULL without a default; to fill it, add it without NOT NULL, UPDATE the rows, then SET NOT NULL
ALTER TABLE items ADD COLUMN code text NOT NULL;
