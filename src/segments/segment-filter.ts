import { z } from 'zod';
import { STAGES } from '../lifecycle/lifecycle-rules.ts';
import { VALUE_TIERS } from '../value/value-rules.ts';

/**
 * A segment's filter: every condition is optional and they all must hold. This one shape
 * is what the segment page edits, what the count preview and exports run, and what
 * campaigns and follow-up rules will take as their target.
 */
const dayRange = z
  .strictObject({
    min: z.number().int().min(0).optional().describe('at least this many days ago'),
    max: z.number().int().min(0).optional().describe('at most this many days ago'),
  })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
    message: 'min days must not exceed max days',
  });

const names = z.array(z.string().trim().min(1).max(100)).max(200);

export const segmentFilterSchema = z.strictObject({
  tiers: z.array(z.enum(VALUE_TIERS)).max(4).optional(),
  stages: z.array(z.enum(STAGES)).max(7).optional(),
  /** Has at least one of these tags. */
  tagsAny: names.optional(),
  /** Has every one of these tags. */
  tagsAll: names.optional(),
  /** Owns (a completed order of) any of these products or categories. */
  products: names.optional(),
  categories: names.optional(),
  provinces: names.optional(),
  cities: names.optional(),
  /** Days since the last contact (an order or a recorded fact; interactions when they land). */
  lastContactDays: dayRange.optional(),
  lastOrderDays: dayRange.optional(),
  /** Never ordered (true) or ordered at least once (false). */
  neverOrdered: z.boolean().optional(),
  satisfaction: z
    .strictObject({
      kind: z.enum(['csat', 'nps']),
      min: z.number().min(0).max(10).optional(),
      max: z.number().min(0).max(10).optional(),
    })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: 'min score must not exceed max score',
    })
    .optional(),
  doNotCall: z.boolean().optional(),
  marketingOptIn: z.boolean().optional(),
  minLifetimeRevenueMinor: z.number().int().min(0).optional(),
});

export type SegmentFilter = z.infer<typeof segmentFilterSchema>;
