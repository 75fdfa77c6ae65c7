-- Book: foreign keys
ALTER TABLE books DROP CONSTRAINT books_author_id_fkey;

-- Author
-- Note: fails if authors has rows, since tenant_id is NOT NULL without a default; to fill it, add it without NOT NULL, UPDATE the rows, then SET NOT NULL
ALTER TABLE authors ADD COLUMN tenant_id text NOT NULL;
ALTER TABLE authors ADD CONSTRAINT authors_tenant_id_id_key UNIQUE (tenant_id, id);

-- Book
DROP INDEX books_author_id_idx;
DROP INDEX books_title_key;
-- Note: fails if books has rows, since tenant_id is NOT NULL without a default; to fill it, add it without NOT NULL, UPDATE the rows, then SET NOT NULL
ALTER TABLE books ADD COLUMN tenant_id text NOT NULL;
ALTER TABLE books ADD CONSTRAINT books_tenant_id_id_key UNIQUE (tenant_id, id);
CREATE INDEX books_author_id_idx ON books (tenant_id, author_id, id);
CREATE UNIQUE INDEX books_title_key ON books (tenant_id, title);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (tenant_id, author_id) REFERENCES authors (tenant_id, id);
