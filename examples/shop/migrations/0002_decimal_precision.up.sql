-- 0002_decimal_precision: written by forge migrate diff. Review it before applying;
-- once applied anywhere, do not edit it: put further changes in a new migration.

-- Order
ALTER TABLE orders ALTER COLUMN tax_rate DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN tax_rate TYPE numeric(5,4);
ALTER TABLE orders ALTER COLUMN tax_rate SET DEFAULT 0.2;

-- Product
ALTER TABLE products ALTER COLUMN weight_kg TYPE numeric(8,3);
