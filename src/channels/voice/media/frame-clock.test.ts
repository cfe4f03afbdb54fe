import { describe, expect, it } from 'vitest';
import { FrameClock, frameDueAt, frameLateness, LatenessStats, lastDueFrame } from './frame-clock.ts';

describe('frame pacing math', () => {
  it.each([
    [1000, 999, -1],
    [1000, 1000, 0],
    [1000, 1019.9, 0],
    [1000, 1020, 1],
    [1000, 1065, 3],
  ])('start %i, now %d: frame %i is the last due', (start, now, index) => {
    expect(lastDueFrame(start, now)).toBe(index);
  });

  it('measures lateness against the schedule, not the previous send', () => {
    expect(frameDueAt(1000, 3)).toBe(1060);
    expect(frameLateness(1000, 3, 1067.5)).toBe(7.5);
    expect(frameLateness(1000, 3, 1059)).toBe(-1);
  });
});

describe('FrameClock', () => {
  it("hands out every frame once when the timer fires late, with each frame's lateness", () => {
    const clock = new FrameClock({ startMs: 0 });
    expect(clock.due(0)).toEqual({ first: 0, count: 1, skipped: 0, lateMs: [0] });
    expect(clock.due(5)).toEqual({ first: 1, count: 0, skipped: 0, lateMs: [] });
    expect(clock.msUntilNext(5)).toBe(15);
    // The timer was due at 20 but fired at 47: frames 1 and 2 go out now, 27 and 7 ms late.
    expect(clock.due(47)).toEqual({ first: 1, count: 2, skipped: 0, lateMs: [27, 7] });
    expect(clock.msUntilNext(47)).toBe(13);
    expect(clock.due(61)).toEqual({ first: 3, count: 1, skipped: 0, lateMs: [1] });
  });

  it('skips frames after a long stall instead of sending seconds of stale audio', () => {
    const clock = new FrameClock({ startMs: 0, maxBacklogFrames: 5 });
    clock.due(0);
    const due = clock.due(1000); // frames 1..50 were due
    expect(due).toMatchObject({ first: 46, count: 5, skipped: 45 });
    expect(due.lateMs).toEqual([80, 60, 40, 20, 0]);
    expect(clock.due(1020).first).toBe(51);
  });

  it('keeps a simulated sender on schedule over a minute of jittery timers', () => {
    const clock = new FrameClock({ startMs: 0 });
    const stats = new LatenessStats();
    let now = 0;
    let sent = 0;
    // Deterministic timer error: each tick fires 0–9 ms after the requested time.
    for (let tick = 0; sent < 3000; tick++) {
      const due = clock.due(now);
      for (const late of due.lateMs) stats.record(late);
      sent += due.count;
      now += clock.msUntilNext(now) + ((tick * 7) % 10);
    }
    expect(stats.count).toBe(3000);
    expect(stats.percentile(0.99)).toBeLessThanOrEqual(9.1);
    expect(stats.maxMs).toBeLessThan(20);
  });
});

describe('LatenessStats', () => {
  it('reports percentiles to 0.1 ms and merges', () => {
    const a = new LatenessStats();
    for (let i = 1; i <= 100; i++) a.record(i / 10); // 0.1 .. 10 ms
    expect(a.percentile(0.5)).toBeCloseTo(5.1, 5);
    expect(a.percentile(0.99)).toBeCloseTo(10, 5);
    expect(a.maxMs).toBe(10);
    const b = new LatenessStats();
    b.record(2000);
    b.record(-3); // early counts as on time
    a.merge(b);
    expect(a.count).toBe(102);
    expect(a.maxMs).toBe(2000);
    expect(a.percentile(1)).toBe(2000);
    expect(new LatenessStats().percentile(0.99)).toBe(0);
  });
});
