-- Line
ALTER TABLE lines RENAME COLUMN item_id TO product_id;
ALTER TABLE lines RENAME CONSTRAINT lines_item_id_fkey TO lines_product_id_fkey;
ALTER INDEX lines_item_id_quantity_key RENAME TO lines_product_id_quantity_key;

-- Product
ALTER TABLE items RENAME TO products;
ALTER TABLE products RENAME COLUMN name TO title;
ALTER TABLE products RENAME CONSTRAINT items_pkey TO products_pkey;
ALTER TABLE products RENAME CONSTRAINT items_status_check TO products_status_check;
ALTER TABLE products RENAME CONSTRAINT items_tenant_id_id_key TO products_tenant_id_id_key;
ALTER INDEX items_name_key RENAME TO products_title_key;
ALTER INDEX items_status_idx RENAME TO products_status_idx;
