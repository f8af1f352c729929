import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, url }) => {
	// Reading url makes this run on every navigation, so the idle warning's clock restarts.
	void url.pathname;
	const account = locals.account;
	return {
		account: account
			? {
					displayName: account.displayName,
					username: account.username,
					organisationName: account.organisationName,
					roles: account.roles
				}
			: null,
		sessionExpiresAt: locals.session?.expiresAt.toISOString() ?? null,
		idleTimeoutMinutes: locals.session?.idleTimeoutMinutes ?? null
	};
};
