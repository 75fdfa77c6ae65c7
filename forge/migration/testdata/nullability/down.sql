-- Item
-- Note: fails if items.name holds NULLs; UPDATE them first
ALTER TABLE items ALTER COLUMN name SET NOT NULL;
ALTER TABLE items ALTER COLUMN note DROP NOT NULL;
