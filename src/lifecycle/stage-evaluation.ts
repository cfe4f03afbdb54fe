import { expectedIntervalDays } from '../value/value-scoring.ts';
import type { LifecycleRules, Stage } from './lifecycle-rules.ts';

/**
 * Decides a customer's lifecycle stage from the facts about them. Pure: the same facts and
 * rules always give the same stage, with the reason and the fact that decided it.
 *
 * The rules are checked from the most urgent down: a lost customer is churned whatever
 * else is true; a silent one is at risk even if they were loyal; then loyalty, retention,
 * conversion, acquisition, and finally plain contact.
 */
export interface Satisfaction {
  kind: 'csat' | 'nps';
  score: number;
  at: Date;
}

export interface LifecycleFacts {
  createdAt: Date;
  /** Marked interested in an interaction, or a survey showed a need. */
  qualifiedAt: Date | null;
  completedOrders: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** The completed order before the last one. */
  previousOrderAt: Date | null;
  lastCancelledAt: Date | null;
  /** Marked lost by an agent (with a reason), unless they bought again since. */
  lostAt: Date | null;
  lostReason: string | null;
  latestSatisfaction: Satisfaction | null;
  referralsMade: number;
  lastReferralAt: Date | null;
  oldestOpenComplaintAt: Date | null;
}

export type StageReasonCode =
  | 'first_contact'
  | 'qualified'
  | 'first_order'
  | 'returned_after_gap'
  | 'repeat_order'
  | 'loyal_satisfied'
  | 'loyal_referral'
  | 'silent'
  | 'complaint_open'
  | 'detractor'
  | 'long_silence'
  | 'cancelled'
  | 'lost';

export interface StageDecision {
  stage: Stage;
  reason: StageReasonCode;
  /** The fact that decided it: what happened and when. */
  fact: { type: string; at: Date; detail: Record<string, string | number | null> };
}

const DAY_MS = 86_400_000;
const days = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

export function isDetractor(s: Satisfaction): boolean {
  return s.kind === 'nps' ? s.score <= 6 : s.score <= 2;
}

export function isPromoter(s: Satisfaction, rules: LifecycleRules): boolean {
  return s.kind === 'nps' ? s.score >= rules.loyaltyMinNps : s.score >= rules.loyaltyMinCsat;
}

