-- A status's required form can hold for some titles only. Statuses are shared by all titles,
-- so a form that belongs to one title's process (the TLV-aanvraagformulier of IJsselmonde)
-- must not block the other titles that pass the same status. A row without titel requires
-- the form whatever the hulpvraag's title; rows with a titel require it for those titles.
-- Per status and form it is either all titles (one row without titel) or a set of titles,
-- never both: Beheer saves the whole choice at once (beheer/form-requirements.ts).
--
-- titel_id may be null, so it cannot be part of the primary key; PostgreSQL 14 has no
-- NULLS NOT DISTINCT, so uniqueness is two partial indexes instead.
alter table status_form_requirement add column id uuid not null default gen_random_uuid();
alter table status_form_requirement drop constraint status_form_requirement_pkey;
alter table status_form_requirement add primary key (id);

-- A title is removed only while no hulpvraag has it: its requirements go with it.
alter table status_form_requirement
	add column titel_id uuid references hulpvraag_titel (id) on delete cascade;

create unique index status_form_requirement_all_titels
	on status_form_requirement (status_id, template_id) where titel_id is null;
create unique index status_form_requirement_per_titel
	on status_form_requirement (status_id, template_id, titel_id) where titel_id is not null;
