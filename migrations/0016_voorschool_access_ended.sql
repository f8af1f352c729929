-- The moment a voorschoolse contactpersoon's access to a hulpvraag ended: the first status
-- change into a status that ends that access ("advies afgerond" in the Jonge Kind process).
-- Stored once, kept by a trigger on status_change so that no writer (the domain, the demo,
-- an import) can forget it, and read by the policy's facts, the lists, the pre-school's
-- "access ended" notice and the status mail. A beheerder who later changes which status
-- ends the access does not reopen or end access retroactively: the moment stays what it was.
alter table hulpvraag add column voorschool_access_ended_at timestamptz;

-- One statement at a time (a bulk insert of history runs it once, not per row).
create function status_change_ends_voorschool_access() returns trigger
language plpgsql as $$
begin
	update hulpvraag h set voorschool_access_ended_at = least(h.voorschool_access_ended_at, x.ended_at)
	from (
		select n.hulpvraag_id, min(n.changed_at) as ended_at
		from new_rows n join process_status s on s.id = n.to_status_id
		where s.ends_voorschool_access
		group by n.hulpvraag_id
	) x
	where h.id = x.hulpvraag_id
		and (h.voorschool_access_ended_at is null or h.voorschool_access_ended_at > x.ended_at);
	return null;
end $$;

create trigger status_change_ends_voorschool_access after insert on status_change
	referencing new table as new_rows
	for each statement execute function status_change_ends_voorschool_access();

update hulpvraag h set voorschool_access_ended_at = x.ended_at
from (
	select c.hulpvraag_id, min(c.changed_at) as ended_at
	from status_change c join process_status s on s.id = c.to_status_id
	where s.ends_voorschool_access
	group by c.hulpvraag_id
) x
where x.hulpvraag_id = h.id;
