-- Book: foreign keys
ALTER TABLE books DROP CONSTRAINT books_author_id_fkey;

-- Book
DROP INDEX books_author_id_idx;
ALTER TABLE books DROP COLUMN author_id;
ALTER TABLE books ADD COLUMN shelf_id uuid;
CREATE INDEX books_shelf_id_idx ON books (tenant_id, shelf_id, id);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_shelf_id_fkey FOREIGN KEY (shelf_id) REFERENCES shelves (id);
