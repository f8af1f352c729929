/**
 * Structured logging (pino). Log ids, routes and codes — never names, e-mail addresses,
 * BSNs, passwords, codes or file contents (architecture.md § Privacy by default).
 */
import pino from 'pino';

export const log = pino({
	level: process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
	base: { app: 'kindkring' },
	timestamp: pino.stdTimeFunctions.isoTime,
	redact: {
		paths: ['password', '*.password', 'email', '*.email', 'token', '*.token'],
		censor: '[weggelaten]'
	}
});

export type Logger = typeof log;
