-- Intake from school systems (ParnasSys, Esis, a connector of the OSO hub): a school system
-- sends a hulpvraag with the child's OSO dossier, authenticated by a verificatiecode.

-- A koppeling: one verificatiecode of one school (vestiging). The school makes the code up
-- (it starts with its BRIN and vestiging) and the SWV's beheerder enters it here. A school
-- with several environments of its school system has several. Only a keyed hash is kept.
-- Deleting the code pauses the exchange (paused_at); entering the same code again resumes.
-- Rotation: a new code replacing an old one leaves the old valid until valid_until (a day),
-- so the school can switch over without a moment in which neither works.
create table intake_koppeling (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	school_id uuid not null references school (id) on delete cascade,
	-- Which environment, in the SWV's words ("Esis onderbouw"); may be empty.
	label text not null default '' check (length(label) <= 100),
	code_hash text not null unique,
	-- The first six positions (BRIN + vestiging) and the last two, to tell codes apart.
	code_hint text not null check (length(code_hint) <= 20),
	created_by uuid references account (id),
	created_at timestamptz not null default now(),
	paused_at timestamptz,
	paused_by uuid references account (id),
	valid_until timestamptz,
	replaced_by uuid references intake_koppeling (id) on delete set null,
	last_used_at timestamptz
);

create index intake_koppeling_school on intake_koppeling (organisation_id, school_id);

-- What a school system sent: one row per request of the sending system (its kenmerk), so
-- a resend updates the same hulpvraag instead of making a second one. Never the dossier's
-- content: the child's data lives in the dossier, the documents are bijlagen.
create table intake_aanvraag (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	school_id uuid not null references school (id),
	koppeling_id uuid references intake_koppeling (id) on delete set null,
	kenmerk text not null check (length(kenmerk) between 1 and 200),
	hulpvraag_id uuid not null references hulpvraag (id) on delete cascade,
	-- The title as the school chose it in its system.
	aanvraagtype text not null check (length(aanvraagtype) between 1 and 200),
	-- {naam, email, telefoon, functie} as sent; `telefoonPrive` when the number looks private.
	contactpersoon jsonb not null,
	-- The OSO inzage block: did the parents see the dossier, did they agree, why not.
	inzage jsonb,
	-- Documents refused on arrival: [{bestandsnaam, omschrijving, reden}], newest send.
	geweigerd jsonb not null default '[]',
	-- The system that sent it (the OSO pakketnaam), for the helpdesk.
	pakket text not null default '',
	-- Saved in the school system without sending it (a draft): a voorlopig status until sent.
	concept boolean not null default false,
	sends int not null default 1,
	received_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	unique (organisation_id, school_id, kenmerk)
);

create index intake_aanvraag_hulpvraag on intake_aanvraag (hulpvraag_id);

-- Other spellings of a title that school systems send ("Ambulante begeleiding (AB)"), per
-- organisation, matched without regard to case, spaces or dashes.
create table hulpvraag_titel_alias (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	titel_id uuid not null references hulpvraag_titel (id) on delete cascade,
	-- Stored normalised: lower case, one space, no dashes or brackets around words.
	alias text not null check (length(alias) between 1 and 200),
	created_at timestamptz not null default now(),
	unique (organisation_id, alias)
);

-- The title a hulpvraag gets when a school system sends a type that matches no title and
-- no alias: "Titel onbekend". Never chosen by hand (inactive); its hulpvragen are the review
-- queue, where SWV staff choose the real title, which then runs that title's automations.
alter table hulpvraag_titel add column review boolean not null default false;
create unique index hulpvraag_titel_review on hulpvraag_titel (organisation_id) where review;

-- The child's address is secret (OSO adresgeheim, or set by hand): shown to the SWV staff who
-- work on the child's hulpvragen, never to the school, parents or third parties.
alter table dossier add column adres_geheim boolean not null default false;

-- The parents or carers as a school system sends them. Their e-mail address is in
-- dossier_parent_email (it gives the parent access); a secret one is never received.
create table dossier_verzorger (
	id uuid primary key default gen_random_uuid(),
	dossier_id uuid not null references dossier (id) on delete cascade,
	naam text not null check (length(naam) between 1 and 200),
	-- OSO codelijst 41 as sent: 1 vader, 2 moeder, …; empty when not sent.
	relatie text not null default '',
	wettig_vertegenwoordiger boolean,
	telefoon text not null default '',
	adres jsonb,
	adres_geheim boolean not null default false,
	position int not null default 0,
	updated_at timestamptz not null default now()
);

create index dossier_verzorger_dossier on dossier_verzorger (dossier_id, position);

-- OPP, TLV and arrangementen as the school's system last sent them: the OSO
-- onderwijsondersteuning block without its documents (those are bijlagen).
alter table dossier add column oso_ondersteuning jsonb;
