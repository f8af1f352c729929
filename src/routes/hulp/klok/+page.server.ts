import * as totp from '$lib/server/auth/totp';
import type { PageServerLoad } from './$types';

// The phone's clock is the one that matters: a desktop shows a QR code that opens this
// same check on the phone.
export const load: PageServerLoad = async ({ url }) => ({
	phoneQr: await totp.qrDataUrl(`${url.origin}/hulp/klok`)
});
