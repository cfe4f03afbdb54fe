/**
 * Elapsed and remaining times as a clock reads, the same in both languages: "0:42", "12:05",
 * "1:02:03". Wallboards and timers show them; negative inputs read as zero.
 *
 * @example
 * clock(75); // "1:15"
 */
export function clock(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '—';
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Seconds from an ISO time to `now` (ms), never negative. */
export function secondsSince(iso: string | null | undefined, now: number): number {
  return iso ? Math.max(0, (now - Date.parse(iso)) / 1000) : 0;
}

/** Seconds from `now` (ms) to an ISO time, never negative (countdowns). */
export function secondsUntil(iso: string | null | undefined, now: number): number {
  return iso ? Math.max(0, (Date.parse(iso) - now) / 1000) : 0;
}
