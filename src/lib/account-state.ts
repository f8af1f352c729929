/** Account states and their Dutch names; shared by the server and the badge in the browser. */
export const accountStates = ['pending', 'active', 'blocked', 'deactivated'] as const;
export type AccountState = (typeof accountStates)[number];

export const stateLabels: Record<AccountState, string> = {
	pending: 'Nog niet geactiveerd',
	active: 'Actief',
	blocked: 'Geblokkeerd',
	deactivated: 'Gedeactiveerd'
};

export function isAccountState(value: string): value is AccountState {
	return (accountStates as readonly string[]).includes(value);
}
