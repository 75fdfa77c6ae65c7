-- Item
ALTER TABLE items ALTER COLUMN name TYPE text;
ALTER TABLE items ALTER COLUMN count TYPE bigint;
ALTER TABLE items ALTER COLUMN code TYPE text USING code::text;
ALTER TABLE items ALTER COLUMN amount TYPE numeric(12,4);
ALTER TABLE items ALTER COLUMN total TYPE numeric(12,2);
ALTER TABLE items ALTER COLUMN big TYPE bigint;
ALTER TABLE items ALTER COLUMN score TYPE double precision;
