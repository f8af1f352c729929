-- Removing a bijlage is soft (dossiers/bijlagen.ts): the row stays with when and by whom, so
-- the audit trail can say what was removed. A removal without a remover (or the other way
-- round) would leave the row and the audit log disagreeing. NOT VALID: rows removed before
-- this rule existed are not judged by it; every change from now on is.
alter table bijlage add constraint bijlage_removed_by_whom
	check ((removed_at is null) = (removed_by is null)) not valid;
