import { describe, expect, it } from 'vitest';
import { lifecycleRulesSchema, DEFAULT_LIFECYCLE_RULES as RULES } from './lifecycle-rules.ts';
import { evaluateStage, factDetailAsOf, factWithoutAge, type LifecycleFacts } from './stage-evaluation.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

function facts(partial: Partial<LifecycleFacts> = {}): LifecycleFacts {
  return {
    createdAt: daysAgo(800),
    qualifiedAt: null,
    completedOrders: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    previousOrderAt: null,
    lastCancelledAt: null,
    lostAt: null,
    lostReason: null,
    latestSatisfaction: null,
    referralsMade: 0,
    lastReferralAt: null,
    oldestOpenComplaintAt: null,
    ...partial,
  };
}

/** Orders every `gap` days, the last one `lastAgo` days ago. */
function buyer(count: number, gap: number, lastAgo: number): Partial<LifecycleFacts> {
  return {
    completedOrders: count,
    firstOrderAt: daysAgo(lastAgo + gap * (count - 1)),
    previousOrderAt: count > 1 ? daysAgo(lastAgo + gap) : null,
    lastOrderAt: daysAgo(lastAgo),
  };
}

const stage = (f: Partial<LifecycleFacts>) => evaluateStage(facts(f), RULES, NOW);

describe('lifecycle stages', () => {
  it('starts at contact', () => {
    expect(stage({})).toMatchObject({ stage: 'contact', reason: 'first_contact' });
  });

  it('moves a qualified lead to acquisition', () => {
    expect(stage({ qualifiedAt: daysAgo(3) })).toMatchObject({ stage: 'acquisition', reason: 'qualified' });
  });

  it('moves a first order to conversion', () => {
    const d = stage(buyer(1, 0, 10));
    expect(d).toMatchObject({ stage: 'conversion', reason: 'first_order' });
    expect(d.fact.type).toBe('order');
  });

  it('moves a repeat order within the window to retention', () => {
    expect(stage(buyer(2, 60, 5))).toMatchObject({ stage: 'retention', reason: 'repeat_order' });
  });

  it('keeps a repeat after a gap longer than the window in conversion', () => {
    // orders 400 days apart, last one 5 days ago: a customer won back, not yet retained
    expect(stage(buyer(2, 400, 5))).toMatchObject({ stage: 'conversion', reason: 'returned_after_gap' });
  });

  it('makes a repeat buyer with high satisfaction loyal', () => {
    const sat = { kind: 'csat' as const, score: 5, at: daysAgo(2) };
    expect(stage({ ...buyer(3, 60, 5), latestSatisfaction: sat })).toMatchObject({
      stage: 'loyalty',
      reason: 'loyal_satisfied',
    });
    const nps = { kind: 'nps' as const, score: 9, at: daysAgo(2) };
    expect(stage({ ...buyer(3, 60, 5), latestSatisfaction: nps }).stage).toBe('loyalty');
  });

  it('makes a repeat buyer who referred someone loyal', () => {
    expect(stage({ ...buyer(3, 60, 5), referralsMade: 1, lastReferralAt: daysAgo(20) })).toMatchObject({
      stage: 'loyalty',
      reason: 'loyal_referral',
    });
  });

  it('does not make a happy customer with too few orders loyal', () => {
    const sat = { kind: 'csat' as const, score: 5, at: daysAgo(2) };
    expect(stage({ ...buyer(2, 60, 5), latestSatisfaction: sat }).stage).toBe('retention');
  });

  it('puts a customer silent past 1.5 × their interval at risk', () => {
    // every 60 days; silent 95 days > 90
    const d = stage(buyer(4, 60, 95));
    expect(d).toMatchObject({ stage: 'at_risk', reason: 'silent' });
    expect(d.fact.detail).toMatchObject({ silentDays: 95, intervalDays: 60, limitDays: 90 });
    // exactly on the limit is not yet at risk
    expect(stage(buyer(4, 60, 90)).stage).toBe('retention');
  });

  it('uses the default interval for a one-time buyer', () => {
    // default 180 days → at risk after 270
    expect(stage(buyer(1, 0, 270)).stage).toBe('conversion');
    expect(stage(buyer(1, 0, 271)).stage).toBe('at_risk');
  });

  it('never calls a customer at risk before the minimum silence', () => {
    // every 5 days: 1.5 × 5 = 8 days, but the floor is 30
    expect(stage(buyer(10, 5, 20)).stage).not.toBe('at_risk');
    expect(stage(buyer(10, 5, 31)).stage).toBe('at_risk');
    expect(stage(buyer(10, 5, 60)).stage).toBe('at_risk');
    expect(stage(buyer(10, 5, 61)).stage).toBe('churned');
  });

  it('churns a customer silent past 3 × their interval', () => {
    expect(stage(buyer(4, 60, 181))).toMatchObject({ stage: 'churned', reason: 'long_silence' });
  });

  it('puts a customer with a complaint open too long at risk', () => {
    expect(stage({ ...buyer(3, 30, 2), oldestOpenComplaintAt: daysAgo(8) })).toMatchObject({
      stage: 'at_risk',
      reason: 'complaint_open',
    });
    expect(stage({ ...buyer(3, 30, 2), oldestOpenComplaintAt: daysAgo(7) }).stage).toBe('retention');
  });

  it('puts a detractor at risk, even a loyal one', () => {
    const nps = { kind: 'nps' as const, score: 3, at: daysAgo(1) };
    expect(
      stage({ ...buyer(5, 30, 5), referralsMade: 2, lastReferralAt: daysAgo(50), latestSatisfaction: nps }),
    ).toMatchObject({
      stage: 'at_risk',
      reason: 'detractor',
    });
  });

  it('churns on a cancelled last order, and a later order wins the customer back', () => {
    expect(stage({ ...buyer(2, 30, 40), lastCancelledAt: daysAgo(10) })).toMatchObject({
      stage: 'churned',
      reason: 'cancelled',
    });
    expect(stage({ ...buyer(2, 30, 5), lastCancelledAt: daysAgo(10) }).stage).toBe('retention');
    expect(
      evaluateStage(
        facts({ ...buyer(2, 30, 40), lastCancelledAt: daysAgo(10) }),
        { ...RULES, churnOnCancellation: false },
        NOW,
      ).stage,
    ).toBe('retention');
  });

  it('churns a customer marked lost until they buy again', () => {
    expect(stage({ ...buyer(3, 30, 20), lostAt: daysAgo(5), lostReason: '转投竞品' })).toMatchObject({
      stage: 'churned',
      reason: 'lost',
      fact: { detail: { reason: '转投竞品' } },
    });
    expect(stage({ ...buyer(3, 30, 1), lostAt: daysAgo(5), lostReason: 'x' }).stage).toBe('retention');
  });

  it('treats an order dated in the future as recent', () => {
    expect(stage({ completedOrders: 1, firstOrderAt: daysAgo(-3), lastOrderAt: daysAgo(-3) }).stage).toBe(
      'conversion',
    );
  });
});

