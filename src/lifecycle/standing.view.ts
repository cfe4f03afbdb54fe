import { z } from 'zod';
import type { Locale } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { notFound } from '../kernel/http/errors.ts';
import { explainTier, tierName } from '../value/tier-explanation.ts';
import { loadValueRules } from '../value/value.store.ts';
import type { ValueTier } from '../value/value-rules.ts';
import { daysBetween, type TierReasonCode } from '../value/value-scoring.ts';
import type { Stage } from './lifecycle-rules.ts';
import { factDetailAsOf } from './stage-evaluation.ts';
import { explainStage, stageName } from './stage-explanation.ts';

/** What the card shows about a customer's value and lifecycle, in the reader's language. */
export const standingView = z.object({
  customerId: z.string(),
  currency: z.string(),
  value: z
    .object({
      tier: z.enum(['high', 'secondary', 'potential', 'low']),
      tierName: z.string(),
      explanation: z.string(),
      recencyDays: z.number().nullable(),
      frequency: z.number(),
      monetaryMinor: z.number(),
      marginMinor: z.number().nullable(),
      scores: z.object({
        recency: z.number().nullable(),
        frequency: z.number().nullable(),
        monetary: z.number().nullable(),
        margin: z.number().nullable(),
        currentValue: z.number().nullable(),
        potential: z.number().nullable(),
      }),
      lifetimeRevenueMinor: z.number(),
      orderCount: z.number(),
      lastOrderAt: z.string().nullable(),
      expectedIntervalDays: z.number().nullable(),
      nextPurchaseExpectedAt: z.string().nullable(),
      lookbackMonths: z.number(),
      scoredAt: z.string(),
    })
    .nullable(),
  stage: z
    .object({
      code: z.string(),
      name: z.string(),
      since: z.string(),
      reason: z.string(),
      explanation: z.string(),
    })
    .nullable(),
  transitions: z.array(
    z.object({
      from: z.string().nullable(),
      fromName: z.string().nullable(),
      to: z.string(),
      toName: z.string(),
      reason: z.string(),
      explanation: z.string(),
      fact: z.record(z.string(), z.unknown()),
      at: z.string(),
    }),
  ),
  referrals: z.object({
    referredBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    made: z.array(
      z.object({ id: z.string(), name: z.string(), lifetimeRevenueMinor: z.number(), since: z.string() }),
    ),
    revenueMinor: z.number().describe('Lifetime revenue of the customers this one referred'),
  }),
});
export type StandingView = z.infer<typeof standingView>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const DAY_MS = 86_400_000;

export async function customerStanding(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  locale: Locale,
  now = new Date(),
): Promise<StandingView> {
  const customer = await tx
    .selectFrom('customers')
    .select(['id', 'referred_by_id'])
    .where('id', '=', customerId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!customer) throw notFound('Customer');
  const tenant = await tx
    .selectFrom('tenants')
    .select('default_currency')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const currency = tenant.default_currency;
  const { rules, breakpoints, rescoredAt } = await loadValueRules(tx);
  const v = await tx
    .selectFrom('customer_value')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  // Days since the last counted order are worked out now: the row keeps the date, not the age.
  const recencyDays = v?.last_counted_at ? daysBetween(new Date(v.last_counted_at), now) : null;
  const s = await tx
    .selectFrom('customer_stages')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  const transitions = await tx
    .selectFrom('stage_transitions')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const referredBy = customer.referred_by_id
    ? await tx
        .selectFrom('customers')
        .select(['id', 'name'])
        .where('id', '=', customer.referred_by_id)
        .executeTakeFirst()
    : undefined;
  const made = await tx
    .selectFrom('customers as r')
    .leftJoin('customer_value as rv', 'rv.customer_id', 'r.id')
    .select(['r.id', 'r.name', 'r.created_at', 'rv.lifetime_revenue_minor'])
    .where('r.referred_by_id', '=', customerId)
    .where('r.deleted_at', 'is', null)
    .orderBy('r.created_at', 'desc')
    .execute();

  return {
    customerId,
    currency,
    value: v
      ? {
          tier: v.tier,
          tierName: tierName(v.tier as ValueTier, locale),
          explanation: explainTier(
            {
              tier: v.tier as ValueTier,
              reason: v.reason as TierReasonCode,
              frequency: v.frequency,
              monetaryMinor: Number(v.monetary_minor),
              recencyDays,
              monetaryScore: v.monetary_score,
              potential: v.potential,
              currency,
              lookbackMonths: rules.lookbackMonths,
              quantile: breakpoints?.method === 'quantile',
            },
            locale,
          ),
          recencyDays,
          frequency: v.frequency,
          monetaryMinor: Number(v.monetary_minor),
          marginMinor: v.margin_minor === null ? null : Number(v.margin_minor),
          scores: {
            recency: v.recency_score,
            frequency: v.frequency_score,
            monetary: v.monetary_score,
            margin: v.margin_score,
            currentValue: v.current_value,
            potential: v.potential,
          },
          lifetimeRevenueMinor: Number(v.lifetime_revenue_minor),
          orderCount: v.order_count,
          lastOrderAt: iso(v.last_order_at),
          expectedIntervalDays: v.expected_interval_days,
          nextPurchaseExpectedAt:
            v.expected_interval_days && v.last_order_at
              ? new Date(
                  new Date(v.last_order_at).getTime() + v.expected_interval_days * DAY_MS,
                ).toISOString()
              : null,
          lookbackMonths: rules.lookbackMonths,
          // A full rescore rewrites only changed rows; the others were checked then too.
          scoredAt: iso(rescoredAt && rescoredAt > v.scored_at ? rescoredAt : v.scored_at)!,
        }
      : null,
    stage: s
      ? {
          code: s.stage,
          name: stageName(s.stage as Stage, locale),
          since: iso(s.since)!,
          reason: s.reason,
          explanation: explainStage(
            s.reason,
            factDetailAsOf((s.fact ?? {}) as Record<string, unknown>, now),
            locale,
          ),
        }
      : null,
    transitions: transitions.map((t) => {
      const fact = (t.fact ?? {}) as Record<string, unknown>;
      return {
        from: t.from_stage,
        fromName: t.from_stage ? stageName(t.from_stage as Stage, locale) : null,
        to: t.to_stage,
        toName: stageName(t.to_stage as Stage, locale),
        reason: t.reason,
        explanation: explainStage(t.reason, fact, locale),
        fact,
        at: iso(t.at)!,
      };
    }),
    referrals: {
      referredBy: referredBy ?? null,
      made: made.map((r) => ({
        id: r.id,
        name: r.name,
        lifetimeRevenueMinor: Number(r.lifetime_revenue_minor ?? 0),
        since: iso(r.created_at)!,
      })),
      revenueMinor: made.reduce((sum, r) => sum + Number(r.lifetime_revenue_minor ?? 0), 0),
    },
  };
}

/** A customer's stage transitions as timeline entries (newest first), in the reader's language. */
export async function stageTimelineEntries(tx: TenantTx, customerId: string, limit: number, locale: Locale) {
  const rows = await tx
    .selectFrom('stage_transitions')
    .select(['id', 'from_stage', 'to_stage', 'reason', 'fact', 'at'])
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((t) => ({
    at: new Date(t.at).toISOString(),
    title: `${t.from_stage ? stageName(t.from_stage as Stage, locale) : locale === 'en' ? 'New' : '新客户'} → ${stageName(t.to_stage as Stage, locale)}`,
    detail: explainStage(t.reason, (t.fact ?? {}) as Record<string, unknown>, locale),
    refId: String(t.id),
  }));
}
