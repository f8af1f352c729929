-- Core tables that later migrations extend. Tenancy: every domain row carries
-- organisation_id and every query filters on it (architecture.md § Data).

create table organisation (
	id uuid primary key default gen_random_uuid(),
	-- The SWV's code as the sector knows it, e.g. PO2806.
	code text not null unique check (code ~ '^(PO|VO)[0-9]{4}$'),
	name text not null check (length(name) between 1 and 200),
	-- Shown in authenticator labels ("PPO Rotterdam: jansen"), so short.
	short_name text not null check (length(short_name) between 1 and 40),
	-- How to reach the helpdesk, shown on the blocked-account page and in the 2FA help.
	helpdesk_text text not null default '',
	created_at timestamptz not null default now()
);

create table school (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	-- BRIN (4) + vestiging (2), e.g. 12AB00.
	brin_vestiging text not null check (brin_vestiging ~ '^[0-9]{2}[A-Z]{2}[0-9]{2}$'),
	name text not null check (length(name) between 1 and 200),
	region text not null default '',
	bestuur text not null default '',
	city text not null default '',
	created_at timestamptz not null default now(),
	unique (organisation_id, brin_vestiging)
);

create index school_organisation_name on school (organisation_id, name);

create table account (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	username text not null check (length(username) between 1 and 100 and username = btrim(username)),
	email text not null check (position('@' in email) > 1),
	display_name text not null check (length(display_name) between 1 and 200),
	roles text[] not null check (
		cardinality(roles) > 0 and roles <@ array[
			'ouder', 'ib', 'directeur', 'scp', 'coordinator', 'tlv_admin',
			'jk_specialist', 'voorschool', 'extern', 'beheerder'
		]::text[]
	),
	state text not null default 'pending' check (state in ('pending', 'active', 'blocked', 'deactivated')),
	-- Free text such as the specialism of an extern ("logopedist"); never the child's name.
	function_title text not null default '',
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	last_login_at timestamptz
);

-- Usernames are unique per organisation regardless of case (users fail on case today).
create unique index account_username on account (organisation_id, lower(username));
create index account_email on account (lower(email));

-- Which schools a school user (IB'er, directeur) works for.
create table account_school (
	account_id uuid not null references account (id) on delete cascade,
	school_id uuid not null references school (id) on delete cascade,
	primary key (account_id, school_id)
);

create index account_school_school on account_school (school_id);

create table audit_log (
	id bigint generated always as identity primary key,
	occurred_at timestamptz not null default now(),
	organisation_id uuid references organisation (id),
	account_id uuid references account (id),
	-- e.g. 'login.success', 'dossier.view'; what was touched as type + id, never names.
	action text not null,
	target_type text,
	target_id text,
	-- HMAC of the client address, so abuse can be correlated without storing the address.
	ip_hash text,
	details jsonb not null default '{}'::jsonb
);

create index audit_log_organisation_time on audit_log (organisation_id, occurred_at desc);
create index audit_log_account_time on audit_log (account_id, occurred_at desc);
create index audit_log_target on audit_log (target_type, target_id);
