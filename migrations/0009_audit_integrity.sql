-- The audit log is append-only and tamper-evident.
--
-- 1. Append-only: statement triggers refuse UPDATE, DELETE and TRUNCATE of audit_log and
--    audit_chain for every role, the owner included. With one database role this is the
--    protection; with two roles (DATABASE_OWNER_URL) the serving role also lacks the
--    privileges (grant_serving_role below).
-- 2. Hash chain: every committed audit row gets an entry in audit_chain: its position, its
--    id and sha256(previous hash, the row's canonical text). A deferred constraint trigger
--    appends at commit, after the advisory lock that serialises appends from every app
--    node, so the chain follows commit order and the lock is held only from the commit's
--    start to its end (taking it at the insert would queue every audit-writing transaction
--    behind the slowest one and invite deadlocks). Every insert path is chained, also SQL
--    that bypasses audit.record. `npm run audit:verify` recomputes the chain.
-- 3. Denied views are collapsed per account, action and target and minute in audit_denial
--    (a mutable counter table) so audit_log itself never needs an UPDATE.

create function refuse_change() returns trigger language plpgsql as $$
begin
	raise exception '% is append-only: % is refused', tg_table_name, tg_op
		using errcode = 'insufficient_privilege',
			hint = 'Audit rows are never changed or removed; add a new row instead.';
end $$;

create trigger audit_log_append_only before update or delete or truncate on audit_log
	for each statement execute function refuse_change();

create table audit_chain (
	-- 1, 2, 3, … without gaps: a removed entry shows as a gap.
	seq bigint primary key,
	-- No foreign key: when an audit row is removed, its chain entry must stay to show it.
	audit_id bigint not null unique,
	-- Lower-case hex SHA-256, see audit_hash.
	hash text not null
);

create trigger audit_chain_append_only before update or delete or truncate on audit_chain
	for each statement execute function refuse_change();

-- One field of the canonical text: '~' for NULL, else the UTF-8 byte length, ':', the text.
create function audit_field(value text) returns text language sql stable as $$
	select case when value is null then '~'
		else octet_length(convert_to(value, 'UTF8'))::text || ':' || value end
$$;

-- The canonical text of an audit row (version 1). Keep it equal to canonical() in
-- src/lib/server/audit-chain.ts, which documents it.
create function audit_canonical(r audit_log) returns text language sql stable as $$
	select 'kindkring-audit-v1'
		|| audit_field(r.id::text)
		|| audit_field(to_char(r.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
		|| audit_field(r.organisation_id::text)
		|| audit_field(r.account_id::text)
		|| audit_field(r.action)
		|| audit_field(r.target_type)
		|| audit_field(r.target_id)
		|| audit_field(r.ip_hash)
		|| audit_field(r.details::text)
$$;

create function audit_hash(previous text, r audit_log) returns text language sql stable as $$
	select encode(sha256(convert_to(previous || E'\n' || audit_canonical(r), 'UTF8')), 'hex')
$$;

-- Runs as the owner (security definer): the serving role may only read audit_chain.
create function audit_chain_append() returns trigger language plpgsql security definer as $$
declare
	last audit_chain%rowtype;
begin
	-- The same key on every node; released at commit, right after this.
	perform pg_advisory_xact_lock(7061640219420602);
	select * into last from audit_chain order by seq desc limit 1;
	insert into audit_chain (seq, audit_id, hash)
	values (coalesce(last.seq, 0) + 1, new.id, audit_hash(coalesce(last.hash, repeat('0', 64)), new));
	return null;
end $$;

-- A security definer function resolves names in the tables' schema only, never in a
-- schema (or temporary table) the caller could create.
do $$
begin
	execute format('alter function audit_chain_append() set search_path = %I, pg_temp', current_schema());
	execute format('alter function audit_hash(text, audit_log) set search_path = %I, pg_temp', current_schema());
	execute format('alter function audit_canonical(audit_log) set search_path = %I, pg_temp', current_schema());
	execute format('alter function audit_field(text) set search_path = %I, pg_temp', current_schema());
end $$;

create constraint trigger audit_log_chain after insert on audit_log
	deferrable initially deferred
	for each row execute function audit_chain_append();

-- Rows from before this migration, in the order they were written.
do $$
declare
	r audit_log;
	previous text := repeat('0', 64);
	position bigint := 0;
begin
	for r in select * from audit_log order by id loop
		position := position + 1;
		previous := audit_hash(previous, r);
		insert into audit_chain (seq, audit_id, hash) values (position, r.id, previous);
	end loop;
end $$;

-- Denied views per account, action and target: the first denial of a window is an audit row
-- at once; later ones within the minute only count here, and when the window has closed one
-- audit row records how many there were (audit.ts).
create table audit_denial (
	account_id uuid not null references account (id) on delete cascade,
	action text not null,
	target_type text not null,
	target_id text not null,
	organisation_id uuid not null references organisation (id) on delete cascade,
	ip_hash text,
	details jsonb not null default '{}'::jsonb,
	-- The audit row of the window's first denial.
	first_audit_id bigint,
	opened_at timestamptz not null,
	last_at timestamptz not null,
	repeats integer not null default 0,
	primary key (account_id, action, target_type, target_id)
);

create index audit_denial_opened on audit_denial (opened_at);

-- What the serving role may do where it is not "select, insert, update, delete".
create table serving_role_access (
	table_name text primary key,
	privileges text[] not null
);

insert into serving_role_access (table_name, privileges) values
	('audit_log', '{SELECT,INSERT}'),
	('audit_chain', '{SELECT}'),
	('schema_migrations', '{SELECT}'),
	('serving_role_access', '{SELECT}');

-- Gives the serving role exactly its privileges on every table of this schema: those in
-- serving_role_access, else SELECT, INSERT, UPDATE and DELETE; never TRUNCATE, REFERENCES
-- or TRIGGER. Run by the migration runner after every run (so tables added later are
-- covered and drift is put back); changes only what differs.
create function grant_serving_role(serving name) returns void language plpgsql as $$
declare
	t record;
	wanted text[];
	present text[];
	owned text;
begin
	if serving = current_user then
		return;
	end if;
	select c.relname into owned from pg_class c
	where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
		and pg_get_userbyid(c.relowner) = serving
	limit 1;
	if owned is not null then
		raise exception 'role % owns table %, so it could change the audit log', serving, owned
			using errcode = 'insufficient_privilege',
				hint = format('As a superuser: REASSIGN OWNED BY %I TO %I;', serving, current_user);
	end if;
	execute format('grant usage on schema %I to %I', current_schema(), serving);
	for t in
		select c.oid, c.relname, c.relacl from pg_class c
		where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
	loop
		wanted := coalesce(
			(select a.privileges from serving_role_access a where a.table_name = t.relname),
			'{SELECT,INSERT,UPDATE,DELETE}');
		select coalesce(array_agg(x.privilege_type::text order by x.privilege_type), '{}') into present
		from aclexplode(coalesce(t.relacl, acldefault('r', (select relowner from pg_class where oid = t.oid)))) x
		where x.grantee = (select oid from pg_roles where rolname = serving);
		if present is distinct from (select array_agg(p order by p) from unnest(wanted) p) then
			execute format('revoke all on table %I from %I', t.relname, serving);
			execute format('grant %s on table %I to %I', array_to_string(wanted, ', '), t.relname, serving);
		end if;
	end loop;
	execute format('grant usage on all sequences in schema %I to %I', current_schema(), serving);
end $$;
