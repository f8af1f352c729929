/**
 * A round-robin load balancer for tests with several nodes: every request goes to the next
 * node in turn, whatever connection or cookie it comes with (no sticky sessions), and the
 * balancer records which node answered what.
 */
import http from 'node:http';
import type net from 'node:net';

export interface Routed {
	node: number;
	method: string;
	path: string;
	status: number;
}

export interface Balancer {
	url: string;
	/** The nodes, in turn; set once they listen (they need the balancer's address first). */
	setNodes(urls: string[]): void;
	/** Every request so far, in the order they were answered. */
	routed: Routed[];
	/** Requests per node, by index. */
	hits(): number[];
	close(): Promise<void>;
}

export async function roundRobin(): Promise<Balancer> {
	let nodes: URL[] = [];
	let turn = 0;
	const routed: Routed[] = [];
	const sockets = new Set<net.Socket>();
	const server = http.createServer((req, res) => {
		if (nodes.length === 0) {
			res.writeHead(503).end('no nodes');
			return;
		}
		const index = turn++ % nodes.length;
		const node = nodes[index]!;
		const upstream = http.request(
			{
				host: '127.0.0.1',
				port: node.port,
				method: req.method,
				path: req.url,
				headers: req.headers
			},
			(answer) => {
				routed.push({
					node: index,
					method: req.method ?? 'GET',
					path: req.url ?? '/',
					status: answer.statusCode ?? 0
				});
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `http://localhost:${port}`,
		setNodes(urls) {
			nodes = urls.map((u) => new URL(u));
		},
		routed,
		hits: () => nodes.map((_, i) => routed.filter((r) => r.node === i).length),
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			})
	};
}
