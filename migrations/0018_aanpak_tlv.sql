-- What follows the SWV's decision on a hulpvraag: the aanpak (the arrangement: who does
-- what, from when, until when, when it is evaluated, for what budget) and, in a TLV
-- process, the toelaatbaarheidsverklaring (TLV) for special education.

create table aanpak (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	hulpvraag_id uuid not null references hulpvraag (id),
	-- 'Ambulante begeleiding', 'Ondersteuningsbudget', 'Arrangement', …
	type text not null check (length(type) between 1 and 120),
	-- Who carries it out: a person, a service or a provider.
	behandelaar text not null default '' check (length(behandelaar) <= 200),
	start_date date not null,
	end_date date,
	evaluation_date date,
	budget_cents integer check (budget_cents >= 0),
	toelichting text not null default '' check (length(toelichting) <= 4000),
	created_by uuid references account (id),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	-- Optimistic concurrency: every change states the version it saw.
	version int not null default 1,
	-- The reminder of the evaluation date was mailed (cleared when that date changes).
	evaluation_reminded_at timestamptz,
	check (end_date is null or end_date >= start_date)
);

create index aanpak_hulpvraag on aanpak (organisation_id, hulpvraag_id);
create index aanpak_evaluation on aanpak (evaluation_date)
	where evaluation_date is not null and evaluation_reminded_at is null;

create table tlv (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	hulpvraag_id uuid not null references hulpvraag (id),
	dossier_id uuid not null references dossier (id),
	-- The SWV's own number of the TLV.
	swv_number text not null check (length(swv_number) between 1 and 60),
	-- The funding category: 1 (laag), 2 (midden), 3 (hoog).
	category text not null check (category in ('laag', 'midden', 'hoog')),
	-- Speciaal basisonderwijs or speciaal onderwijs.
	so_type text not null check (so_type in ('sbo', 'so')),
	ingangsdatum date not null,
	einddatum date not null,
	beschikkingsnummer text not null default '' check (length(beschikkingsnummer) <= 60),
	-- The TLV document: a bijlage of the same hulpvraag (checked by the domain).
	bijlage_id uuid references bijlage (id),
	created_by uuid references account (id),
	created_at timestamptz not null default now(),
	-- Archived: no longer in the list of active TLVs (it has ended, or was replaced).
	archived_at timestamptz,
	archived_by uuid references account (id),
	-- The reminder of the einddatum was mailed to the school.
	end_reminded_at timestamptz,
	check (einddatum >= ingangsdatum)
);

create index tlv_hulpvraag on tlv (organisation_id, hulpvraag_id);
create index tlv_active on tlv (organisation_id, einddatum) where archived_at is null;

-- A status that follows when an aanpak or a TLV is added (e.g. TLV_3_in behandeling →
-- TLV afgegeven). The same list as the forms migration, so either order agrees.
alter table process_automation drop constraint process_automation_kind_check;
alter table process_automation add constraint process_automation_kind_check check (kind in (
	'initial_status_from_titel',
	'coordinator_from_status',
	'status_after_attachment',
	'form_from_titel',
	'form_from_status',
	'status_after_aanpak',
	'status_after_tlv'
));
