/**
 * Small proxies for tests that need to change the world between the browser, the app and
 * the database: cut the database connection, or serve a "new deployment" of a file.
 */
import http from 'node:http';
import net from 'node:net';

export interface TcpProxy {
	port: number;
	/** Drops every connection and refuses new ones, as if the server went away. */
	cut(): void;
	restore(): void;
	/** Holds every packet this long in both directions (0: none), as a slow network would. */
	delay(ms: number): void;
	close(): Promise<void>;
}

export async function tcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
	let up = true;
	let latency = 0;
	const sockets = new Set<net.Socket>();
	const forward = (from: net.Socket, to: net.Socket) => {
		from.on('data', (chunk: Buffer) => {
			if (latency === 0) to.write(chunk);
			else setTimeout(() => to.destroyed || to.write(chunk), latency);
		});
	};
	const server = net.createServer((client) => {
		if (!up) {
			client.destroy();
			return;
		}
		const upstream = net.connect(targetPort, targetHost);
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => undefined);
		}
		forward(client, upstream);
		forward(upstream, client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		cut() {
			up = false;
			for (const s of sockets) s.destroy();
		},
		restore() {
			up = true;
		},
		delay(ms) {
			latency = ms;
		},
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}

export interface HttpProxy {
	url: string;
	close(): Promise<void>;
}

/** Forwards to `target`; `rewrite` may replace the body of a path's response. */
export async function httpProxy(
	target: string,
	rewrite: (path: string, body: Buffer) => Buffer | undefined
): Promise<HttpProxy> {
	const upstream = new URL(target);
	const server = http.createServer((req, res) => {
		const headers = { ...req.headers, host: upstream.host, 'accept-encoding': 'identity' };
		const forward = http.request(
			{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
			(answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (c: Buffer) => chunks.push(c));
				answer.on('end', () => {
					const original = Buffer.concat(chunks);
					const body = rewrite(new URL(req.url ?? '/', target).pathname, original) ?? original;
					const out = { ...answer.headers };
					delete out['content-length'];
					delete out['etag'];
					delete out['transfer-encoding'];
					res.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': body.length });
					res.end(body);
				});
			}
		);
		forward.on('error', () => {
			res.writeHead(502);
			res.end();
		});
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `http://localhost:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
