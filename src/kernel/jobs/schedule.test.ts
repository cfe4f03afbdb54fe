import { describe, expect, it } from 'vitest';
import { nextDailyRun, retryDelaySeconds } from './schedule.ts';

describe('nextDailyRun', () => {
  it('runs at 02:00 Shanghai time, tonight or tomorrow', () => {
    // 2026-11-01 10:00 in Shanghai → 2026-11-02 02:00 Shanghai = 2026-11-01 18:00Z
    expect(nextDailyRun(new Date('2026-11-01T02:00:00Z'), 'Asia/Shanghai', 2).toISOString()).toBe(
      '2026-11-01T18:00:00.000Z',
    );
    // 01:00 in Shanghai → 02:00 the same day
    expect(nextDailyRun(new Date('2026-10-31T17:00:00Z'), 'Asia/Shanghai', 2).toISOString()).toBe(
      '2026-10-31T18:00:00.000Z',
    );
  });

  it('never returns the current instant', () => {
    expect(nextDailyRun(new Date('2026-10-31T18:00:00Z'), 'Asia/Shanghai', 2).toISOString()).toBe(
      '2026-11-01T18:00:00.000Z',
    );
  });

  it('follows daylight saving time', () => {
    // New York leaves DST on 2026-11-01: 02:00 EST = 07:00Z
    expect(nextDailyRun(new Date('2026-11-01T12:00:00Z'), 'America/New_York', 2).toISOString()).toBe(
      '2026-11-02T07:00:00.000Z',
    );
  });

  it('backs off retries', () => {
    expect([1, 2, 3].map(retryDelaySeconds)).toEqual([30, 120, 480]);
  });
});
