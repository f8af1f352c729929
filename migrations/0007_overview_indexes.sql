-- The Hulpvragen overview at scale (bench/hulpvragen.ts: 1,000,000 hulpvragen, p95 < 50 ms).

-- First pages in "laatst gewijzigd" order for SWV staff and beheerders: walk the
-- organisation's hulpvragen newest first and stop after a page, instead of sorting them all.
-- The id is overview.ts's tie-breaker (`order by h.updated_at desc, h.id`).
create index hulpvraag_org_updated on hulpvraag (organisation_id, updated_at desc, id);

-- The name search looks up the hulpvragen of matching dossiers, titles, schools and
-- coördinatoren through one index each (dossier_id and school_id have theirs); the same
-- indexes serve the title and coördinator filters, index-only for their status counts.
create index hulpvraag_titel_status on hulpvraag (titel_id, status_id);
create index hulpvraag_coordinator_status on hulpvraag (coordinator_id, status_id)
	where coordinator_id is not null;

-- hulpvraag.get counts the bijlagen of one hulpvraag; bijlage_hulpvraag leads with
-- organisation_id, which that query does not give (PostgreSQL before 18 cannot skip it).
create index bijlage_hulpvraag_open on bijlage (hulpvraag_id) where removed_at is null;

-- Counts per status. The overview shows how many hulpvragen each status holds; counting
-- the ~500,000 an SWV user sees takes >100 ms even index-only. These counters, per
-- organisation, status and school, are kept exact by triggers in the same transaction as
-- the change, so the overview sums a few hundred rows instead (overview.ts; it still
-- counts the rows themselves when a search, title, coördinator or the voorschool rule
-- narrows the set). Never written by application code.
create table hulpvraag_status_count (
	organisation_id uuid not null references organisation (id) on delete cascade,
	-- A counter at 0 must not keep a retired status or a school from being deleted.
	status_id uuid not null references process_status (id) on delete cascade,
	school_id uuid references school (id) on delete cascade,
	-- No check (n >= 0): PostgreSQL checks the proposed row of an upsert (a -1) before it
	-- finds the conflict.
	n bigint not null
);

-- One row per (organisation, status, school or none); PostgreSQL 14 has no NULLS NOT DISTINCT.
create unique index hulpvraag_status_count_key on hulpvraag_status_count (
	organisation_id, status_id, coalesce(school_id, '00000000-0000-0000-0000-000000000000'::uuid)
);

-- Adds the net change of each statement that writes hulpvraag. Rows are written in key
-- order, so concurrent statements lock the counters they share in the same order; a
-- statement that changes no status, school or organisation (an edited omschrijving)
-- touches no counter at all. A status change locks its two counters until it commits.
create function hulpvraag_status_count_add(deltas jsonb) returns void
language sql as $$
	insert into hulpvraag_status_count as c (organisation_id, status_id, school_id, n)
	select d.organisation_id, d.status_id, d.school_id, d.n
	from jsonb_to_recordset(deltas) as d (organisation_id uuid, status_id uuid, school_id uuid, n bigint)
	where d.n <> 0
	order by d.organisation_id, d.status_id,
		coalesce(d.school_id, '00000000-0000-0000-0000-000000000000'::uuid)
	on conflict (organisation_id, status_id, coalesce(school_id, '00000000-0000-0000-0000-000000000000'::uuid))
	do update set n = c.n + excluded.n
$$;

-- Transition tables exist only for their own event, hence one query per event.
create function hulpvraag_status_count_trigger() returns trigger
language plpgsql as $$
declare
	deltas jsonb;
begin
	if tg_op = 'INSERT' then
		select jsonb_agg(d) into deltas from (
			select organisation_id, status_id, school_id, count(*) as n from new_rows group by 1, 2, 3
		) d;
	elsif tg_op = 'DELETE' then
		select jsonb_agg(d) into deltas from (
			select organisation_id, status_id, school_id, -count(*) as n from old_rows group by 1, 2, 3
		) d;
	else
		select jsonb_agg(d) into deltas from (
			select organisation_id, status_id, school_id, sum(n) as n
			from (
				select organisation_id, status_id, school_id, 1 as n from new_rows
				union all
				select organisation_id, status_id, school_id, -1 from old_rows
			) x
			group by 1, 2, 3
		) d;
	end if;
	if deltas is not null then
		perform hulpvraag_status_count_add(deltas);
	end if;
	return null;
end
$$;

create trigger hulpvraag_status_count_insert after insert on hulpvraag
	referencing new table as new_rows
	for each statement execute function hulpvraag_status_count_trigger();
create trigger hulpvraag_status_count_update after update on hulpvraag
	referencing old table as old_rows new table as new_rows
	for each statement execute function hulpvraag_status_count_trigger();
create trigger hulpvraag_status_count_delete after delete on hulpvraag
	referencing old table as old_rows
	for each statement execute function hulpvraag_status_count_trigger();

create function hulpvraag_status_count_truncate() returns trigger
language plpgsql as $$
begin
	delete from hulpvraag_status_count;
	return null;
end
$$;

create trigger hulpvraag_status_count_truncate after truncate on hulpvraag
	for each statement execute function hulpvraag_status_count_truncate();

-- Hulpvragen that exist already.
insert into hulpvraag_status_count (organisation_id, status_id, school_id, n)
select organisation_id, status_id, school_id, count(*) from hulpvraag group by 1, 2, 3;
