-- Dossiers, hulpvragen and their processes. Processes are data per organisation
-- (statuses, titles, which status may follow which, automations); a change to a process
-- never rewrites history: status_change rows keep the status they pointed at, and a
-- status or title is retired (active = false), never deleted while in use.

create table process_status (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	name text not null check (length(name) between 1 and 120),
	-- Plain language for parents and schools ("De aanvraag is ontvangen en wordt bekeken").
	parent_text text not null default '',
	-- What happens next, in the same plain words.
	next_step_text text not null default '',
	-- Roles that may set this status by hand.
	settable_by text[] not null default '{}',
	-- Voorlopig: invisible to SWV staff (beheerders excepted) until the school submits.
	voorlopig boolean not null default false,
	final boolean not null default false,
	-- Whether parents see that a hulpvraag is in this status (and its reason text).
	parent_visible boolean not null default true,
	reason_required boolean not null default false,
	-- A hulpvraag in this status takes no new attachments.
	closes_attachments boolean not null default false,
	-- Jonge Kind: a voorschoolse contactpersoon loses access from this status on.
	ends_voorschool_access boolean not null default false,
	position int not null default 0,
	active boolean not null default true,
	unique (organisation_id, name)
);

create table process_transition (
	organisation_id uuid not null references organisation (id),
	from_status_id uuid not null references process_status (id),
	to_status_id uuid not null references process_status (id),
	primary key (from_status_id, to_status_id)
);

create table hulpvraag_titel (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	name text not null check (length(name) between 1 and 160),
	-- Region rules (seed 003): "TLV-aanvraag (IJsselmonde)" only for IJsselmonde schools,
	-- the three "TLV -…" titles not for them.
	only_regions text[] not null default '{}',
	excluded_regions text[] not null default '{}',
	position int not null default 0,
	active boolean not null default true,
	unique (organisation_id, name)
);

-- Automations an SWV configures (seed 002, 003).
create table process_automation (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	kind text not null check (kind in (
		'initial_status_from_titel',
		'coordinator_from_status',
		'omschrijving_from_status',
		'status_after_attachment',
		'form_from_titel'
	)),
	titel_id uuid references hulpvraag_titel (id),
	-- The status that triggers it (coordinator/omschrijving/after attachment).
	status_id uuid references process_status (id),
	-- The status it sets (initial status, status after attachment).
	target_status_id uuid references process_status (id),
	coordinator_id uuid references account (id),
	text_value text,
	active boolean not null default true
);

create index process_automation_org on process_automation (organisation_id, kind);

alter table account
	-- Seed 003: mail on every status change, switchable per account.
	add column mail_on_status_change boolean not null default true;

create table dossier (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	roepnaam text not null check (length(roepnaam) between 1 and 100),
	tussenvoegsel text not null default '',
	achternaam text not null check (length(achternaam) between 1 and 150),
	geboortedatum date not null,
	geslacht text not null check (geslacht in ('m', 'v', 'x', 'onbekend')),
	woonadres jsonb,
	postadres jsonb,
	adres_opmerking text not null default '',
	created_by uuid references account (id),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	version int not null default 1,
	anonymised_at timestamptz
);

create index dossier_org_name on dossier (organisation_id, lower(achternaam), lower(roepnaam));
create index dossier_org_birth on dossier (organisation_id, geboortedatum);

-- Parents' addresses: a parent account sees the dossiers listing its e-mail address.
create table dossier_parent_email (
	dossier_id uuid not null references dossier (id) on delete cascade,
	email text not null check (position('@' in email) > 1),
	added_by uuid references account (id),
	added_at timestamptz not null default now(),
	primary key (dossier_id, email)
);

create index dossier_parent_email_lower on dossier_parent_email (lower(email));

create table school_period (
	id uuid primary key default gen_random_uuid(),
	dossier_id uuid not null references dossier (id) on delete cascade,
	school_id uuid not null references school (id),
	groep text not null default '',
	aanvrager text not null default '',
	contactpersoon text not null default '',
	email text not null default '',
	phone text not null default '',
	start_date date,
	end_date date
);

create index school_period_dossier on school_period (dossier_id);
create index school_period_school on school_period (school_id);

create table hulpvraag (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	dossier_id uuid not null references dossier (id),
	-- The school that asks; decides which school staff see it.
	school_id uuid references school (id),
	titel_id uuid not null references hulpvraag_titel (id),
	status_id uuid not null references process_status (id),
	datum date not null default current_date,
	omschrijving text not null default '',
	coordinator_id uuid references account (id),
	aanvrager_id uuid references account (id),
	labels text[] not null default '{}',
	-- Optimistic concurrency: every change states the version it saw.
	version int not null default 1,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create index hulpvraag_org_status on hulpvraag (organisation_id, status_id, updated_at desc);
create index hulpvraag_school on hulpvraag (school_id, updated_at desc);
create index hulpvraag_dossier on hulpvraag (dossier_id);

create table status_change (
	id bigint generated always as identity primary key,
	organisation_id uuid not null references organisation (id),
	hulpvraag_id uuid not null references hulpvraag (id) on delete cascade,
	from_status_id uuid references process_status (id),
	to_status_id uuid not null references process_status (id),
	changed_by uuid references account (id),
	changed_at timestamptz not null default now(),
	reason text not null default '',
	automatic boolean not null default false
);

create index status_change_hulpvraag on status_change (hulpvraag_id, changed_at);

-- Accounts linked to a hulpvraag beyond the school, e.g. the voorschoolse contactpersoon
-- of a Jonge Kind request (seed 004).
create table hulpvraag_link (
	hulpvraag_id uuid not null references hulpvraag (id) on delete cascade,
	account_id uuid not null references account (id),
	role text not null check (role in ('voorschool')),
	added_at timestamptz not null default now(),
	primary key (hulpvraag_id, account_id)
);

-- "Mijn notities": private to their author.
create table dossier_note (
	id uuid primary key default gen_random_uuid(),
	dossier_id uuid not null references dossier (id) on delete cascade,
	author_id uuid not null references account (id),
	body text not null check (length(body) between 1 and 20000),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create index dossier_note_author on dossier_note (author_id, dossier_id);
