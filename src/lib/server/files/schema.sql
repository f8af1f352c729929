-- PROPOSAL, not a migration: the lead places this in the next free migrations/ number.
-- Bijlagen (attachments) of a hulpvraag. The bytes live in the blob store (FILES_DIR),
-- named by SHA-256; this row is written only after the blob is on disk, so a row never
-- points at a half-written file (src/lib/server/files/store.ts).
create table bijlage (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	-- FK to hulpvraag (id) is added with the hulpvraag table.
	hulpvraag_id uuid not null,
	sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
	-- domain.md: max 10 MB per bijlage; the store enforces it while streaming.
	size integer not null check (size between 1 and 10485760),
	-- Sniffed from the content, never the browser's claim.
	mime text not null check (length(mime) between 3 and 100),
	-- As uploaded (sanitised: no path, no control characters), for the audit trail.
	original_name text not null check (length(original_name) between 1 and 255),
	-- What users see and download: extension matches the sniffed type.
	display_name text not null check (length(display_name) between 1 and 255),
	added_by uuid not null references account (id),
	added_at timestamptz not null default now(),
	-- Soft removal: the blob stays while any row (removed or not) references it, so the
	-- audit trail can still say what was removed; retention deletes rows later.
	removed_at timestamptz,
	removed_by uuid references account (id),
	-- An earlier bijlage of the same hulpvraag that this one replaces (a new version).
	version_of uuid references bijlage (id)
);

create index bijlage_hulpvraag on bijlage (organisation_id, hulpvraag_id) where removed_at is null;
-- sweep() and remove() ask "does any row reference this hash?".
create index bijlage_sha256 on bijlage (sha256);
