import { z } from 'zod';

/**
 * A tenant's lifecycle rules: the numbers behind each stage transition. Stored per tenant
 * as JSON; the defaults apply until an admin changes them.
 */
export const STAGES = [
  'contact',
  'acquisition',
  'conversion',
  'retention',
  'loyalty',
  'at_risk',
  'churned',
] as const;
export type Stage = (typeof STAGES)[number];

export const lifecycleRulesSchema = z
  .strictObject({
    /** A second order within this many days of the one before makes a retained customer. */
    repeatWindowDays: z.number().int().min(1, 'the repeat window must be at least 1 day').max(3650),
    /** Completed orders needed (with satisfaction or a referral) for loyalty. */
    loyaltyMinOrders: z.number().int().min(2).max(1000),
    /** Latest CSAT (1–5) at or above which a repeat buyer is loyal. */
    loyaltyMinCsat: z.number().min(1).max(5),
    /** Latest NPS answer (0–10) at or above which a repeat buyer is loyal (a promoter). */
    loyaltyMinNps: z.number().int().min(0).max(10),
    /** Silent past this multiple of their usual purchase interval: at risk. */
    atRiskIntervalFactor: z.number().min(1, 'the at-risk factor must be at least 1').max(20),
    /** Silent past this multiple of their usual purchase interval: churned. */
    churnIntervalFactor: z.number().min(1).max(50),
    /** The usual interval assumed for a customer with fewer than two orders. */
    defaultIntervalDays: z.number().int().min(1).max(3650),
    /** Never at risk before this many silent days, however short their interval. */
    minSilenceDays: z.number().int().min(0).max(3650),
    /** A complaint open longer than this puts the customer at risk. */
    complaintOpenDays: z.number().int().min(1).max(365),
    /** A cancelled latest order (no completed order after it) means the customer is lost. */
    churnOnCancellation: z.boolean(),
    /** What the tenant spends to win one new customer, and to keep one for a year (minor units). */
    acquisitionCostMinor: z.number().int().min(0),
    retentionCostMinor: z.number().int().min(0),
  })
  .refine((r) => r.churnIntervalFactor > r.atRiskIntervalFactor, {
    message: 'the churn factor must be larger than the at-risk factor',
    path: ['churnIntervalFactor'],
  });

export type LifecycleRules = z.infer<typeof lifecycleRulesSchema>;

export const DEFAULT_LIFECYCLE_RULES: LifecycleRules = {
  repeatWindowDays: 365,
  loyaltyMinOrders: 3,
  loyaltyMinCsat: 4,
  loyaltyMinNps: 9,
  atRiskIntervalFactor: 1.5,
  churnIntervalFactor: 3,
  defaultIntervalDays: 180,
  minSilenceDays: 30,
  complaintOpenDays: 7,
  churnOnCancellation: true,
  acquisitionCostMinor: 30_000,
  retentionCostMinor: 5_000,
};
