/**
 * A kengetallen table as CSV for Dutch Excel: a UTF-8 byte order mark (else Excel reads
 * the file as Windows-1252 and breaks every ë), `;` between fields (Excel in Dutch takes
 * the comma as the decimal sign) and a decimal comma. A text that starts like a formula
 * gets a leading apostrophe, so a school name never runs as one in the spreadsheet.
 */
import type { Cell, Table } from './tables';

const decimal = new Intl.NumberFormat('nl-NL', {
	maximumFractionDigits: 1,
	useGrouping: false
});

function field(cell: Cell): string {
	if (cell === null) return '';
	if (typeof cell === 'number') return decimal.format(cell);
	const text = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
	return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(table: Pick<Table, 'columns' | 'rows'>): string {
	const lines = [table.columns, ...table.rows].map((row) => row.map(field).join(';'));
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** The file name of a table's export, e.g. "kengetallen-status-2026-12-04.csv". */
export function fileName(key: string, today: string): string {
	return `kengetallen-${key}-${today}.csv`;
}
