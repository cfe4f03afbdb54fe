import { describe, expect, it } from 'vitest';
import { isPermanent, retryDelayMs } from './delivery-schedule.ts';

describe('retryDelayMs', () => {
  it.each([
    [0, 1],
    [1, 1],
    [2, 5],
    [3, 15],
    [4, 60],
    [8, 720],
    [20, 720],
  ])('after attempt %i: %i minutes', (attempt, minutes) => {
    expect(retryDelayMs(attempt)).toBe(minutes * 60_000);
  });

  it('gives up after about a day with the default 8 attempts', () => {
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, a) => sum + retryDelayMs(a), 0);
    expect(total / 3_600_000).toBeGreaterThan(12);
    expect(total / 3_600_000).toBeLessThan(30);
  });
});

describe('isPermanent', () => {
  it.each([
    [{ message: 'connect ECONNREFUSED', code: 'ECONNECTION' }, false],
    [{ message: 'timeout', code: 'ETIMEDOUT' }, false],
    [{ message: '421 busy', code: 'EENVELOPE', responseCode: 421 }, false],
    [{ message: '451 try later', code: 'EMESSAGE', responseCode: 451 }, false],
    [{ message: '550 no such user', code: 'EENVELOPE', responseCode: 550 }, true],
    [{ message: '554 rejected', code: 'EMESSAGE', responseCode: 554 }, true],
    [{ message: '535 auth failed', code: 'EAUTH', responseCode: 535 }, false],
    [{ message: 'No recipients defined', code: 'EENVELOPE' }, true],
  ])('%j → %s', (failure, permanent) => {
    expect(isPermanent(failure)).toBe(permanent);
  });
});
