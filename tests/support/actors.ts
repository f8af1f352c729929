/** The actor of a demo account by organisation code and username, as a request would make it. */
import { actorFor, type Actor } from '../../src/lib/server/access/actor';
import type { Sql } from '../../src/lib/server/db';

export async function actorOfUser(
	sql: Sql,
	organisationCode: string,
	username: string,
	where: Pick<Actor, 'ipHash' | 'origin'> = { ipHash: null, origin: 'https://kindkring.test' }
): Promise<Actor> {
	const [account] = await sql<
		{ id: string; organisationId: string; roles: string[]; email: string }[]
	>`
		select a.id, a.organisation_id, a.roles, a.email
		from account a join organisation o on o.id = a.organisation_id
		where o.code = ${organisationCode} and a.username = ${username}`;
	if (!account) throw new Error(`No account ${username} in ${organisationCode}`);
	return actorFor(sql, account, where);
}
