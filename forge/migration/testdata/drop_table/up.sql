-- Book: foreign keys
ALTER TABLE books DROP CONSTRAINT books_author_id_fkey;

-- Book
DROP TABLE books;
