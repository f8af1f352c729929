/**
 * The authenticator page's shared state: the opened vault, its entries and what every part
 * of the page announces. Each part (unlock, codes, adding, security, backup) gets this one
 * object and changes the vault only through it, so the page shows one truth.
 */
import { accountKey, OtpInputError, type TotpParams } from './otp';
import { BackupError } from './backup';
import { Vault, type Entry } from './vault';

export type Status = 'loading' | 'unsupported' | 'locked' | 'ready';

/** A message for the user: ours in Dutch as they are, anything unexpected in general terms. */
export function errorText(error: unknown): string {
	if (error instanceof OtpInputError || error instanceof BackupError) return error.message;
	return 'Er ging iets mis. Probeer het opnieuw.';
}

/**
 * What one settings form (PIN, device unlock, backup) last said: that it worked (`message`)
 * or what went wrong (`error`).
 */
export class FormOutcome {
	message = $state('');
	error = $state('');

	/** A new try: the last message and error go. */
	clear(): void {
		this.message = '';
		this.error = '';
	}
}

export class AuthenticatorSession {
	vault: Vault | null = null;
	status: Status = $state('loading');
	entries: Entry[] = $state([]);
	hasPin = $state(false);
	hasDeviceUnlock = $state(false);
	/** Whether this device offers a platform authenticator with PRF (device unlock). */
	deviceSupported = $state(false);
	/** Live announcements (copy confirmation, expiring copied code): one polite region. */
	announcement = $state('');
	/** The entry whose code was copied last, and in which time step. */
	copiedId: string | null = $state(null);
	copiedStep = 0;
	/** A long operation (PBKDF2, backup) is running: its buttons wait. */
	busy = $state(false);
	/** An entry from a link or QR code, waiting for the user to confirm it. */
	pending: TotpParams | null = $state(null);
	addError = $state('');
	addMessage = $state('');

	/** Entries grouped by account (issuer + label): a group of two or more is a duplicate. */
	readonly groups = $derived.by(() => {
		const byAccount: Record<string, Entry[]> = {};
		for (const e of this.entries) (byAccount[accountKey(e)] ??= []).push(e);
		return Object.values(byAccount).map((g) => g.sort((a, b) => b.addedAt - a.addedAt));
	});

	async open(): Promise<void> {
		if (!Vault.supported()) {
			this.status = 'unsupported';
			return;
		}
		try {
			this.vault = await Vault.open();
			await this.refresh();
		} catch {
			this.status = 'unsupported';
		}
	}

	/** Reads the vault again after any change. */
	async refresh(): Promise<void> {
		const vault = this.vault;
		if (!vault) return;
		this.hasPin = vault.hasPin;
		this.hasDeviceUnlock = vault.deviceUnlockCredential !== null;
		if (vault.locked) {
			this.status = 'locked';
			this.entries = [];
			return;
		}
		this.entries = await vault.list();
		this.status = 'ready';
	}

	async add(params: TotpParams, addedAt?: number): Promise<boolean> {
		if (!this.vault) return false;
		const { added } = await this.vault.add(params, addedAt);
		return added;
	}

	/** Adds and says what happened (also when the entry was there already). */
	async addAndSay(params: TotpParams): Promise<void> {
		const added = await this.add(params);
		const name = params.label || params.issuer;
		this.addMessage = added
			? `"${name}" is toegevoegd.`
			: `"${name}" stond er al; er is niets dubbel toegevoegd.`;
		await this.refresh();
	}

	async remove(id: string, message: string): Promise<void> {
		if (!this.vault) return;
		await this.vault.remove(id);
		this.announcement = message;
		await this.refresh();
	}

	/**
	 * A form's long operation, with the buttons waiting meanwhile: `work` returns what
	 * worked; what it throws shows through `failed`.
	 */
	async run(
		outcome: FormOutcome,
		work: () => Promise<string>,
		failed: (error: unknown) => string = errorText
	): Promise<void> {
		this.busy = true;
		try {
			outcome.message = await work();
		} catch (error) {
			outcome.error = failed(error);
		} finally {
			this.busy = false;
		}
	}

	lockNow(): void {
		this.vault?.lockNow();
		this.copiedId = null;
		void this.refresh();
	}

	close(): void {
		this.vault?.close();
	}
}