describe('lifecycle rules validation', () => {
  it('accepts the defaults', () => {
    expect(lifecycleRulesSchema.safeParse(RULES).success).toBe(true);
  });
  it.each([
    [{ repeatWindowDays: -5 }, 'repeatWindowDays'],
    [{ atRiskIntervalFactor: 3, churnIntervalFactor: 2 }, 'churnIntervalFactor'],
    [{ atRiskIntervalFactor: 0.5 }, 'atRiskIntervalFactor'],
    [{ acquisitionCostMinor: -1 }, 'acquisitionCostMinor'],
  ])('rejects %j', (patch, path) => {
    const result = lifecycleRulesSchema.safeParse({ ...RULES, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });
});

describe('fact ages', () => {
  const silence = {
    type: 'silence',
    at: daysAgo(200).toISOString(),
    silentDays: 190,
    intervalDays: 60,
    limitDays: 90,
  };
  it('leaves the day count out when comparing stored facts', () => {
    expect(factWithoutAge(silence)).toEqual({
      type: 'silence',
      at: silence.at,
      intervalDays: 60,
      limitDays: 90,
    });
    expect(factWithoutAge({ ...silence, silentDays: 191 })).toEqual(factWithoutAge(silence));
    expect(factWithoutAge({ ...silence, limitDays: 91 })).not.toEqual(factWithoutAge(silence));
  });
  it('recounts the days since the fact when it is shown', () => {
    expect(factDetailAsOf(silence, NOW).silentDays).toBe(200);
    const complaint = { type: 'complaint_open', at: daysAgo(9).toISOString(), openDays: 8, limitDays: 7 };
    expect(factDetailAsOf(complaint, NOW).openDays).toBe(9);
  });
  it('keeps facts without an age as they are', () => {
    const order = { type: 'order', at: daysAgo(3).toISOString(), gapDays: 20, orders: 3 };
    expect(factWithoutAge(order)).toBe(order);
    expect(factDetailAsOf(order, NOW)).toBe(order);
  });
});
