-- Item
DROP INDEX items_sku_key;
ALTER TABLE items DROP COLUMN sku;
