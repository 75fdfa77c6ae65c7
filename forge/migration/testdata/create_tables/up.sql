-- Author
CREATE TABLE authors (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  name varchar(100) NOT NULL,
  email text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT authors_pkey PRIMARY KEY (id),
  CONSTRAINT authors_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE UNIQUE INDEX authors_email_key ON authors (tenant_id, email);

-- Book
CREATE TABLE books (
  id uuid NOT NULL,
  tenant_id text NOT NULL,
  title varchar(200) NOT NULL,
  blurb text,
  status text DEFAULT 'draft',
  pages bigint DEFAULT 0,
  rating double precision DEFAULT 2.5,
  price numeric(18,2) DEFAULT 9.99,
  featured boolean DEFAULT false,
  added_at timestamptz DEFAULT now(),
  embargo timestamptz DEFAULT '2024-01-02T15:04:05Z',
  released date DEFAULT CURRENT_DATE,
  isbn_ref uuid,
  meta jsonb DEFAULT '{}',
  cover bytea,
  author_id uuid NOT NULL,
  shelf_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  CONSTRAINT books_pkey PRIMARY KEY (id),
  CONSTRAINT books_status_check CHECK (status IN ('draft', 'published', 'in_stock')),
  CONSTRAINT books_tenant_id_id_key UNIQUE (tenant_id, id)
);
CREATE INDEX books_author_id_idx ON books (tenant_id, author_id, id);
CREATE UNIQUE INDEX books_isbn_ref_key ON books (tenant_id, isbn_ref) WHERE deleted_at IS NULL;
CREATE INDEX books_shelf_id_idx ON books (tenant_id, shelf_id, id);
CREATE INDEX books_status_released_idx ON books (tenant_id, status, released, id);
CREATE UNIQUE INDEX books_title_author_id_key ON books (tenant_id, title, author_id) WHERE deleted_at IS NULL;

-- Shelf
CREATE TABLE shelves (
  id uuid NOT NULL,
  label text NOT NULL,
  "order" integer DEFAULT 0,
  CONSTRAINT shelves_pkey PRIMARY KEY (id)
);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (tenant_id, author_id) REFERENCES authors (tenant_id, id);
ALTER TABLE books ADD CONSTRAINT books_shelf_id_fkey FOREIGN KEY (shelf_id) REFERENCES shelves (id);
