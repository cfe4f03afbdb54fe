import { DateTime } from 'luxon';

/**
 * When a daily job runs next: the next `hour`:00 in the tenant's time zone, strictly after
 * `now`. Pure, so the nightly rescore's timing is tested without waiting for a night.
 */
export function nextDailyRun(now: Date, timeZone: string, hour: number): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let next = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (next <= local) next = next.plus({ days: 1 });
  return next.toJSDate();
}

/** Seconds to wait before retry `attempt` (1-based) of a failed job: 30 s, 2 min, 8 min… */
export function retryDelaySeconds(attempt: number): number {
  return 30 * 4 ** Math.max(0, attempt - 1);
}
