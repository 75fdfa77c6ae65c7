-- Item
ALTER TABLE items ALTER COLUMN count TYPE bigint;
ALTER TABLE items ALTER COLUMN name TYPE varchar(200);
ALTER TABLE items ALTER COLUMN title TYPE text;
ALTER TABLE items ALTER COLUMN price TYPE numeric;
