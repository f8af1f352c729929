-- Bijlagen of a hulpvraag and what the Hulpvragen overview needs to stay fast at scale.

-- Bijlagen (attachments). The bytes live in the blob store (FILES_DIR), named by SHA-256;
-- a row is written only after its blob is on disk, so a row never points at a
-- half-written file (src/lib/server/files/store.ts); sweep() removes unreferenced blobs.
create table bijlage (
	id uuid primary key default gen_random_uuid(),
	organisation_id uuid not null references organisation (id),
	hulpvraag_id uuid not null references hulpvraag (id),
	sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
	-- domain.md: max 10 MB per bijlage; the store enforces it while streaming.
	size integer not null check (size between 1 and 10485760),
	-- Sniffed from the content, never the browser's claim.
	mime text not null check (length(mime) between 3 and 100),
	-- As uploaded (sanitised: no path, no control characters), for the audit trail.
	original_name text not null check (length(original_name) between 1 and 255),
	-- What users see and download: the extension matches the sniffed type.
	display_name text not null check (length(display_name) between 1 and 255),
	added_by uuid not null references account (id),
	added_at timestamptz not null default now(),
	-- Whether parents see this bijlage (AVG: the organisation decides what it shares).
	parent_visible boolean not null default false,
	-- Soft removal: the blob stays while any row references it, so the audit trail can
	-- still say what was removed; retention deletes rows later.
	removed_at timestamptz,
	removed_by uuid references account (id),
	-- An earlier bijlage of the same hulpvraag that this one replaces (a new version).
	version_of uuid references bijlage (id)
);

create index bijlage_hulpvraag on bijlage (organisation_id, hulpvraag_id) where removed_at is null;
-- sweep() and remove() ask "does any row reference this hash?".
create index bijlage_sha256 on bijlage (sha256);

-- Name search in the overview and the duplicate search ("staat de leerling al in het
-- systeem?"): trigram matching on the whole name, whatever part the user types.
-- pg_trgm is a trusted extension (PostgreSQL 13+), so a database owner may create it.
create extension if not exists pg_trgm;

alter table dossier
	add column search_name text generated always as (
		lower(roepnaam || ' ' || case when tussenvoegsel = '' then '' else tussenvoegsel || ' ' end || achternaam)
	) stored;

create index dossier_search_name on dossier using gin (search_name gin_trgm_ops);
