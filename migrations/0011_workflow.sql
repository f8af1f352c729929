-- What the school must do while a hulpvraag is in a status ("Wat moet u nu doen"), e.g. for
-- dossier incompleet: add the missing information to the same hulpvraag and submit it
-- again. It belongs to the status: the hulpvraag page shows it at the top while the status
-- holds, and the status mail carries it with the reason. It never touches the hulpvraag's
-- omschrijving, which is the school's own text.
alter table process_status
	add column instruction text not null default '' check (length(instruction) <= 4000);

-- The automation "omschrijving bij status" did this by copying a text into an empty
-- omschrijving, where nobody read it once the status had moved on. Its texts become the
-- statuses' instructions, and the omschrijvingen it filled (still exactly its text) are
-- empty again, as the school left them.
update process_status s set instruction = a.text_value
from process_automation a
where a.kind = 'omschrijving_from_status' and a.active and a.status_id = s.id
	and a.organisation_id = s.organisation_id and s.instruction = ''
	and a.text_value is not null;

update hulpvraag h set omschrijving = ''
from process_automation a
where a.kind = 'omschrijving_from_status' and a.organisation_id = h.organisation_id
	and h.omschrijving = a.text_value;

delete from process_automation where kind = 'omschrijving_from_status';

alter table process_automation drop constraint process_automation_kind_check;
alter table process_automation add constraint process_automation_kind_check check (kind in (
	'initial_status_from_titel',
	'coordinator_from_status',
	'status_after_attachment',
	'form_from_titel'
));
