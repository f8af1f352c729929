import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
	accountKey,
	generate,
	groupCode,
	normaliseSecret,
	parseUri,
	secondsLeft,
	toUri,
	validateParams
} from '../../src/lib/client/authenticator/otp';
import * as serverTotp from '../../src/lib/server/auth/totp';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('otpauth links', () => {
	it('reads a Kindkring activation link', () => {
		const uri = serverTotp.uri(secret, serverTotp.label('PPO Rotterdam', 'lotte.vandam'));
		expect(parseUri(uri)).toEqual({
			issuer: 'Kindkring',
			label: 'PPO Rotterdam: lotte.vandam',
			secret,
			algorithm: 'SHA1',
			digits: 6,
			period: 30
		});
	});

	it('takes the issuer from the label prefix when the parameter is missing', () => {
		const p = parseUri(`otpauth://totp/Example%20Co:alice%40example.com?secret=${secret}`);
		expect(p).toMatchObject({ issuer: 'Example Co', label: 'alice@example.com' });
	});

	it('reads algorithm, digits and period', () => {
		const p = parseUri(
			`otpauth://totp/x?secret=${secret.toLowerCase()}&algorithm=sha512&digits=8&period=60`
		);
		expect(p).toMatchObject({ algorithm: 'SHA512', digits: 8, period: 60, secret });
	});

	it.each([
		['otpauth://hotp/x?secret=' + secret + '&counter=1', /HOTP/],
		['https://example.com/?secret=' + secret, /geen otpauth-link/],
		['niet eens een link', /geen geldige otpauth-link/],
		['otpauth://totp/x', /geen geheime sleutel/],
		['otpauth://totp/x?secret=' + secret + '&algorithm=MD5', /MD5.*SHA1, SHA256 en SHA512/],
		['otpauth://totp/x?secret=' + secret + '&digits=5', /6, 7 of 8 cijfers/],
		['otpauth://totp/x?secret=' + secret + '&digits=9', /6, 7 of 8 cijfers/],
		['otpauth://totp/x?secret=' + secret + '&period=0', /tussen 10 en 300/],
		['otpauth://totp/x?secret=' + secret + '&period=abc', /tussen 10 en 300/],
		['otpauth://totp/x?secret=JBSW1', /alleen letters/],
		['otpauth://totp/x?secret=JBSWY3DP', /te kort/]
	])('refuses %s with a Dutch message', (uri, message) => {
		expect(() => parseUri(uri)).toThrow(message);
	});

	it('round-trips through toUri', () => {
		const p = parseUri(`otpauth://totp/ACME:bob?secret=${secret}&issuer=ACME&digits=7`);
		expect(parseUri(toUri(p))).toEqual(p);
	});
});

describe('typed keys', () => {
	it('accepts groups, any case, dashes and padding', () => {
		expect(normaliseSecret('jbsw y3dp ehpk 3pxp')).toBe('JBSWY3DPEHPK3PXP');
		expect(normaliseSecret(' JBSW-y3dp-EHPK-3pxp== ')).toBe('JBSWY3DPEHPK3PXP');
	});

	it('explains 0/1 typos and impossible lengths', () => {
		expect(() => normaliseSecret('JBSW Y3DP EHPK 3PX0')).toThrow(/0 is een O/);
		expect(() => normaliseSecret('JBSWY3DPEHPK3PXPJ')).toThrow(/onmogelijke lengte/);
		expect(() => normaliseSecret('   ')).toThrow(/Vul de geheime sleutel in/);
	});

	it('needs a name', () => {
		expect(() =>
			validateParams({ issuer: ' ', label: '', secret, algorithm: 'SHA1', digits: 6, period: 30 })
		).toThrow(/naam/);
	});
});

describe('codes', () => {
	it('equal the server codes for the same key and time', () => {
		const p = parseUri(serverTotp.uri(secret, 'PPO Rotterdam: x'));
		for (const t of [0, 59_000, 1_700_000_000_000, Date.now()]) {
			expect(generate(p, t)).toBe(serverTotp.generate(secret, t));
		}
	});

	it('follow RFC 6238 for SHA256 and SHA512 with 8 digits', () => {
		// RFC 6238 appendix B test vectors at T = 59 s.
		const ascii = (s: string) => OTPAuth.Secret.fromLatin1(s).base32;
		const base = { issuer: 'RFC', label: 'x', digits: 8, period: 30 };
		expect(
			generate({ ...base, algorithm: 'SHA1', secret: ascii('12345678901234567890') }, 59_000)
		).toBe('94287082');
		expect(
			generate(
				{ ...base, algorithm: 'SHA256', secret: ascii('12345678901234567890123456789012') },
				59_000
			)
		).toBe('46119246');
		expect(
			generate(
				{
					...base,
					algorithm: 'SHA512',
					secret: ascii('1234567890123456789012345678901234567890123456789012345678901234')
				},
				59_000
			)
		).toBe('90693936');
	});

	it('group and count down', () => {
		expect(groupCode('123456')).toBe('123 456');
		expect(groupCode('12345678')).toBe('1234 5678');
		expect(secondsLeft(30, 0)).toBe(30);
		expect(secondsLeft(30, 29_999)).toBe(1);
		expect(secondsLeft(30, 30_000)).toBe(30);
	});

	it('see the same account in different spelling', () => {
		expect(accountKey({ issuer: 'Kindkring', label: 'PPO  Rotterdam: Lotte' })).toBe(
			accountKey({ issuer: ' kindkring', label: 'ppo rotterdam: lotte' })
		);
	});
});
