/**
 * Heap snapshots of a running server and what they hold. A snapshot is taken with the
 * signal node was started to listen for (`--heapsnapshot-signal=SIGUSR2`): node writes
 * `Heap.*.heapsnapshot` into its working folder, blocking its event loop while it does,
 * after a full garbage collection, so a snapshot counts only what is still reachable.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface HeapSummary {
	/** Bytes of all nodes (what the snapshot holds). */
	total: number;
	/** Per kind (`object:Map`, `closure:onData`, `string`…): how many and their own bytes. */
	kinds: Map<string, { count: number; size: number }>;
}

/** Writes a snapshot of `pid` into `dir` and returns its path once it is complete. */
export async function takeSnapshot(pid: number, dir: string, origin: string): Promise<string> {
	const before = new Set(await snapshots(dir));
	process.kill(pid, 'SIGUSR2');
	const deadline = Date.now() + 120_000;
	let file: string | undefined;
	while (!file) {
		if (Date.now() > deadline) throw new Error('no heap snapshot within two minutes');
		await new Promise((r) => setTimeout(r, 100));
		file = (await snapshots(dir)).find((f) => !before.has(f));
	}
	// The event loop is blocked until the snapshot is written: an answer means it is done.
	await fetch(`${origin}/healthz`);
	return path.join(dir, file);
}

async function snapshots(dir: string): Promise<string[]> {
	return (await fs.readdir(dir)).filter((f) => f.endsWith('.heapsnapshot'));
}

/** Strings are counted together: their names are their contents. */
const stringTypes = new Set(['string', 'concatenated string', 'sliced string']);

interface Snapshot {
	snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
	nodes: number[];
	strings: string[];
}

export async function summarise(file: string): Promise<HeapSummary> {
	const data = JSON.parse(await fs.readFile(file, 'utf8')) as Snapshot;
	const fields = data.snapshot.meta.node_fields;
	const types = data.snapshot.meta.node_types[0];
	const width = fields.length;
	const typeAt = fields.indexOf('type');
	const nameAt = fields.indexOf('name');
	const sizeAt = fields.indexOf('self_size');
	const kinds = new Map<string, { count: number; size: number }>();
	let total = 0;
	for (let i = 0; i < data.nodes.length; i += width) {
		const type = types[data.nodes[i + typeAt]!]!;
		const size = data.nodes[i + sizeAt]!;
		const name = data.strings[data.nodes[i + nameAt]!]!;
		const key = stringTypes.has(type) ? 'string' : `${type}:${name.slice(0, 60)}`;
		const kind = kinds.get(key) ?? { count: 0, size: 0 };
		kind.count++;
		kind.size += size;
		kinds.set(key, kind);
		total += size;
	}
	return { total, kinds };
}

export interface Growth {
	kind: string;
	count: number;
	size: number;
}

/** What grew most from `from` to `to`, by bytes. */
export function growth(from: HeapSummary, to: HeapSummary, top = 10): Growth[] {
	const rows: Growth[] = [];
	for (const [kind, now] of to.kinds) {
		const then = from.kinds.get(kind) ?? { count: 0, size: 0 };
		rows.push({ kind, count: now.count - then.count, size: now.size - then.size });
	}
	return rows.sort((a, b) => b.size - a.size).slice(0, top);
}
