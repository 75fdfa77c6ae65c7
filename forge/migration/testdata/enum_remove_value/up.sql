-- Item
ALTER TABLE items DROP CONSTRAINT items_status_check;
-- Note: fails if items.status holds 'archived'; UPDATE those rows first
ALTER TABLE items ADD CONSTRAINT items_status_check CHECK (status IN ('draft', 'published'));
