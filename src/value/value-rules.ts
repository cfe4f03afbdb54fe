import { z } from 'zod';

/**
 * A tenant's value rules: how customers are scored on recency, frequency, monetary value
 * (and margin) and how the scores map to the four value tiers. Stored per tenant as JSON;
 * the defaults below apply until an admin changes them.
 *
 * The tiers follow the customer value matrix a call center uses: *current value* (what the
 * customer spends, and earns us) against *potential* (how recently and how often they buy).
 *   high value  = high current value and high potential
 *   secondary   = high current value, fading potential
 *   potential   = low current value so far, but engaged (or new)
 *   low value   = neither
 */
export const VALUE_TIERS = ['high', 'secondary', 'potential', 'low'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];

/** Four ascending cut points split a measure into scores 1–5. */
const cutPoints = z
  .tuple([z.number(), z.number(), z.number(), z.number()])
  .refine((c) => c.every((v, i) => i === 0 || v > c[i - 1]!), 'cut points must strictly increase')
  .refine((c) => c[0] >= 0, 'cut points cannot be negative');

export const valueRulesSchema = z
  .strictObject({
    /** Orders older than this do not count towards frequency, monetary value and margin. */
    lookbackMonths: z.number().int().min(1, 'the look-back window must be at least 1 month').max(120),
    /**
     * `quantile`: scores are quintiles of this tenant's buying customers (recomputed on every
     * full rescore). `threshold`: scores come from the fixed cut points below.
     */
    method: z.enum(['quantile', 'threshold']),
    thresholds: z.strictObject({
      /** Days since the last order; 5 points at or under the first, 1 point over the last. */
      recencyDays: cutPoints,
      /** Orders in the window; 1 point below the first, 5 at or above the last. */
      frequency: cutPoints,
      /** Net revenue in the window, in minor units (fen). */
      monetaryMinor: cutPoints,
    }),
    /** Share of current value that comes from margin rather than revenue (0 = revenue only). */
    marginWeight: z.number().min(0).max(1),
    /** Current-value score (1–5) at or above which a customer has high current value. */
    currentValueCut: z.number().min(1).max(5),
    /** Potential score (1–5, mean of recency and frequency) at or above which potential is high. */
    potentialCut: z.number().min(1).max(5),
    /** Only orders in these categories count; empty = every category. */
    categories: z.array(z.string().trim().min(1).max(100)).max(200),
    /** A customer without orders who was added within this many days is "potential", not "low". */
    newCustomerDays: z.number().int().min(0).max(3650),
  })
  .refine((r) => r.thresholds.recencyDays[3] <= r.lookbackMonths * 31, {
    message: 'the last recency cut point lies beyond the look-back window',
    path: ['thresholds', 'recencyDays'],
  });

export type ValueRules = z.infer<typeof valueRulesSchema>;

export const DEFAULT_VALUE_RULES: ValueRules = {
  lookbackMonths: 24,
  method: 'quantile',
  thresholds: {
    recencyDays: [30, 90, 180, 365],
    frequency: [2, 3, 5, 8],
    monetaryMinor: [100_000, 300_000, 800_000, 2_000_000],
  },
  marginWeight: 0.3,
  currentValueCut: 4,
  potentialCut: 3,
  categories: [],
  newCustomerDays: 90,
};
