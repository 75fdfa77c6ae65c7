-- 0001_init: written by forge migrate diff. Review it before applying;
-- once applied anywhere, do not edit it: put further changes in a new migration.

-- Category
CREATE TABLE categories (
  id uuid NOT NULL,
  name varchar(200) NOT NULL,
  slug varchar(200) NOT NULL,
  position integer DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT categories_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX categories_slug_key ON categories (slug);

-- Customer
CREATE TABLE customers (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  email varchar(320) NOT NULL,
  name varchar(200) NOT NULL,
  birth_date date,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT customers_pkey PRIMARY KEY (id),
  CONSTRAINT customers_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX customers_email_key ON customers (tenant_id, email);

-- Notification
CREATE TABLE notifications (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  kind text NOT NULL,
  recipient varchar(320) NOT NULL,
  subject varchar(200) NOT NULL,
  body text,
  sent_at timestamptz DEFAULT now(),
  order_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notifications_kind_check CHECK (kind IN ('order_placed', 'order_shipped')),
  CONSTRAINT notifications_pkey PRIMARY KEY (id),
  CONSTRAINT notifications_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX notifications_order_id_kind_key ON notifications (tenant_id, order_id, kind);

-- OrderItem
CREATE TABLE order_items (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  quantity integer NOT NULL,
  unit_price_cents bigint NOT NULL,
  order_id uuid NOT NULL,
  product_id uuid NOT NULL,
  CONSTRAINT order_items_pkey PRIMARY KEY (id),
  CONSTRAINT order_items_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE INDEX order_items_order_id_idx ON order_items (tenant_id, order_id, id);
CREATE INDEX order_items_product_id_idx ON order_items (tenant_id, product_id, id);

-- Order
CREATE TABLE orders (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  number varchar(32) NOT NULL,
  state text NOT NULL DEFAULT 'pending',
  total_cents bigint NOT NULL DEFAULT 0,
  tax_rate numeric DEFAULT 0.2,
  placed_at timestamptz DEFAULT now(),
  customer_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT orders_pkey PRIMARY KEY (id),
  CONSTRAINT orders_state_check CHECK (state IN ('pending', 'paid', 'shipped', 'cancelled')),
  CONSTRAINT orders_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE INDEX orders_customer_id_idx ON orders (tenant_id, customer_id, id);
CREATE UNIQUE INDEX orders_number_key ON orders (tenant_id, number);
CREATE INDEX orders_state_idx ON orders (tenant_id, state, id);

-- Product
CREATE TABLE products (
  id uuid NOT NULL,
  name varchar(200) NOT NULL,
  description text,
  price_cents integer NOT NULL,
  rating double precision,
  active boolean DEFAULT true,
  published_at timestamptz,
  external_id uuid,
  status text DEFAULT 'draft',
  attributes jsonb DEFAULT '{}',
  weight_kg numeric,
  thumbnail bytea,
  internal_notes text,
  category_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT products_pkey PRIMARY KEY (id),
  CONSTRAINT products_status_check CHECK (status IN ('draft', 'published', 'archived'))
);
CREATE INDEX products_category_id_idx ON products (category_id, id);
CREATE UNIQUE INDEX products_external_id_key ON products (external_id) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX products_name_category_id_key ON products (name, category_id) WHERE deleted_at IS NULL;
CREATE INDEX products_published_at_idx ON products (published_at, id);
CREATE INDEX products_status_idx ON products (status, id);

-- Review
CREATE TABLE reviews (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  stars integer NOT NULL,
  body text,
  product_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reviews_pkey PRIMARY KEY (id),
  CONSTRAINT reviews_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE INDEX reviews_customer_id_idx ON reviews (tenant_id, customer_id, id);
CREATE UNIQUE INDEX reviews_product_id_customer_id_key ON reviews (tenant_id, product_id, customer_id);

-- Notification: foreign keys
ALTER TABLE notifications ADD CONSTRAINT notifications_order_id_fkey FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id);

-- OrderItem: foreign keys
ALTER TABLE order_items ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id);
ALTER TABLE order_items ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id);

-- Order: foreign keys
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id);

-- Product: foreign keys
ALTER TABLE products ADD CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories (id);

-- Review: foreign keys
ALTER TABLE reviews ADD CONSTRAINT reviews_customer_id_fkey FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id);
ALTER TABLE reviews ADD CONSTRAINT reviews_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id);
