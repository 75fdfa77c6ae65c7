-- Item
ALTER TABLE products RENAME TO items;
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items RENAME CONSTRAINT products_pkey TO items_pkey;
ALTER TABLE items RENAME CONSTRAINT products_status_check TO items_status_check;
ALTER TABLE items RENAME CONSTRAINT products_tenant_id_id_key TO items_tenant_id_id_key;
ALTER INDEX products_status_idx RENAME TO items_status_idx;
ALTER INDEX products_title_key RENAME TO items_name_key;

-- Line
ALTER TABLE lines RENAME COLUMN product_id TO item_id;
ALTER TABLE lines RENAME CONSTRAINT lines_product_id_fkey TO lines_item_id_fkey;
ALTER INDEX lines_product_id_quantity_key RENAME TO lines_item_id_quantity_key;
