-- Item
ALTER TABLE items ALTER COLUMN count TYPE integer;
ALTER TABLE items ALTER COLUMN name TYPE varchar(100);
ALTER TABLE items ALTER COLUMN title TYPE varchar(50);
ALTER TABLE items ALTER COLUMN price TYPE integer;
ALTER TABLE items ALTER COLUMN amount TYPE numeric(10,2);
ALTER TABLE items ALTER COLUMN total TYPE bigint;
ALTER TABLE items ALTER COLUMN fee TYPE numeric(18,2);
