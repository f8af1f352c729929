-- Kengetallen at scale (bench/kengetallen.ts: 1,000,000 hulpvragen). The doorlooptijd and
-- the time per status are read from the status history; looking up every hulpvraag's first
-- final status and every stay's next change at read time takes seconds. So both ends are
-- kept when the history is written, by a trigger in the same statement, and the figures
-- read columns through indexes that hold what they count.

-- When the hulpvraag first reached a final status: the end of its doorlooptijd. Kept when
-- it is reopened and finished again (the first time counts).
alter table hulpvraag add column afgerond_at timestamptz;

-- When the hulpvraag left the status this change put it in (the next change): the end of
-- that stay. Null while it is still in that status.
alter table status_change add column left_at timestamptz;

-- Per statement (a change, or many at once in an import): the stays the new changes end
-- and the hulpvragen they finish. Never written by application code.
create function kengetallen_status_change() returns trigger
language plpgsql as $$
begin
	update status_change c set left_at = x.next_at
	from (
		select p.id, lead(p.changed_at) over (partition by p.hulpvraag_id order by p.changed_at, p.id) as next_at
		from status_change p
		where p.hulpvraag_id in (select distinct hulpvraag_id from new_rows)
	) x
	where c.id = x.id and x.next_at is not null and c.left_at is distinct from x.next_at;
	update hulpvraag h set afgerond_at = f.first_at
	from (
		select n.hulpvraag_id, min(n.changed_at) as first_at
		from new_rows n join process_status s on s.id = n.to_status_id and s.final
		group by n.hulpvraag_id
	) f
	where h.id = f.hulpvraag_id and (h.afgerond_at is null or h.afgerond_at > f.first_at);
	return null;
end
$$;

create trigger status_change_kengetallen after insert on status_change
	referencing new table as new_rows
	for each statement execute function kengetallen_status_change();

-- The history that exists already.
update status_change c set left_at = x.next_at
from (
	select id, lead(changed_at) over (partition by hulpvraag_id order by changed_at, id) as next_at
	from status_change
) x
where c.id = x.id and x.next_at is not null;

update hulpvraag h set afgerond_at = f.first_at
from (
	select c.hulpvraag_id, min(c.changed_at) as first_at
	from status_change c join process_status s on s.id = c.to_status_id and s.final
	group by c.hulpvraag_id
) f
where h.id = f.hulpvraag_id;

-- The counts and the doorlooptijd over a period of the organisation's hulpvragen, read from
-- the index alone: every column they group, filter or join on is in it (the id: to look up
-- its intake and its stays).
create index hulpvraag_kengetallen on hulpvraag (organisation_id, datum)
	include (id, status_id, titel_id, school_id, created_at, afgerond_at);

-- The stays that have ended, by hulpvraag: the time per status without the table itself.
create index status_change_stay on status_change (hulpvraag_id)
	include (organisation_id, to_status_id, changed_at, left_at) where left_at is not null;
