-- Item
ALTER TABLE items ALTER COLUMN count TYPE integer;
ALTER TABLE items ALTER COLUMN name TYPE varchar(100);
ALTER TABLE items ALTER COLUMN title TYPE varchar(50);
ALTER TABLE items ALTER COLUMN price TYPE integer;
