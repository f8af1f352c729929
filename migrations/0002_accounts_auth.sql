-- Accounts and login: passwords, TOTP authenticators, sessions, lockout, activation and
-- reset links, recovery codes, the mail outbox and per-user preferences.

alter table organisation
	-- Idle sessions end after this many minutes (seed 001: 10 minutes).
	add column idle_timeout_minutes int not null default 10 check (idle_timeout_minutes between 1 and 240),
	-- Closing text of every mail of this organisation.
	add column mail_closing_text text not null default '';

alter table account
	add column password_hash text,
	add column password_changed_at timestamptz,
	-- Consecutive wrong codes after a correct password; 10 block the account.
	add column failed_codes int not null default 0,
	add column blocked_at timestamptz,
	add column deactivated_at timestamptz;

-- TOTP secrets. A pending secret is reused until confirmed, so scanning twice cannot leave a
-- stale entry; a replaced secret is kept (encrypted) so the 2FA help can recognise codes
-- from an old authenticator entry.
create table totp_secret (
	id uuid primary key default gen_random_uuid(),
	account_id uuid not null references account (id) on delete cascade,
	name text not null default 'Authenticator-app' check (length(name) between 1 and 60),
	secret_encrypted text not null,
	state text not null check (state in ('pending', 'active', 'replaced')),
	created_at timestamptz not null default now(),
	confirmed_at timestamptz,
	replaced_at timestamptz,
	-- The last accepted 30-second step: a code is never accepted twice.
	last_used_step bigint
);

create index totp_secret_account on totp_secret (account_id, state);

create table session (
	-- SHA-256 of the token in the cookie; the token itself is never stored.
	id text primary key,
	account_id uuid not null references account (id) on delete cascade,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now(),
	-- Sliding idle expiry and a fixed absolute expiry.
	expires_at timestamptz not null,
	absolute_expires_at timestamptz not null
);

create index session_account on session (account_id);
create index session_expires on session (expires_at);

-- Failed passwords per organisation + lower(username), kept whether or not the account
-- exists, so announcing a wait reveals nothing.
create table login_throttle (
	organisation_id uuid not null references organisation (id) on delete cascade,
	username_key text not null,
	failures int not null default 0,
	locked_until timestamptz,
	updated_at timestamptz not null default now(),
	primary key (organisation_id, username_key)
);

-- Fixed-window counters for per-address and per-account limits (login, reset mails).
create table rate_limit (
	key text primary key,
	window_start timestamptz not null,
	hits int not null
);

-- Activation ("Welkom, nieuwe gebruiker") and password-reset links.
create table auth_token (
	id uuid primary key default gen_random_uuid(),
	account_id uuid not null references account (id) on delete cascade,
	kind text not null check (kind in ('activation', 'reset')),
	token_hash text not null unique,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null,
	used_at timestamptz,
	-- Set when a newer link of the same kind is sent: the old mail then says so.
	superseded_at timestamptz
);

create index auth_token_account on auth_token (account_id, kind, created_at desc);

create table recovery_code (
	id uuid primary key default gen_random_uuid(),
	account_id uuid not null references account (id) on delete cascade,
	code_hash text not null,
	created_at timestamptz not null default now(),
	used_at timestamptz
);

create index recovery_code_account on recovery_code (account_id);

-- Every mail is written here in the transaction of the change that causes it; a sender
-- delivers it with retries, so no mail is lost and none is sent for a rolled-back change.
create table outbox (
	id bigint generated always as identity primary key,
	organisation_id uuid references organisation (id),
	account_id uuid references account (id) on delete set null,
	kind text not null,
	from_name text not null,
	to_address text not null,
	subject text not null,
	text_body text not null,
	html_body text not null,
	created_at timestamptz not null default now(),
	attempts int not null default 0,
	next_attempt_at timestamptz not null default now(),
	last_error text,
	sent_at timestamptz
);

create index outbox_due on outbox (next_attempt_at) where sent_at is null;
create index outbox_account on outbox (account_id, created_at desc);

-- Per-user settings such as remembered list filters.
create table account_preference (
	account_id uuid not null references account (id) on delete cascade,
	key text not null,
	value jsonb not null,
	updated_at timestamptz not null default now(),
	primary key (account_id, key)
);
