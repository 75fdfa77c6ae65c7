-- Item
ALTER TABLE items ADD COLUMN sku varchar(40);
CREATE UNIQUE INDEX items_sku_key ON items (sku);
