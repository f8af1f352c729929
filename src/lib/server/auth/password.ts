/**
 * Password hashing: argon2id with OWASP ASVS 5 appendix C parameters (m=19456 KiB, t=2, p=1).
 */
import { hash as argonHash, verify as argonVerify, type Algorithm } from '@node-rs/argon2';
import * as strength from '../../password-strength';

// Algorithm is a const enum (not importable as a value here); 2 is Argon2id.
const argon2id = 2 as Algorithm;
const options = { algorithm: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hash(password: string): Promise<string> {
	return argonHash(password, options);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies; for an unknown or unusable account pass `null`: a dummy hash is verified so the
 * answer takes as long as for a real account (no username probing by timing).
 */
export async function verify(storedHash: string | null, password: string): Promise<boolean> {
	if (!storedHash) {
		dummy ??= hash('kindkring-dummy-password-for-timing');
		await argonVerify(await dummy, password).catch(() => false);
		return false;
	}
	try {
		return await argonVerify(storedHash, password);
	} catch {
		return false;
	}
}

export interface PasswordProblem {
	field: 'password' | 'passwordRepeat';
	message: string;
}

/** The rules for a new password, with Dutch messages for the form. */
export async function validateNew(
	password: string,
	repeat: string,
	context: string[]
): Promise<PasswordProblem | null> {
	const result = await strength.check(password, context);
	if (!result.ok) {
		const hint = result.suggestions[0] ? ` ${result.suggestions[0]}` : '';
		return { field: 'password', message: result.message + hint };
	}
	if (password !== repeat) {
		return { field: 'passwordRepeat', message: 'De twee wachtwoorden zijn niet gelijk.' };
	}
	return null;
}
