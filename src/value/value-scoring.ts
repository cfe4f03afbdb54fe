import type { ValueRules, ValueTier } from './value-rules.ts';

/**
 * Scores one customer on recency, frequency, monetary value and margin, and places them
 * in a value tier. Pure: the facts come in, the scores and the tier come out.
 *
 * Scores run 1–5. With the quantile method the cut points are the 20th/40th/60th/80th
 * percentiles of this tenant's buying customers, and a value exactly on a cut point takes
 * the lower score (so the many one-time buyers all score 1 on frequency, not 4). With the
 * threshold method the cut points are the admin's, read as "at least" (frequency, money)
 * and "at most" (days since the last order).
 */
export interface ValueFacts {
  /** Counted orders (completed, in the window, in the counted categories). */
  frequency: number;
  monetaryMinor: number;
  /** Margin of the counted orders; null when none of them carries a margin. */
  marginMinor: number | null;
  /** The last counted order, or null when there is none in the window. */
  lastOrderAt: Date | null;
  createdAt: Date;
  /** Completed orders ever, in or out of the window (0 for a customer who never bought). */
  lifetimeOrders?: number;
}

export type CutPoints = [number, number, number, number];

export interface Breakpoints {
  method: 'quantile' | 'threshold';
  recencyDays: CutPoints;
  frequency: CutPoints;
  monetaryMinor: CutPoints;
  /** Null when no customer has a margin (or the rules ignore margin). */
  marginMinor: CutPoints | null;
}

export type TierReasonCode = ValueTier | 'new_without_orders' | 'no_orders_in_window';

export interface ValueScore {
  tier: ValueTier;
  reason: TierReasonCode;
  recencyDays: number | null;
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  marginScore: number | null;
  /** 1–5: monetary score, blended with the margin score by the rules' margin weight. */
  currentValue: number | null;
  /** 1–5: mean of recency and frequency scores. */
  potential: number | null;
}

const DAY_MS = 86_400_000;

export function daysBetween(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

/** Score 1–5 for a measure where more is better. */
export function scoreHigherBetter(value: number, cuts: CutPoints, method: Breakpoints['method']): number {
  const passed = cuts.filter((c) => (method === 'threshold' ? value >= c : value > c)).length;
  return 1 + passed;
}

/** Score 1–5 for days since the last order, where fewer is better. */
export function scoreRecency(days: number, cuts: CutPoints, method: Breakpoints['method']): number {
  const over = cuts.filter((c) => (method === 'threshold' ? days > c : days >= c)).length;
  return 5 - over;
}

/** PostgreSQL's percentile_disc: the first value whose cumulative share reaches p. */
export function percentileDisc(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.max(0, Math.ceil(p * sorted.length) - 1);
  return sorted[Math.min(index, sorted.length - 1)]!;
}

export function quintileCuts(values: readonly number[]): CutPoints {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.2, 0.4, 0.6, 0.8].map((p) => percentileDisc(sorted, p)) as CutPoints;
}

/** The 20/40/60/80th percentiles of a tenant's buying customers; null where nobody bought. */
export interface Quintiles {
  recencyDays: CutPoints | null;
  frequency: CutPoints | null;
  monetaryMinor: CutPoints | null;
  marginMinor: CutPoints | null;
}

/**
 * The cut points in force: the rules' thresholds, or the population's quintiles. A tenant
 * with no buying customer yet has no quintiles, so the thresholds stand in until it does.
 */
export function breakpointsFor(rules: ValueRules, quintiles: Quintiles): Breakpoints {
  const marginMinor = rules.marginWeight > 0 ? quintiles.marginMinor : null;
  const { recencyDays, frequency, monetaryMinor } = quintiles;
  if (rules.method === 'threshold' || !recencyDays || !frequency || !monetaryMinor) {
    return { method: 'threshold', ...rules.thresholds, marginMinor };
  }
  return { method: 'quantile', recencyDays, frequency, monetaryMinor, marginMinor };
}

export function scoreCustomer(
  facts: ValueFacts,
  rules: ValueRules,
  cuts: Breakpoints,
  now: Date,
): ValueScore {
  if (facts.frequency === 0 || facts.lastOrderAt === null) {
    // "New" is a customer who has not had the time to buy yet: one whose purchases all lie
    // before the window (an old customer entered into Hotline today) is not new.
    const isNew = daysBetween(facts.createdAt, now) <= rules.newCustomerDays && !(facts.lifetimeOrders ?? 0);
    return {
      tier: isNew ? 'potential' : 'low',
      reason: isNew ? 'new_without_orders' : 'no_orders_in_window',
      recencyDays: null,
      recencyScore: null,
      frequencyScore: null,
      monetaryScore: null,
      marginScore: null,
      currentValue: null,
      potential: null,
    };
  }
  // An order dated in the future (a pre-order, a clock skew) counts as bought today.
  const recencyDays = daysBetween(facts.lastOrderAt, now);
  const recencyScore = scoreRecency(recencyDays, cuts.recencyDays, cuts.method);
  const frequencyScore = scoreHigherBetter(facts.frequency, cuts.frequency, cuts.method);
  const monetaryScore = scoreHigherBetter(Math.max(0, facts.monetaryMinor), cuts.monetaryMinor, cuts.method);
  // Margin cut points are always quintiles: there is no sensible fixed default for them.
  const marginScore =
    cuts.marginMinor && facts.marginMinor !== null
      ? scoreHigherBetter(facts.marginMinor, cuts.marginMinor, 'quantile')
      : null;
  const currentValue =
    marginScore === null
      ? monetaryScore
      : round2((1 - rules.marginWeight) * monetaryScore + rules.marginWeight * marginScore);
  const potential = round2((recencyScore + frequencyScore) / 2);
  const highCurrent = currentValue >= rules.currentValueCut;
  const highPotential = potential >= rules.potentialCut;
  const tier: ValueTier = highCurrent
    ? highPotential
      ? 'high'
      : 'secondary'
    : highPotential
      ? 'potential'
      : 'low';
  return {
    tier,
    reason: tier,
    recencyDays,
    recencyScore,
    frequencyScore,
    monetaryScore,
    marginScore,
    currentValue,
    potential,
  };
}

/**
 * Expected days between purchases: the mean gap between a customer's first and last
 * completed orders. Null with fewer than two orders on different days.
 */
export function expectedIntervalDays(
  firstOrderAt: Date | null,
  lastOrderAt: Date | null,
  orderCount: number,
): number | null {
  if (!firstOrderAt || !lastOrderAt || orderCount < 2) return null;
  const span = (lastOrderAt.getTime() - firstOrderAt.getTime()) / DAY_MS;
  if (span < 1) return null;
  return Math.round(span / (orderCount - 1));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
