-- Book: foreign keys
ALTER TABLE books DROP CONSTRAINT books_author_id_fkey;
ALTER TABLE books DROP CONSTRAINT books_shelf_id_fkey;

-- Author
DROP TABLE authors;

-- Book
DROP TABLE books;

-- Shelf
DROP TABLE shelves;
