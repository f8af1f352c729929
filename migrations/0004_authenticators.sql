-- Several authenticators per account (issue 4.5) and requests to reset 2FA for someone who
-- lost every authenticator and recovery code (issue 4.6).

-- One pending secret per account: a reload or a second tab shows the same QR code, so
-- scanning twice cannot leave a stale entry in the app (seed 000 §5). Older duplicates, if a
-- database has any, are retired first so the index can be built.
update totp_secret t set state = 'replaced', replaced_at = now()
where t.state = 'pending' and exists (
	select 1 from totp_secret n
	where n.account_id = t.account_id and n.state = 'pending'
		and (n.created_at, n.id) > (t.created_at, t.id)
);
create unique index totp_secret_one_pending on totp_secret (account_id) where state = 'pending';

alter table totp_secret
	-- Adding an authenticator to an active account: the session that proved itself with a
	-- code or a recovery code, and until when it may see and confirm the pending secret. A
	-- session alone (a laptop left unlocked) must not be enough to add a second factor.
	add column setup_session_id text,
	add column setup_until timestamptz;

create table totp_reset_request (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	account_id uuid not null references account (id) on delete cascade,
	-- What the requester wrote; the form asks never to mention the child.
	message text not null default '' check (length(message) <= 1000),
	state text not null default 'open' check (state in ('open', 'approved', 'declined')),
	created_at timestamptz not null default now(),
	decided_at timestamptz,
	decided_by uuid references account (id),
	decline_reason text check (decline_reason is null or length(decline_reason) <= 1000),
	ip_hash text
);

-- At most one open request per account: asking again updates it rather than piling up.
create unique index totp_reset_request_open on totp_reset_request (account_id) where state = 'open';
create index totp_reset_request_queue on totp_reset_request (organisation_id, state, created_at);
