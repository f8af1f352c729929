/** The screens of the login help wizard (/hulp/inloggen?stap=…), one question each. */
export const steps = [
	'start',
	'mail',
	'geblokkeerd',
	'code',
	'welke-regel',
	'meerdere-regels',
	'andere-telefoon',
	'klok',
	'nieuwe-telefoon',
	'kwijt',
	'wachtwoord',
	'gebruikersnaam',
	'activeren'
] as const;

export type Step = (typeof steps)[number];
