/**
 * Monthly cohort retention: customers grouped by the month of their first order, and for
 * each later month the share of the cohort that bought again in it. Pure: the SQL gives
 * (cohort, month offset, buyers) and the cohort sizes; this builds the heat-map matrix.
 */
export interface CohortCell {
  cohort: string; // 'YYYY-MM'
  offset: number; // months after the first order (0 = the first month)
  buyers: number;
}

export interface CohortRow {
  cohort: string;
  size: number;
  /** Retention per month offset, 0–1; offsets in the future of the cohort are null. */
  retention: (number | null)[];
}

export function cohortMatrix(
  sizes: { cohort: string; size: number }[],
  cells: CohortCell[],
  months: number,
  currentMonth: string,
): CohortRow[] {
  const byKey = new Map(cells.map((c) => [`${c.cohort}|${c.offset}`, c.buyers]));
  return sizes.map(({ cohort, size }) => {
    const age = monthsBetween(cohort, currentMonth);
    const retention = Array.from({ length: months }, (_, offset) => {
      if (offset > age) return null;
      if (offset === 0) return size > 0 ? 1 : 0;
      return size > 0 ? round3((byKey.get(`${cohort}|${offset}`) ?? 0) / size) : 0;
    });
    return { cohort, size, retention };
  });
}

export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
