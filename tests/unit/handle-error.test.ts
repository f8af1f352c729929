import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { handleError } from '../../src/hooks.server';

const event = { locals: { requestId: 'req-123' }, route: { id: '/x' } } as unknown as RequestEvent;

describe('handleError', () => {
	it('answers with a Dutch message and the request id, never the error itself', async () => {
		const error = Object.assign(new Error('duplicate key value (email)=(ouder@example.nl)'), {
			code: '23505',
			detail: 'Key (email)=(ouder@example.nl) already exists.'
		});
		const result = await handleError({ error, event, status: 500, message: 'Internal Error' });
		expect(result).toEqual({
			message: 'Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw.',
			requestId: 'req-123'
		});
		expect(JSON.stringify(result)).not.toContain('example.nl');
	});

	it('says "niet gevonden" for a 404', async () => {
		const result = await handleError({
			error: new Error('Not found: /x'),
			event,
			status: 404,
			message: 'Not Found'
		});
		expect(result).toMatchObject({ message: 'Pagina niet gevonden' });
	});

	it('tells the user a body past the server limit is too large, not that the server failed', async () => {
		const error = Object.assign(
			new Error('request body size exceeded BODY_SIZE_LIMIT of 11534336'),
			{
				status: 413
			}
		);
		const result = await handleError({ error, event, status: 413, message: 'Payload Too Large' });
		expect(result?.message).toMatch(/groter dan de server in één keer aanneemt/);
		expect(result?.message).not.toMatch(/aan onze kant/);
	});

	it('answers a wrong content type in words', async () => {
		const result = await handleError({
			error: new Error('Content-Type was not one of …'),
			event,
			status: 415,
			message: 'Unsupported Media Type'
		});
		expect(result?.message).toMatch(/alleen een ingevuld formulier/);
	});
});
