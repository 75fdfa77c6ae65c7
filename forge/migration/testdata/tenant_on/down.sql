-- Book: foreign keys
ALTER TABLE books DROP CONSTRAINT books_author_id_fkey;

-- Author
ALTER TABLE authors DROP CONSTRAINT authors_tenant_id_id_key;
ALTER TABLE authors DROP COLUMN tenant_id;

-- Book
DROP INDEX books_author_id_idx;
DROP INDEX books_title_key;
ALTER TABLE books DROP CONSTRAINT books_tenant_id_id_key;
ALTER TABLE books DROP COLUMN tenant_id;
CREATE INDEX books_author_id_idx ON books (author_id, id);
-- Note: fails if rows of books repeat (title); remove the duplicates first
CREATE UNIQUE INDEX books_title_key ON books (title);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id);
