import { describe, expect, it } from 'vitest';
import { figuresOf, type QueueCounts, serviceLevel, standingOf, totalOf } from './wallboard-figures.ts';

const counts = (c: Partial<QueueCounts>): QueueCounts => ({
  offered: 0,
  answered: 0,
  answeredWithinTarget: 0,
  abandoned: 0,
  answerWaitSeconds: 0,
  ...c,
});

describe('service level', () => {
  // SL = answered within T / (answered + abandoned): the textbook 80/20 example, and edges.
  it.each([
    { answered: 90, answeredWithinTarget: 80, abandoned: 10, expected: 0.8 },
    { answered: 100, answeredWithinTarget: 100, abandoned: 0, expected: 1 },
    { answered: 0, answeredWithinTarget: 0, abandoned: 5, expected: 0 },
    { answered: 3, answeredWithinTarget: 2, abandoned: 1, expected: 0.5 },
    { answered: 0, answeredWithinTarget: 0, abandoned: 0, expected: null },
  ])(
    '$answeredWithinTarget within target of $answered answered and $abandoned abandoned → $expected',
    (c) => {
      expect(serviceLevel(c)).toBe(c.expected);
    },
  );
});

describe('queue figures', () => {
  it('takes ASA over the answered contacts and the abandon rate over those that ended waiting', () => {
    const f = figuresOf(
      counts({ offered: 12, answered: 8, answeredWithinTarget: 6, abandoned: 2, answerWaitSeconds: 120 }),
    );
    expect(f).toMatchObject({ serviceLevel: 0.6, asaSeconds: 15, abandonRate: 0.2 });
  });

  it('says nothing it cannot know', () => {
    expect(figuresOf(counts({ offered: 3 }))).toMatchObject({
      serviceLevel: null,
      asaSeconds: null,
      abandonRate: null,
    });
  });

  it('totals the counts and takes the ratios over the sums, not as an average of averages', () => {
    const total = totalOf([
      counts({ offered: 10, answered: 10, answeredWithinTarget: 10, answerWaitSeconds: 50 }),
      counts({ offered: 2, answered: 1, answeredWithinTarget: 0, abandoned: 1, answerWaitSeconds: 100 }),
    ]);
    expect(total).toMatchObject({ offered: 12, answered: 11, abandoned: 1, serviceLevel: 10 / 12 });
    expect(total.asaSeconds).toBeCloseTo(150 / 11);
  });
});

describe('standing against the target', () => {
  it.each([
    { level: 0.85, target: 80, expected: 'ok' },
    { level: 0.8, target: 80, expected: 'ok' },
    { level: 0.75, target: 80, expected: 'warning' },
    { level: 0.7, target: 80, expected: 'warning' },
    { level: 0.69, target: 80, expected: 'breach' },
    { level: null, target: 80, expected: 'none' },
  ] as const)('$level against $target% is $expected', ({ level, target, expected }) => {
    expect(standingOf(level, target)).toBe(expected);
  });
});
