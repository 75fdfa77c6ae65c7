-- Item
ALTER TABLE items RENAME COLUMN name TO title;
ALTER TABLE items RENAME COLUMN status TO state;
ALTER TABLE items RENAME CONSTRAINT items_status_check TO items_state_check;
ALTER INDEX items_name_key RENAME TO items_title_key;
ALTER INDEX items_status_count_idx RENAME TO items_state_count_idx;
ALTER TABLE items ALTER COLUMN title TYPE varchar(120);
