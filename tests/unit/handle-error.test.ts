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
});
