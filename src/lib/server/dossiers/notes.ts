/** "Mijn notities": private to their author, on a dossier the author may see. */
import { authorize } from '../access/authorize';
import type { Actor } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import { Invalid } from './dossier-input';
import { dossierFacts } from './facts';

type Db = Sql | TransactionSql;

export interface Note {
	id: string;
	body: string;
	createdAt: Date;
	updatedAt: Date;
}

/** Only the actor's own notes: nobody else's exist for them. */
export async function notes(sql: Db, actor: Actor, dossierId: string): Promise<Note[]> {
	return sql<Note[]>`
		select n.id, n.body, n.created_at, n.updated_at from dossier_note n
		join dossier d on d.id = n.dossier_id
		where n.dossier_id = ${dossierId} and n.author_id = ${actor.accountId}
			and d.organisation_id = ${actor.organisationId}
		order by n.created_at desc`;
}

export async function addNote(
	sql: Db,
	actor: Actor,
	dossierId: string,
	body: string
): Promise<string> {
	authorize(actor, 'add-note', await dossierFacts(sql, actor.organisationId, dossierId));
	const [row] = await sql<{ id: string }[]>`
		insert into dossier_note (dossier_id, author_id, body)
		select d.id, ${actor.accountId}, ${body} from dossier d
		where d.id = ${dossierId} and d.organisation_id = ${actor.organisationId}
		returning id`;
	if (!row) throw new Invalid({ body: 'Dit dossier bestaat niet.' });
	return row.id;
}

export async function deleteNote(sql: Db, actor: Actor, noteId: string): Promise<boolean> {
	const deleted = await sql`
		delete from dossier_note where id = ${noteId} and author_id = ${actor.accountId}`;
	return deleted.count > 0;
}
