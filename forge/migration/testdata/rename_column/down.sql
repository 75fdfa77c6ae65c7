-- Item
ALTER TABLE items RENAME COLUMN state TO status;
ALTER TABLE items RENAME COLUMN title TO name;
ALTER TABLE items RENAME CONSTRAINT items_state_check TO items_status_check;
ALTER INDEX items_state_count_idx RENAME TO items_status_count_idx;
ALTER INDEX items_title_key RENAME TO items_name_key;
ALTER TABLE items ALTER COLUMN name TYPE varchar(80);
