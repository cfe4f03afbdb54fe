import { describe, expect, it } from 'vitest';
import { afterFailure, isLocked, type LockoutState } from './lockout.ts';

const policy = { maxFailures: 3, lockMinutes: 15 };
const t0 = new Date('2026-01-01T08:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

describe('lock-out after repeated failures', () => {
  it('locks on the Nth failure, not before', () => {
    let state: LockoutState = { failedLogins: 0, lockedUntil: null };
    state = afterFailure(state, policy, t0);
    state = afterFailure(state, policy, t0);
    expect(isLocked(state, t0)).toBe(false);
    state = afterFailure(state, policy, t0);
    expect(isLocked(state, t0)).toBe(true);
    expect(state.lockedUntil).toEqual(minutes(15));
  });

  it.each([
    [14, true],
    [15, false],
    [16, false],
  ])('at +%i minutes the lock is %s', (at, locked) => {
    const state = { failedLogins: 3, lockedUntil: minutes(15) };
    expect(isLocked(state, minutes(at))).toBe(locked);
  });

  it('starts a fresh count once a lock has run out', () => {
    const state = afterFailure({ failedLogins: 3, lockedUntil: minutes(15) }, policy, minutes(20));
    expect(state).toEqual({ failedLogins: 1, lockedUntil: null });
  });
});
