-- Item
ALTER TABLE items ALTER COLUMN name TYPE text;
ALTER TABLE items ALTER COLUMN count TYPE bigint;
ALTER TABLE items ALTER COLUMN code TYPE text USING code::text;
