import { type OpeningWindow, WEEKDAYS, type Weekday } from './setup-types.ts';

/**
 * Business hours in a few words: runs of days with the same windows grouped, e.g.
 * `[{ days: ['mon', 'fri'], windows: '09:00–18:00' }, { days: ['sat'], windows: '10:00–16:00' }]`
 * (first and last day of each run). Closed days are left out.
 */
export function hoursSummary(
  hours: Partial<Record<Weekday, OpeningWindow[]>>,
): { days: [Weekday] | [Weekday, Weekday]; windows: string }[] {
  const runs: { first: Weekday; last: Weekday; windows: string }[] = [];
  let previous: string | null = null;
  for (const day of WEEKDAYS) {
    const windows = (hours[day] ?? []).map((w) => `${w.open}–${w.close}`).join(', ');
    const run = runs.at(-1);
    if (windows && windows === previous && run) run.last = day;
    else if (windows) runs.push({ first: day, last: day, windows });
    previous = windows || null;
  }
  return runs.map((r) => ({ days: r.first === r.last ? [r.first] : [r.first, r.last], windows: r.windows }));
}
