import { parse } from 'csv-parse/sync';

/**
 * CSV text → header-mapped records with their line numbers. A row that cannot be parsed
 * (an unclosed quote, too many or too few cells) becomes a row error; the others go on.
 */
export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export interface RowError {
  line: number;
  field: string | null;
  reason: string;
}

export interface CsvTable {
  fields: string[];
  unknownHeaders: string[];
  records: CsvRecord[];
  errors: RowError[];
}

/** `aliases` maps each field to the headers that mean it (any case, English or Chinese). */
export function readCsv(
  text: string,
  aliases: Record<string, readonly string[]>,
): CsvTable | { missingHeader: string } {
  const errors: RowError[] = [];
  const rows = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    trim: true,
    delimiter: sniffDelimiter(text),
    on_skip: (err: { lines?: number; message: string } | undefined) => {
      if (err) errors.push({ line: err.lines ?? 0, field: null, reason: `Unreadable row: ${err.message}` });
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...body] = rows;
  if (!header) return { missingHeader: 'the header row' };

  const lookup = new Map<string, string>();
  for (const [field, names] of Object.entries(aliases)) {
    for (const name of [field, ...names]) lookup.set(normalizeHeader(name), field);
  }
  const columns = header.record.map((h) => lookup.get(normalizeHeader(h)) ?? null);
  const unknownHeaders = header.record.filter((_, i) => columns[i] === null);
  const fields = columns.filter((c): c is string => c !== null);

  const records: CsvRecord[] = [];
  for (const { record, info } of body) {
    if (record.length !== header.record.length) {
      errors.push({
        line: info.lines,
        field: null,
        reason: `Expected ${header.record.length} cells, found ${record.length}`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((field, i) => {
      if (field !== null && record[i] !== undefined && record[i] !== '') values[field] = record[i]!;
    });
    records.push({ line: info.lines, values });
  }
  return { fields, unknownHeaders, records, errors };
}

function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s_\-（）()]/g, '');
}

/** Comma unless the header line clearly uses semicolons or tabs (European Excel, TSV). */
function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}
