/**
 * The kengetallen as tables: what the page shows beside each chart (the table is the
 * accessible version of the chart) and what the CSV export of that table holds, so the
 * two never disagree. Numbers stay numbers here; the page and the CSV format them.
 */
import { categoryLabels } from '../../arrangements';
import type { Figures, Spread } from './index';

export const tableKeys = [
	'status',
	'titel',
	'school',
	'regio',
	'maand',
	'herkomst',
	'doorlooptijd',
	'statusduur',
	'tlv'
] as const;
export type TableKey = (typeof tableKeys)[number];

export type Cell = string | number | null;

export interface Table {
	key: TableKey;
	title: string;
	columns: string[];
	rows: Cell[][];
	/** What the chart draws: a label and a value per bar (empty: no chart). */
	bars: { label: string; value: number }[];
	/** Draw the bars upright, in the table's order (a time line). */
	upright?: boolean;
}

const monthNames = [
	'jan',
	'feb',
	'mrt',
	'apr',
	'mei',
	'jun',
	'jul',
	'aug',
	'sep',
	'okt',
	'nov',
	'dec'
];

/** "2026-09" as "sep 2026". */
export function monthLabel(month: string): string {
	return `${monthNames[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

const spread = (s: Spread): Cell[] => [s.count, s.median, s.p90];

/** The largest bars a chart shows; the table lists every row. */
const chartLimit = 12;
const top = (rows: { label: string; value: number }[]) => rows.slice(0, chartLimit);

export function tables(f: Figures): Table[] {
	return [
		{
			key: 'status',
			title: 'Hulpvragen per status',
			columns: ['Status', 'Hulpvragen'],
			rows: f.perStatus.map((r) => [r.name, r.count]),
			bars: top(
				[...f.perStatus]
					.sort((a, b) => b.count - a.count)
					.map((r) => ({ label: r.name, value: r.count }))
			)
		},
		{
			key: 'titel',
			title: 'Hulpvragen per titel',
			columns: ['Titel', 'Hulpvragen'],
			rows: f.perTitel.map((r) => [r.name, r.count]),
			bars: top(f.perTitel.map((r) => ({ label: r.name, value: r.count })))
		},
		{
			key: 'school',
			title: 'Hulpvragen per school',
			columns: ['School', 'Hulpvragen'],
			rows: f.perSchool.map((r) => [r.name, r.count]),
			bars: top(f.perSchool.map((r) => ({ label: r.name, value: r.count })))
		},
		{
			key: 'regio',
			title: 'Hulpvragen per regio',
			columns: ['Regio', 'Hulpvragen'],
			rows: f.perRegion.map((r) => [r.region, r.count]),
			bars: top(f.perRegion.map((r) => ({ label: r.region, value: r.count })))
		},
		{
			key: 'maand',
			title: 'Hulpvragen per maand',
			columns: ['Maand', 'Hulpvragen'],
			rows: f.perMonth.map((r) => [monthLabel(r.month), r.count]),
			bars: f.perMonth.map((r) => ({ label: monthLabel(r.month), value: r.count })),
			upright: true
		},
		{
			key: 'herkomst',
			title: 'Hoe hulpvragen binnenkomen',
			columns: ['Herkomst', 'Hulpvragen'],
			rows: [
				['Direct in Kindkring', f.arrival.direct],
				['Uit het schoolsysteem (OSO)', f.arrival.intake]
			],
			bars: [
				{ label: 'Direct in Kindkring', value: f.arrival.direct },
				{ label: 'Uit het schoolsysteem (OSO)', value: f.arrival.intake }
			]
		},
		{
			key: 'doorlooptijd',
			title: 'Doorlooptijd van aanmelding tot afronding',
			columns: ['Doorlooptijd', 'Hulpvragen afgerond', 'Mediaan (dagen)', '90e percentiel (dagen)'],
			rows: [['Van aanmelding tot de eerste eindstatus', ...spread(f.doorlooptijd)]],
			bars: []
		},
		{
			key: 'statusduur',
			title: 'Tijd per status',
			columns: ['Status', 'Keren afgesloten', 'Mediaan (dagen)', '90e percentiel (dagen)'],
			rows: f.perStatusDuration.map((r) => [r.name, ...spread(r)]),
			bars: top(
				f.perStatusDuration
					.filter((r) => r.median !== null)
					.map((r) => ({ label: r.name, value: r.median! }))
			)
		},
		{
			key: 'tlv',
			title: 'TLV’s per categorie',
			columns: ['Categorie', 'TLV’s', 'Aflopend dit schooljaar'],
			rows: f.tlvs.map((t) => [categoryLabels[t.category], t.count, t.endingThisSchoolYear]),
			bars: f.tlvs.map((t) => ({ label: categoryLabels[t.category], value: t.count }))
		}
	];
}
