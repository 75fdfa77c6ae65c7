-- Item
ALTER TABLE items ALTER COLUMN name TYPE varchar(100);
ALTER TABLE items ALTER COLUMN count TYPE integer;
ALTER TABLE items ALTER COLUMN code TYPE integer USING code::integer;
