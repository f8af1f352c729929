-- Periodic jobs (jobs/scheduler.ts) are scheduled by the clock across all nodes: a job is due
-- when next_run_at has passed, and one node at a time holds it (locked_by until
-- lease_until). Whichever node is up claims a due job with one UPDATE whose condition
-- includes a free or expired lease, so each due time runs once; a node that crashed
-- mid-run leaves a lease that expires, after which the job is due again. The row also
-- keeps what beheerders see in Beheer → Taken: the last run, its status, duration and error.
create table scheduled_job (
	name text primary key check (name ~ '^[a-z][a-z0-9-]{1,62}$'),
	interval_seconds integer not null check (interval_seconds > 0),
	next_run_at timestamptz not null,
	last_started_at timestamptz,
	last_finished_at timestamptz,
	last_status text check (last_status in ('ok', 'failed')),
	last_error text check (length(last_error) <= 2000),
	last_duration_ms integer check (last_duration_ms >= 0),
	locked_by text,
	lease_until timestamptz,
	-- A run holds both or neither: a lease without a holder could never be told apart.
	constraint scheduled_job_lease check ((locked_by is null) = (lease_until is null)),
	-- A failure always says what went wrong, a success never carries an old error.
	constraint scheduled_job_error check ((last_status = 'failed') = (last_error is not null))
);
