-- Book: foreign keys
ALTER TABLE books DROP CONSTRAINT books_shelf_id_fkey;

-- Book
DROP INDEX books_shelf_id_idx;
ALTER TABLE books DROP COLUMN shelf_id;
-- Note: fails if books has rows, since author_id is NOT NULL without a default; to fill it, add it without NOT NULL, UPDATE the rows, then SET NOT NULL
ALTER TABLE books ADD COLUMN author_id uuid NOT NULL;
CREATE INDEX books_author_id_idx ON books (tenant_id, author_id, id);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (tenant_id, author_id) REFERENCES authors (tenant_id, id);
