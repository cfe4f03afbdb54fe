import { DateTime } from 'luxon';

/**
 * When a queue is open: 7×24 (`alwaysOpen`), or its opening windows per weekday in its
 * time zone, closed all day on its holidays. Pure, so calendars are tested as tables.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `open` ≤ local time < `close`, both 'HH:MM'; `close` may be '24:00' (until midnight). */
export interface OpeningWindow {
  open: string;
  close: string;
}

export type WeeklyHours = Partial<Record<Weekday, readonly OpeningWindow[]>>;

export interface QueueHours {
  alwaysOpen: boolean;
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  /** A day without windows is closed. */
  businessHours: WeeklyHours;
  /** Local dates 'YYYY-MM-DD' on which the queue is closed all day. */
  holidays: readonly string[];
}

/** Minutes since local midnight of an 'HH:MM' time ('24:00' → 1440). */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * Whether the queue takes interactions at `now`.
 *
 * @example
 * isOpenAt({ alwaysOpen: false, timeZone: 'Asia/Shanghai',
 *   businessHours: { mon: [{ open: '09:00', close: '18:00' }] }, holidays: [] },
 *   new Date('2026-11-02T02:00:00Z')); // true: Monday 10:00 in Shanghai
 */
export function isOpenAt(hours: QueueHours, now: Date): boolean {
  if (hours.alwaysOpen) return true;
  const local = DateTime.fromJSDate(now, { zone: hours.timeZone });
  if (hours.holidays.includes(local.toISODate() ?? '')) return false;
  const day = WEEKDAYS[local.weekday - 1]!;
  const minute = local.hour * 60 + local.minute;
  return (hours.businessHours[day] ?? []).some(
    (w) => minute >= minutesOf(w.open) && minute < minutesOf(w.close),
  );
}

/**
 * The next moment the queue opens after `now` (now itself if open), or null when it has
 * no opening in the next two weeks. For telling a customer outside hours when to come back.
 *
 * @example
 * nextOpening(weekdaysNineToSix, fridayEvening); // Monday 09:00 local, as a Date
 */
export function nextOpening(hours: QueueHours, now: Date): Date | null {
  if (isOpenAt(hours, now)) return now;
  const start = DateTime.fromJSDate(now, { zone: hours.timeZone });
  for (let offset = 0; offset <= 14; offset++) {
    const day = start.plus({ days: offset }).startOf('day');
    if (hours.holidays.includes(day.toISODate() ?? '')) continue;
    const windows = [...(hours.businessHours[WEEKDAYS[day.weekday - 1]!] ?? [])].sort(
      (a, b) => minutesOf(a.open) - minutesOf(b.open),
    );
    for (const w of windows) {
      // On the wall clock: on a DST-change day, midnight plus 540 minutes is not 09:00.
      const minute = minutesOf(w.open);
      const opens = day.set({ hour: Math.floor(minute / 60), minute: minute % 60 });
      if (opens > start) return opens.toJSDate();
    }
  }
  return null;
}
