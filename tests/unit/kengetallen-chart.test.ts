/**
 * A kengetal as the server renders it, before any JavaScript: the chart is SVG already
 * (bars sized to their values), hidden from screen readers, with the table beside it that
 * holds the same figures, and the link to its CSV.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import FigureTable from '../../src/lib/components/kengetallen/FigureTable.svelte';

const table = {
	key: 'status',
	title: 'Hulpvragen per status',
	columns: ['Status', 'Hulpvragen'],
	rows: [
		['Aanmelding', 30],
		['Afgerond', 15]
	],
	bars: [
		{ label: 'Aanmelding', value: 30 },
		{ label: 'Afgerond', value: 15 }
	]
};

describe('FigureTable on the server', () => {
	it('draws the bars as SVG, hidden from screen readers, beside the table', () => {
		const { body } = render(FigureTable, {
			props: { table, exportHref: '/kengetallen/export?tabel=status' }
		});
		expect(body).toMatch(/<div class="chart[^"]*"[^>]*aria-hidden="true"/);
		const widths = [...body.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
		expect(widths).toEqual([100, 50]);
		expect(body).toContain('<caption class="visually-hidden">Hulpvragen per status</caption>');
		expect(body).toMatch(/<th scope="row"[^>]*>Aanmelding<\/th>/);
		expect(body).toContain('href="/kengetallen/export?tabel=status"');
		expect(body).not.toContain('<script');
	});

	it('draws upright bars for a time line', () => {
		const { body } = render(FigureTable, {
			props: {
				table: { ...table, key: 'maand', upright: true },
				exportHref: '/kengetallen/export?tabel=maand'
			}
		});
		const heights = [...body.matchAll(/<rect[^>]*height="([\d.]+)"/g)].map((m) =>
			Math.round(Number(m[1]))
		);
		expect(heights).toEqual([100, 50]);
	});
});
