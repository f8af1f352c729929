/** Direct access to the e2e database, for setting up and checking what the browser cannot see. */
import postgres from 'postgres';
import { readState } from './state';

let client: postgres.Sql | undefined;

export function db(): postgres.Sql {
	client ??= postgres(readState().databaseUrl, {
		max: 2,
		onnotice: () => undefined,
		transform: postgres.camel
	});
	return client;
}
