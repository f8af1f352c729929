-- The aanvrager of a hulpvraag as an account that can be handed over, what a former school
-- keeps of a child that left, and mail that stops when an account is deactivated.

-- The aanvrager (hulpvraag.aanvrager_id, since 0005) is who gets the status mails. Rows
-- without one get their creator: the account of the change that made the hulpvraag. A
-- hulpvraag that arrived through OSO from a school without an account here keeps none.
update hulpvraag h set aanvrager_id = c.changed_by
from status_change c
where h.aanvrager_id is null and c.hulpvraag_id = h.id and c.from_status_id is null
	and c.changed_by is not null;

-- A personeelswissel hands all open hulpvragen of a school from one aanvrager to another.
create index hulpvraag_school_aanvrager on hulpvraag (school_id, aanvrager_id)
	where aanvrager_id is not null;

-- The school a bijlage was added for: the hulpvraag's school, when whoever added it worked
-- there (IB'er or directeur) at that moment; null when the SWV, a pre-school or a beheerder
-- added it. After the child has left the school, that school still sees the bijlagen it
-- added itself, and no others. Stored, not derived from account_school, so a colleague who
-- leaves the school later does not take the school's bijlagen along.
alter table bijlage add column added_by_school_id uuid references school (id);

update bijlage b set added_by_school_id = h.school_id
from hulpvraag h, account a
where h.id = b.hulpvraag_id and a.id = b.added_by and h.school_id is not null
	and a.roles && array['ib', 'directeur']::text[]
	and exists (select 1 from account_school s where s.account_id = a.id and s.school_id = h.school_id);

-- A mail that will not be sent: its account was deactivated before it went out.
alter table outbox add column cancelled_at timestamptz;

drop index outbox_due;
create index outbox_due on outbox (next_attempt_at) where sent_at is null and cancelled_at is null;
