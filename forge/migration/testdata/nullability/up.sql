-- Item
ALTER TABLE items ALTER COLUMN name DROP NOT NULL;
-- Note: fails if items.note holds NULLs; UPDATE them first
ALTER TABLE items ALTER COLUMN note SET NOT NULL;