export function evaluateStage(facts: LifecycleFacts, rules: LifecycleRules, now: Date): StageDecision {
  const last = facts.lastOrderAt;
  if (facts.lostAt && (!last || facts.lostAt >= last)) {
    return {
      stage: 'churned',
      reason: 'lost',
      fact: { type: 'marked_lost', at: facts.lostAt, detail: { reason: facts.lostReason } },
    };
  }
  if (rules.churnOnCancellation && facts.lastCancelledAt && (!last || facts.lastCancelledAt > last)) {
    return {
      stage: 'churned',
      reason: 'cancelled',
      fact: { type: 'order_cancelled', at: facts.lastCancelledAt, detail: {} },
    };
  }
  if (last) {
    const interval =
      expectedIntervalDays(facts.firstOrderAt, last, facts.completedOrders) ?? rules.defaultIntervalDays;
    const silence = days(last, now);
    // The silence floor scales with the factors, so at-risk always comes before churned.
    const churnFloor = Math.round(
      (rules.minSilenceDays * rules.churnIntervalFactor) / rules.atRiskIntervalFactor,
    );
    const churnAfter = Math.max(churnFloor, Math.round(rules.churnIntervalFactor * interval));
    const riskAfter = Math.max(rules.minSilenceDays, Math.round(rules.atRiskIntervalFactor * interval));
    if (silence > churnAfter) {
      return {
        stage: 'churned',
        reason: 'long_silence',
        fact: {
          type: 'silence',
          at: last,
          detail: { silentDays: silence, intervalDays: interval, limitDays: churnAfter },
        },
      };
    }
    if (silence > riskAfter) {
      return {
        stage: 'at_risk',
        reason: 'silent',
        fact: {
          type: 'silence',
          at: last,
          detail: { silentDays: silence, intervalDays: interval, limitDays: riskAfter },
        },
      };
    }
  }
  if (facts.oldestOpenComplaintAt && days(facts.oldestOpenComplaintAt, now) > rules.complaintOpenDays) {
    return {
      stage: 'at_risk',
      reason: 'complaint_open',
      fact: {
        type: 'complaint_open',
        at: facts.oldestOpenComplaintAt,
        detail: { openDays: days(facts.oldestOpenComplaintAt, now), limitDays: rules.complaintOpenDays },
      },
    };
  }
  const satisfaction = facts.latestSatisfaction;
  if (satisfaction && last && isDetractor(satisfaction) && satisfaction.at >= last) {
    return {
      stage: 'at_risk',
      reason: 'detractor',
      fact: { type: satisfaction.kind, at: satisfaction.at, detail: { score: satisfaction.score } },
    };
  }
  if (last && facts.completedOrders >= rules.loyaltyMinOrders) {
    if (satisfaction && isPromoter(satisfaction, rules)) {
      return {
        stage: 'loyalty',
        reason: 'loyal_satisfied',
        fact: {
          type: satisfaction.kind,
          at: satisfaction.at,
          detail: { score: satisfaction.score, orders: facts.completedOrders },
        },
      };
    }
    if (facts.referralsMade > 0 && facts.lastReferralAt) {
      return {
        stage: 'loyalty',
        reason: 'loyal_referral',
        fact: {
          type: 'referral',
          at: facts.lastReferralAt,
          detail: { referrals: facts.referralsMade, orders: facts.completedOrders },
        },
      };
    }
  }
  if (last && facts.previousOrderAt && facts.completedOrders >= 2) {
    const gap = days(facts.previousOrderAt, last);
    if (gap <= rules.repeatWindowDays) {
      return {
        stage: 'retention',
        reason: 'repeat_order',
        fact: { type: 'order', at: last, detail: { gapDays: gap, orders: facts.completedOrders } },
      };
    }
    return {
      stage: 'conversion',
      reason: 'returned_after_gap',
      fact: { type: 'order', at: last, detail: { gapDays: gap, orders: facts.completedOrders } },
    };
  }
  if (last) {
    return {
      stage: 'conversion',
      reason: 'first_order',
      fact: { type: 'order', at: last, detail: { orders: facts.completedOrders } },
    };
  }
  if (facts.qualifiedAt) {
    return {
      stage: 'acquisition',
      reason: 'qualified',
      fact: { type: 'qualified', at: facts.qualifiedAt, detail: {} },
    };
  }
  return {
    stage: 'contact',
    reason: 'first_contact',
    fact: { type: 'created', at: facts.createdAt, detail: {} },
  };
}

/**
 * Fact details that only count days since the fact (a silence, an open complaint). They grow
 * every day without anything happening, so they are left out when deciding whether a stored
 * stage changed, and worked out afresh when the stage is shown.
 */
const AGE_DETAILS: Record<string, string> = { silence: 'silentDays', complaint_open: 'openDays' };

/** A stored fact with its age fields dropped: what must differ for the stage row to be rewritten. */
export function factWithoutAge(fact: Record<string, unknown>): Record<string, unknown> {
  const age = typeof fact.type === 'string' ? AGE_DETAILS[fact.type] : undefined;
  if (!age || !(age in fact)) return fact;
  const { [age]: _age, ...rest } = fact;
  return rest;
}

/** A stored fact's details as of `now`: the age fields recounted from the fact's date. */
export function factDetailAsOf(fact: Record<string, unknown>, now: Date): Record<string, unknown> {
  const age = typeof fact.type === 'string' ? AGE_DETAILS[fact.type] : undefined;
  const at = typeof fact.at === 'string' ? new Date(fact.at) : null;
  if (!age || !at || Number.isNaN(at.getTime())) return fact;
  return { ...fact, [age]: days(at, now) };
}
