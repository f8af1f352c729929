/**
 * docs/architecture.md against the code: every `src/...` path it names exists, the handle
 * sequence it gives is the one src/hooks.server.ts exports, and every folder directly under
 * src/lib/server is mentioned (as `name/`). A rename or a new folder then fails here until
 * the page says so too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/architecture.md', 'utf8');
const hooks = readFileSync('src/hooks.server.ts', 'utf8');

/** The names inside the first `sequence(...)` of a text, comments and line breaks aside. */
function sequenceOf(text: string): string[] {
	const match = /sequence\(([^)]*)\)/.exec(text);
	if (!match) return [];
	return match[1]!
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
}

describe('docs/architecture.md', () => {
	it('names only src/ paths that exist', () => {
		// A path runs until whitespace, a backtick, a quote or a closing bracket of the prose.
		const named = [...doc.matchAll(/(?<![\w/$.-])src\/[^\s`'",;:]*[^\s`'",;:.)]/g)].map(
			(m) => m[0]
		);
		expect(named.length).toBeGreaterThan(10);
		const missing = [...new Set(named)].filter((path) => !existsSync(path));
		expect(missing).toEqual([]);
	});

	it("gives the hooks' handle sequence as src/hooks.server.ts has it", () => {
		const code = sequenceOf(hooks.slice(hooks.indexOf('export const handle')));
		expect(code.length).toBeGreaterThan(0);
		for (const name of code) expect(hooks).toMatch(new RegExp(`const ${name}: Handle\\b`));
		expect(sequenceOf(doc)).toEqual(code);
	});

	it('mentions every folder directly under src/lib/server', () => {
		const folders = readdirSync('src/lib/server', { withFileTypes: true })
			.filter((entry) => entry.isDirectory())
			.map((entry) => entry.name);
		expect(folders.length).toBeGreaterThan(0);
		const unmentioned = folders.filter(
			(name) => !new RegExp(`(^|[\\s\`/(])${name}/`, 'm').test(doc)
		);
		expect(unmentioned).toEqual([]);
	});
});
