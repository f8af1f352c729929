/**
 * A real SMTP listener for tests (smtp-server), parsing what it receives (mailparser).
 * It can be stopped and started again on the same port to play an SMTP outage.
 */
import { simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	from: string;
	fromName: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	receivedAt: string;
}

export interface SmtpListener {
	port: number;
	url: string;
	messages: ReceivedMail[];
	stop(): Promise<void>;
	start(): Promise<void>;
}

export async function startSmtp(
	onMessage?: (mail: ReceivedMail) => void,
	port = 0
): Promise<SmtpListener> {
	const messages: ReceivedMail[] = [];
	let server: SMTPServer | undefined;
	let boundPort = port;

	function create(): SMTPServer {
		return new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData(stream, _session, callback) {
				simpleParser(stream)
					.then((parsed) => {
						const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
						const mail: ReceivedMail = {
							from: parsed.from?.value[0]?.address ?? '',
							fromName: parsed.from?.value[0]?.name ?? '',
							to: to?.value[0]?.address ?? '',
							subject: parsed.subject ?? '',
							text: parsed.text ?? '',
							html: typeof parsed.html === 'string' ? parsed.html : '',
							receivedAt: new Date().toISOString()
						};
						messages.push(mail);
						onMessage?.(mail);
						callback();
					})
					.catch((error: Error) => callback(error));
			}
		});
	}

	async function start() {
		server = create();
		await new Promise<void>((resolve, reject) => {
			server!.once('error', reject);
			server!.listen(boundPort, '127.0.0.1', () => resolve());
		});
		boundPort = (server.server.address() as AddressInfo).port;
	}

	await start();
	return {
		get port() {
			return boundPort;
		},
		get url() {
			return `smtp://127.0.0.1:${boundPort}`;
		},
		messages,
		start,
		stop: () =>
			new Promise<void>((resolve) => {
				if (!server) return resolve();
				server.close(() => resolve());
				server = undefined;
			})
	};
}
