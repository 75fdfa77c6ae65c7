-- 0001_init: written by forge migrate diff. Review it before applying;
-- once applied anywhere, do not edit it: put further changes in a new migration.

-- Notification: foreign keys
ALTER TABLE notifications DROP CONSTRAINT notifications_order_id_fkey;

-- OrderItem: foreign keys
ALTER TABLE order_items DROP CONSTRAINT order_items_order_id_fkey;
ALTER TABLE order_items DROP CONSTRAINT order_items_product_id_fkey;

-- Order: foreign keys
ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;

-- Product: foreign keys
ALTER TABLE products DROP CONSTRAINT products_category_id_fkey;

-- Review: foreign keys
ALTER TABLE reviews DROP CONSTRAINT reviews_customer_id_fkey;
ALTER TABLE reviews DROP CONSTRAINT reviews_product_id_fkey;

-- Category
DROP TABLE categories;

-- Customer
DROP TABLE customers;

-- Notification
DROP TABLE notifications;

-- OrderItem
DROP TABLE order_items;

-- Order
DROP TABLE orders;

-- Product
DROP TABLE products;

-- Review
DROP TABLE reviews;
