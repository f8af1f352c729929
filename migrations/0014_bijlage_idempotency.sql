-- An upload may carry a key chosen by the client for that one file (Idempotency-Key). A
-- retry after a lost answer sends the same key: the row it made is found and its first
-- answer returned, instead of a second row, a second status change and a second mail.
-- A key belongs to one account on one hulpvraag; the unique index is what makes two
-- simultaneous retries end with one row.
alter table bijlage
	add column idempotency_key text check (idempotency_key ~ '^[0-9A-Za-z.:-]{1,80}$'),
	-- The warnings of the first answer (vague name, second version, same file twice), so a
	-- retry answers exactly as the first upload did.
	add column upload_warnings text[] not null default '{}';

create unique index bijlage_idempotency on bijlage (hulpvraag_id, added_by, idempotency_key)
	where idempotency_key is not null;
