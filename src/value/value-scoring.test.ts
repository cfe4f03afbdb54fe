import { describe, expect, it } from 'vitest';
import { explainTier } from './tier-explanation.ts';
import { DEFAULT_VALUE_RULES, type ValueRules, valueRulesSchema } from './value-rules.ts';
import {
  type Breakpoints,
  breakpointsFor,
  expectedIntervalDays,
  percentileDisc,
  quintileCuts,
  scoreCustomer,
  scoreHigherBetter,
  scoreRecency,
  type ValueFacts,
} from './value-scoring.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

const QUANTILE: Breakpoints = {
  method: 'quantile',
  recencyDays: [30, 90, 180, 365],
  frequency: [1, 1, 2, 4],
  monetaryMinor: [50_000, 150_000, 400_000, 1_000_000],
  marginMinor: null,
};

function facts(partial: Partial<ValueFacts>): ValueFacts {
  return {
    frequency: 3,
    monetaryMinor: 500_000,
    marginMinor: null,
    lastOrderAt: daysAgo(10),
    createdAt: daysAgo(400),
    ...partial,
  };
}

describe('scores', () => {
  it('gives a value on a quantile cut point the lower score', () => {
    expect(scoreHigherBetter(1, [1, 1, 2, 4], 'quantile')).toBe(1);
    expect(scoreHigherBetter(2, [1, 1, 2, 4], 'quantile')).toBe(3);
    expect(scoreHigherBetter(3, [1, 1, 2, 4], 'quantile')).toBe(4);
    expect(scoreHigherBetter(5, [1, 1, 2, 4], 'quantile')).toBe(5);
    expect(scoreRecency(30, [30, 90, 180, 365], 'quantile')).toBe(4);
    expect(scoreRecency(29, [30, 90, 180, 365], 'quantile')).toBe(5);
    expect(scoreRecency(400, [30, 90, 180, 365], 'quantile')).toBe(1);
  });

  it('reads thresholds as "at least" and "at most"', () => {
    expect(scoreHigherBetter(2, [2, 3, 5, 8], 'threshold')).toBe(2);
    expect(scoreHigherBetter(1, [2, 3, 5, 8], 'threshold')).toBe(1);
    expect(scoreHigherBetter(8, [2, 3, 5, 8], 'threshold')).toBe(5);
    expect(scoreRecency(30, [30, 90, 180, 365], 'threshold')).toBe(5);
    expect(scoreRecency(31, [30, 90, 180, 365], 'threshold')).toBe(4);
    expect(scoreRecency(365, [30, 90, 180, 365], 'threshold')).toBe(2);
    expect(scoreRecency(366, [30, 90, 180, 365], 'threshold')).toBe(1);
  });

  it('computes percentiles as PostgreSQL percentile_disc does', () => {
    expect(percentileDisc([1, 2, 3, 4, 5], 0.2)).toBe(1);
    expect(percentileDisc([1, 2, 3, 4, 5], 0.4)).toBe(2);
    expect(percentileDisc([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8)).toBe(8);
    expect(percentileDisc([], 0.5)).toBe(0);
    expect(quintileCuts([5, 1, 4, 2, 3])).toEqual([1, 2, 3, 4]);
  });
});

describe('tiers', () => {
  it('places a big, recent, frequent buyer in high value', () => {
    const s = scoreCustomer(
      facts({ frequency: 6, monetaryMinor: 2_000_000 }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(s).toMatchObject({ tier: 'high', recencyScore: 5, frequencyScore: 5, monetaryScore: 5 });
  });

  it('places a big spender who stopped buying in secondary value', () => {
    const s = scoreCustomer(
      facts({ frequency: 1, monetaryMinor: 2_000_000, lastOrderAt: daysAgo(500) }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(s.tier).toBe('secondary');
    expect(s.potential).toBe(1);
  });

  it('places a small but active buyer in potential value, and a small idle one in low', () => {
    expect(
      scoreCustomer(facts({ frequency: 3, monetaryMinor: 60_000 }), DEFAULT_VALUE_RULES, QUANTILE, NOW).tier,
    ).toBe('potential');
    expect(
      scoreCustomer(
        facts({ frequency: 1, monetaryMinor: 20_000, lastOrderAt: daysAgo(300) }),
        DEFAULT_VALUE_RULES,
        QUANTILE,
        NOW,
      ).tier,
    ).toBe('low');
  });

  it('puts a customer exactly on the tier cut in the higher tier', () => {
    // monetary 400,001 → score 4 = currentValueCut; recency 5 + frequency 1 → potential 3 = potentialCut
    const s = scoreCustomer(
      facts({ frequency: 1, monetaryMinor: 400_001 }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(s).toMatchObject({ currentValue: 4, potential: 3, tier: 'high' });
  });

  it('scores customers without orders by how new they are', () => {
    const fresh = scoreCustomer(
      facts({ frequency: 0, monetaryMinor: 0, lastOrderAt: null, createdAt: daysAgo(5) }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(fresh).toMatchObject({ tier: 'potential', reason: 'new_without_orders', monetaryScore: null });
    const old = scoreCustomer(
      facts({ frequency: 0, monetaryMinor: 0, lastOrderAt: null, createdAt: daysAgo(500) }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(old).toMatchObject({ tier: 'low', reason: 'no_orders_in_window' });
    // Entered today, but all their purchases are older than the window: not a new customer.
    const returning = scoreCustomer(
      facts({ frequency: 0, monetaryMinor: 0, lastOrderAt: null, createdAt: daysAgo(5), lifetimeOrders: 2 }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(returning).toMatchObject({ tier: 'low', reason: 'no_orders_in_window' });
  });

  it('counts an order dated in the future as bought today', () => {
    const s = scoreCustomer(
      facts({ lastOrderAt: new Date(NOW.getTime() + 5 * 86_400_000) }),
      DEFAULT_VALUE_RULES,
      QUANTILE,
      NOW,
    );
    expect(s.recencyDays).toBe(0);
    expect(s.recencyScore).toBe(5);
  });

  it('treats net revenue below zero (refunds exceeding purchases) as zero', () => {
    const s = scoreCustomer(facts({ monetaryMinor: -5000 }), DEFAULT_VALUE_RULES, QUANTILE, NOW);
    expect(s.monetaryScore).toBe(1);
  });

  it('blends margin into current value by the margin weight', () => {
    const rules: ValueRules = { ...DEFAULT_VALUE_RULES, marginWeight: 0.5 };
    const cuts: Breakpoints = { ...QUANTILE, marginMinor: [10_000, 20_000, 30_000, 40_000] };
    const s = scoreCustomer(facts({ monetaryMinor: 2_000_000, marginMinor: 5_000 }), rules, cuts, NOW);
    expect(s).toMatchObject({ monetaryScore: 5, marginScore: 1, currentValue: 3, tier: 'potential' });
  });

  it('uses the rules thresholds with the threshold method', () => {
    const rules: ValueRules = { ...DEFAULT_VALUE_RULES, method: 'threshold' };
    const cuts = breakpointsFor(rules, {
      recencyDays: [1, 2, 3, 4],
      frequency: [1, 1, 1, 2],
      monetaryMinor: [1, 2, 3, 4],
      marginMinor: null,
    });
    expect(cuts).toMatchObject({ method: 'threshold', frequency: [2, 3, 5, 8] });
    const s = scoreCustomer(facts({ frequency: 5, monetaryMinor: 800_000 }), rules, cuts, NOW);
    expect(s).toMatchObject({ frequencyScore: 4, monetaryScore: 4, tier: 'high' });
  });
});

describe('cut points in force', () => {
  it('falls back to the thresholds while nobody has bought', () => {
    const none = { recencyDays: null, frequency: null, monetaryMinor: null, marginMinor: null };
    expect(breakpointsFor(DEFAULT_VALUE_RULES, none)).toMatchObject({
      method: 'threshold',
      frequency: [2, 3, 5, 8],
    });
  });
  it('uses the quintiles with the quantile method, and margin only when weighted', () => {
    const q = {
      recencyDays: [1, 2, 3, 4],
      frequency: [1, 1, 1, 2],
      monetaryMinor: [5, 6, 7, 8],
      marginMinor: [1, 2, 3, 4],
    } as const;
    const quintiles = {
      recencyDays: [...q.recencyDays],
      frequency: [...q.frequency],
      monetaryMinor: [...q.monetaryMinor],
      marginMinor: [...q.marginMinor],
    } as Parameters<typeof breakpointsFor>[1];
    expect(breakpointsFor({ ...DEFAULT_VALUE_RULES, marginWeight: 0 }, quintiles)).toMatchObject({
      method: 'quantile',
      frequency: [1, 1, 1, 2],
      marginMinor: null,
    });
    expect(breakpointsFor({ ...DEFAULT_VALUE_RULES, marginWeight: 0.3 }, quintiles).marginMinor).toEqual([
      1, 2, 3, 4,
    ]);
  });
});

describe('expected purchase interval', () => {
  it('is the mean gap between first and last order', () => {
    expect(expectedIntervalDays(daysAgo(300), daysAgo(0), 4)).toBe(100);
    expect(expectedIntervalDays(daysAgo(300), daysAgo(300), 1)).toBeNull();
    expect(expectedIntervalDays(null, null, 0)).toBeNull();
    // two orders on the same day give no interval
    expect(expectedIntervalDays(daysAgo(3), daysAgo(3), 2)).toBeNull();
  });
});

describe('rules validation', () => {
  it('accepts the defaults', () => {
    expect(valueRulesSchema.safeParse(DEFAULT_VALUE_RULES).success).toBe(true);
  });

  it.each([
    [{ lookbackMonths: -1 }, 'lookbackMonths'],
    [{ lookbackMonths: 0 }, 'lookbackMonths'],
    [{ thresholds: { ...DEFAULT_VALUE_RULES.thresholds, frequency: [2, 2, 5, 8] } }, 'thresholds.frequency'],
    [
      { thresholds: { ...DEFAULT_VALUE_RULES.thresholds, monetaryMinor: [-1, 2, 5, 8] } },
      'thresholds.monetaryMinor',
    ],
    [{ lookbackMonths: 6 }, 'thresholds.recencyDays'],
    [{ currentValueCut: 6 }, 'currentValueCut'],
    [{ marginWeight: 1.5 }, 'marginWeight'],
    [{ surprise: true }, ''],
  ])('rejects %j', (patch, path) => {
    const result = valueRulesSchema.safeParse({ ...DEFAULT_VALUE_RULES, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('the sentence on the card', () => {
  const base = {
    tier: 'high' as const,
    reason: 'high' as const,
    frequency: 5,
    monetaryMinor: 1_234_500,
    recencyDays: 12,
    monetaryScore: 5,
    potential: 5,
    currency: 'CNY',
    lookbackMonths: 24,
    quantile: true,
  };
  it('says why, in both languages', () => {
    expect(explainTier(base, 'en')).toBe(
      'High value: spends a lot and buys often — spent CN¥12,345.00 in the last 24 months (top 20%), bought 5 times, last 12 days ago.',
    );
    expect(explainTier(base, 'zh-CN')).toBe(
      '高端价值：消费高且购买活跃——近24个月消费¥12,345.00（前20%），购买5次，最近一次在12天前。',
    );
    expect(explainTier({ ...base, tier: 'low', reason: 'no_orders_in_window' }, 'en')).toBe(
      'Low value: no purchase in the last 24 months.',
    );
  });
});
