-- Formulieren: form templates per organisation, versioned; the forms filled on a hulpvraag,
-- saved per section; who was given write access by name; approvals and signatures as events;
-- the statuses that require forms; the automations that attach them.

-- The deskundige (orthopedagoog, psycholoog) gives the SWV's advice in the form
-- Deskundigeadvies: an SWV role of its own.
alter table account drop constraint account_roles_check;
alter table account add constraint account_roles_check check (
	cardinality(roles) > 0 and roles <@ array[
		'ouder', 'ib', 'directeur', 'scp', 'coordinator', 'tlv_admin',
		'jk_specialist', 'deskundige', 'voorschool', 'extern', 'beheerder'
	]::text[]
);

create table form_template (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	name text not null check (length(name) between 1 and 160),
	-- 'advies': the form is the deskundige's advice and shows under Advies.
	purpose text not null default 'formulier' check (purpose in ('formulier', 'advies')),
	description text not null default '' check (length(description) <= 1000),
	active boolean not null default true,
	created_at timestamptz not null default now(),
	unique (organisation_id, name)
);

-- A version is a draft until it is published; a published version never changes (trigger
-- below), and a form keeps the version it was started on. At most one draft per template.
create table form_template_version (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	template_id uuid not null references form_template (id),
	version int not null check (version > 0),
	definition jsonb not null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	updated_by uuid references account (id),
	published_at timestamptz,
	published_by uuid references account (id),
	unique (template_id, version)
);

create unique index form_template_one_draft on form_template_version (template_id)
	where published_at is null;

create function refuse_published_change() returns trigger language plpgsql as $$
begin
	if old.published_at is not null then
		raise exception 'a published form version never changes (%)', old.id
			using errcode = 'check_violation';
	end if;
	return case when tg_op = 'DELETE' then old else new end;
end $$;

create trigger form_template_version_published before update or delete on form_template_version
	for each row execute function refuse_published_change();

-- A form on a hulpvraag: one per template while it is attached.
create table form (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	hulpvraag_id uuid not null references hulpvraag (id) on delete cascade,
	template_id uuid not null references form_template (id),
	template_version_id uuid not null references form_template_version (id),
	attached_by uuid references account (id),
	attached_at timestamptz not null default now(),
	automatic boolean not null default false,
	detached_at timestamptz,
	detached_by uuid references account (id)
);

create unique index form_one_per_template on form (hulpvraag_id, template_id) where detached_at is null;
create index form_hulpvraag on form (organisation_id, hulpvraag_id) where detached_at is null;

-- The answers of one section, with their own version: two writers on different sections
-- never overwrite each other, and a save states the version it saw.
create table form_section (
	form_id uuid not null references form (id) on delete cascade,
	section_key text not null,
	answers jsonb not null default '{}',
	version int not null default 0,
	updated_by uuid references account (id),
	updated_at timestamptz,
	-- Shared with the parents, where the template allows it.
	shared_with_parents boolean not null default false,
	primary key (form_id, section_key)
);

-- An account given write access to a section by name (the directeur on the last questions).
create table form_grant (
	form_id uuid not null references form (id) on delete cascade,
	section_key text not null,
	account_id uuid not null references account (id),
	granted_by uuid references account (id),
	granted_at timestamptz not null default now(),
	primary key (form_id, section_key, account_id)
);

create index form_grant_account on form_grant (account_id);

-- An approval (instemming) or signature (ondertekening): who, when, which template version
-- and a hash of the answers approved. A later change to those answers voids it (voided_at),
-- it is never deleted.
create table form_approval (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	form_id uuid not null references form (id) on delete cascade,
	section_key text not null,
	question_key text not null,
	kind text not null check (kind in ('instemming', 'ondertekening')),
	account_id uuid references account (id),
	-- The name as it appears on the PDF: the account's, or the parent's signing by link.
	signer_name text not null check (length(signer_name) between 1 and 200),
	via text not null check (via in ('account', 'link')),
	template_version_id uuid not null references form_template_version (id),
	answers_hash text not null check (answers_hash ~ '^[0-9a-f]{64}$'),
	approved_at timestamptz not null default now(),
	voided_at timestamptz,
	voided_by uuid references account (id),
	void_reason text
);

create index form_approval_form on form_approval (form_id) where voided_at is null;

-- A one-time signing link for a parent without an account: the link's token and the code
-- mailed with it are stored as hashes; the link works once, until it expires.
create table form_sign_request (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	form_id uuid not null references form (id) on delete cascade,
	section_key text not null,
	question_key text not null,
	email text not null check (position('@' in email) > 1),
	name text not null check (length(name) between 1 and 200),
	token_hash text not null unique,
	code_hash text not null,
	attempts int not null default 0,
	expires_at timestamptz not null,
	used_at timestamptz,
	created_by uuid references account (id),
	created_at timestamptz not null default now()
);

-- A status that may be chosen only when these forms are complete and approved.
create table status_form_requirement (
	organisation_id uuid not null references organisation (id),
	status_id uuid not null references process_status (id),
	template_id uuid not null references form_template (id),
	primary key (status_id, template_id)
);

-- Automations that attach a form: by title when the hulpvraag is made, or when a status is
-- reached (e.g. Besluit when the SWV starts judging).
alter table process_automation add column form_template_id uuid references form_template (id);
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
