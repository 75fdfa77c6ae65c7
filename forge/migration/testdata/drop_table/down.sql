-- Book
CREATE TABLE books (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  author_id uuid NOT NULL
);
CREATE INDEX books_author_id_idx ON books (author_id);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id);
