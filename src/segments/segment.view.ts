import { z } from 'zod';
import { maskPhone } from '../customers/contact-value.ts';
import type { SegmentMemberRow } from './segment-query.ts';

/** A segment member as the API shows it; phones masked for roles that may not see them. */
export const segmentMember = z.object({
  id: z.string(),
  externalRef: z.string().nullable(),
  name: z.string(),
  company: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  tags: z.array(z.string()),
  doNotCall: z.boolean(),
  marketingOptIn: z.boolean(),
  tier: z.string().nullable(),
  stage: z.string().nullable(),
  lifetimeRevenueMinor: z.number(),
  orderCount: z.number(),
  lastOrderAt: z.string().nullable(),
  primaryPhone: z.string().nullable(),
  primaryEmail: z.string().nullable(),
});
export type SegmentMember = z.infer<typeof segmentMember>;

export function memberToView(row: SegmentMemberRow, fullPhones: boolean): SegmentMember {
  return {
    id: row.id,
    externalRef: row.external_ref,
    name: row.name,
    company: row.company,
    province: row.province,
    city: row.city,
    tags: row.tags,
    doNotCall: row.do_not_call,
    marketingOptIn: row.marketing_opt_in,
    tier: row.tier,
    stage: row.stage,
    lifetimeRevenueMinor: Number(row.lifetime_revenue_minor ?? 0),
    orderCount: Number(row.order_count ?? 0),
    lastOrderAt: row.last_order_at ? new Date(row.last_order_at).toISOString() : null,
    primaryPhone:
      row.primary_phone === null ? null : fullPhones ? row.primary_phone : maskPhone(row.primary_phone),
    primaryEmail: row.primary_email,
  };
}
