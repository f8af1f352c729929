-- Overlegrondes (seed 003 "Starten van een overlegronde", seed 004 step 2): a time-boxed
-- sharing round on one hulpvraag with participants who read and react. Two end dates:
-- reactions end before access (inzage) ends, so a late reaction can still be read. Access
-- ends at the end of the day of einddatum_inzage in Europe/Amsterdam.

create table overlegronde (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	hulpvraag_id uuid not null references hulpvraag (id) on delete cascade,
	owner_id uuid not null references account (id),
	onderwerp text not null check (length(onderwerp) between 1 and 200),
	omschrijving text not null default '' check (length(omschrijving) <= 4000),
	einddatum_reacties date not null,
	einddatum_inzage date not null,
	-- Besloten deelname (release 9 April 2021, seed 002): participants do not see each other's names.
	besloten boolean not null default false,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check (einddatum_reacties < einddatum_inzage)
);

create index overlegronde_hulpvraag on overlegronde (organisation_id, hulpvraag_id);
create index overlegronde_owner on overlegronde (organisation_id, owner_id);

-- A removed participant keeps the row (removed_at) so the history stays; adding them again
-- clears removed_at.
create table overlegronde_participant (
	organisation_id uuid not null references organisation (id),
	overlegronde_id uuid not null references overlegronde (id) on delete cascade,
	account_id uuid not null references account (id),
	-- The specialism or function shown to other users; never the child's name (seed 003).
	specialism text not null default '' check (length(specialism) <= 100),
	added_by uuid references account (id),
	added_at timestamptz not null default now(),
	removed_at timestamptz,
	primary key (overlegronde_id, account_id)
);

create index overlegronde_participant_account on overlegronde_participant (organisation_id, account_id);

create table overlegronde_reaction (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	overlegronde_id uuid not null references overlegronde (id) on delete cascade,
	author_id uuid not null references account (id),
	body text not null check (length(body) between 1 and 8000),
	created_at timestamptz not null default now()
);

create index overlegronde_reaction_round on overlegronde_reaction (overlegronde_id, created_at);

-- Reminders sent, one per round, account, kind and the end date it reminded of: a rerun
-- (or a second node) sends none twice, and an extended date earns a new reminder.
create table overlegronde_reminder (
	organisation_id uuid not null references organisation (id),
	overlegronde_id uuid not null references overlegronde (id) on delete cascade,
	account_id uuid not null references account (id),
	kind text not null check (kind in ('reacties', 'inzage')),
	due_date date not null,
	sent_at timestamptz not null default now(),
	primary key (overlegronde_id, account_id, kind, due_date)
);
