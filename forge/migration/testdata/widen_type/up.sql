-- Item
ALTER TABLE items ALTER COLUMN count TYPE bigint;
ALTER TABLE items ALTER COLUMN name TYPE varchar(200);
ALTER TABLE items ALTER COLUMN title TYPE text;
ALTER TABLE items ALTER COLUMN price TYPE numeric(18,2);
ALTER TABLE items ALTER COLUMN amount TYPE numeric(12,4);
ALTER TABLE items ALTER COLUMN total TYPE numeric(19,0);
ALTER TABLE items ALTER COLUMN fee TYPE numeric(20,2);
