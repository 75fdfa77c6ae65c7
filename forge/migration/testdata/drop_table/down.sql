-- Book
CREATE TABLE books (
  id uuid NOT NULL,
  title text NOT NULL,
  author_id uuid NOT NULL,
  CONSTRAINT books_pkey PRIMARY KEY (id)
);
CREATE INDEX books_author_id_idx ON books (author_id, id);

-- Book: foreign keys
ALTER TABLE books ADD CONSTRAINT books_author_id_fkey FOREIGN KEY (author_id) REFERENCES authors (id);
