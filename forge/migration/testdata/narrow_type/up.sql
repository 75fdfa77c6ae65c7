-- Item
ALTER TABLE items ALTER COLUMN name TYPE varchar(100);
ALTER TABLE items ALTER COLUMN count TYPE integer;
ALTER TABLE items ALTER COLUMN code TYPE integer USING code::integer;
ALTER TABLE items ALTER COLUMN amount TYPE numeric(10,2);
ALTER TABLE items ALTER COLUMN total TYPE numeric(11,2);
ALTER TABLE items ALTER COLUMN big TYPE numeric(18,2);
ALTER TABLE items ALTER COLUMN score TYPE numeric(10,4);
