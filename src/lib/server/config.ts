/**
 * Environment configuration, read in one place. Server-only.
 *
 * Production means the built app (`node build`) or NODE_ENV=production; there the
 * required settings must be present and start-up refuses to continue otherwise.
 */
import path from 'node:path';

export const projectRoot = process.cwd();
export const dataDir = path.resolve(
	process.env.KINDKRING_DATA_DIR ?? path.join(projectRoot, '.data')
);

/**
 * Where attachments (bijlagen) live, one file per SHA-256 under `<aa>/<bb>/<sha256>`.
 * Outside the database on purpose: backups of the two are separate, and a 10 MB PDF
 * does not belong in WAL. Must be on one file system (temp files are renamed into place).
 */
export const filesDir = path.resolve(process.env.FILES_DIR ?? path.join(dataDir, 'files'));

let production = process.env.NODE_ENV === 'production';

/** Called by the app's server init: a built app is production whatever NODE_ENV says. */
export function setProduction(value: boolean): void {
	production = value;
}

export function isProduction(): boolean {
	return production;
}

export interface RequiredSetting {
	name: string;
	why: string;
}

/** Settings production cannot run without; later features add theirs here. */
export const requiredInProduction: RequiredSetting[] = [
	{
		name: 'DATABASE_URL',
		why: 'de PostgreSQL-server (de ingebouwde database is alleen voor ontwikkeling)'
	},
	{ name: 'ORIGIN', why: 'het publieke adres, bijvoorbeeld https://kindkring.example.nl' },
	{
		name: 'APP_ENCRYPTION_KEY',
		why: '32 willekeurige bytes in base64 voor het versleutelen van geheimen (openssl rand -base64 32)'
	},
	{
		name: 'SMTP_URL',
		why: 'de mailserver, bijvoorbeeld smtps://gebruiker:wachtwoord@smtp.example.nl:465 (zonder mail kan niemand een account activeren)'
	}
];

/** The sender address of every mail; the organisation's name is the display name. */
export function mailFrom(): string {
	if (process.env.MAIL_FROM) return process.env.MAIL_FROM;
	const origin = process.env.ORIGIN;
	const host = origin ? new URL(origin).hostname : 'localhost';
	return `no-reply@${host}`;
}

export function missingProductionSettings(env: NodeJS.ProcessEnv = process.env): RequiredSetting[] {
	return requiredInProduction.filter((s) => !env[s.name] || env[s.name]!.trim() === '');
}

export function envInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number.parseInt(raw, 10);
	if (!Number.isFinite(value)) throw new Error(`${name} must be a whole number, got "${raw}"`);
	return value;
}
