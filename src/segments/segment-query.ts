import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { ContactKind, DB } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { SegmentFilter } from './segment-filter.ts';

/**
 * The one query behind a segment: live customers of the tenant matching the filter.
 * Counting, listing, exporting, and later campaigns and follow-up rules all start here.
 */
type Tables = DB & { c: DB['customers']; v: DB['customer_value']; s: DB['customer_stages'] };
export type SegmentQuery = SelectQueryBuilder<Tables, 'c' | 'v' | 's', object>;

const DAY_MS = 86_400_000;

export function segmentQuery(tx: TenantTx, filter: SegmentFilter, now = new Date()): SegmentQuery {
  let q = tx
    .selectFrom('customers as c')
    .leftJoin('customer_value as v', 'v.customer_id', 'c.id')
    .leftJoin('customer_stages as s', 's.customer_id', 'c.id')
    .where('c.deleted_at', 'is', null) as SegmentQuery;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

  if (filter.tiers?.length) q = q.where('v.tier', 'in', filter.tiers);
  if (filter.stages?.length) q = q.where('s.stage', 'in', filter.stages);
  if (filter.tagsAny?.length) q = q.where(sql<boolean>`c.tags && ${sql.val(filter.tagsAny)}::text[]`);
  if (filter.tagsAll?.length) q = q.where(sql<boolean>`c.tags @> ${sql.val(filter.tagsAll)}::text[]`);
  if (filter.provinces?.length) q = q.where('c.province', 'in', filter.provinces);
  if (filter.cities?.length) q = q.where('c.city', 'in', filter.cities);
  if (filter.doNotCall !== undefined) q = q.where('c.do_not_call', '=', filter.doNotCall);
  if (filter.marketingOptIn !== undefined) q = q.where('c.marketing_opt_in', '=', filter.marketingOptIn);
  if (filter.minLifetimeRevenueMinor !== undefined)
    q = q.where('v.lifetime_revenue_minor', '>=', filter.minLifetimeRevenueMinor);
  if (filter.neverOrdered !== undefined)
    q = filter.neverOrdered
      ? q.where((eb) => eb.or([eb('v.order_count', 'is', null), eb('v.order_count', '=', 0)]))
      : q.where('v.order_count', '>', 0);
  if (filter.products?.length || filter.categories?.length) {
    const products = filter.products ?? [];
    const categories = filter.categories ?? [];
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('orders as o')
          .select(sql`1`.as('one'))
          .whereRef('o.customer_id', '=', 'c.id')
          .where('o.status', '=', 'completed')
          .where((o) =>
            o.or([
              ...(products.length ? [o('o.product', 'in', products)] : []),
              ...(categories.length ? [o('o.category', 'in', categories)] : []),
            ]),
          ),
      ),
    );
  }
  if (filter.lastOrderDays) {
    const { min, max } = filter.lastOrderDays;
    if (min !== undefined) q = q.where('v.last_order_at', '<=', daysAgo(min));
    if (max !== undefined) q = q.where('v.last_order_at', '>=', daysAgo(max));
  }
  if (filter.lastContactDays) {
    const { min, max } = filter.lastContactDays;
    const lastContact = sql<Date | null>`greatest(v.last_order_at,
      (select max(f.at) from lifecycle_facts f where f.customer_id = c.id))`;
    if (min !== undefined) q = q.where(sql<boolean>`coalesce(${lastContact} <= ${daysAgo(min)}, true)`);
    if (max !== undefined) q = q.where(sql<boolean>`${lastContact} >= ${daysAgo(max)}`);
  }
  if (filter.satisfaction) {
    const { kind, min, max } = filter.satisfaction;
    const latest = sql<number | null>`(select f.score from lifecycle_facts f
      where f.customer_id = c.id and f.kind = ${kind} order by f.at desc limit 1)`;
    if (min !== undefined) q = q.where(sql<boolean>`${latest} >= ${min}`);
    if (max !== undefined) q = q.where(sql<boolean>`${latest} <= ${max}`);
    if (min === undefined && max === undefined) q = q.where(sql<boolean>`${latest} is not null`);
  }
  return q;
}

export async function countSegment(tx: TenantTx, filter: SegmentFilter, now = new Date()) {
  const row = await segmentQuery(tx, filter, now)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface SegmentMemberRow {
  id: string;
  external_ref: string | null;
  name: string;
  company: string | null;
  province: string | null;
  city: string | null;
  tags: string[];
  do_not_call: boolean;
  marketing_opt_in: boolean;
  tier: string | null;
  stage: string | null;
  lifetime_revenue_minor: number | null;
  order_count: number | null;
  last_order_at: Date | null;
  created_at: Date;
  primary_phone: string | null;
  primary_email: string | null;
}

function primaryContact(eb: ExpressionBuilder<Tables, 'c'>, kind: ContactKind) {
  return eb
    .selectFrom('contacts')
    .select('value')
    .whereRef('contacts.customer_id', '=', 'c.id')
    .where('contacts.kind', '=', kind)
    .where('contacts.deleted_at', 'is', null)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .limit(1);
}

/** Members with what a list or an export shows, ordered by lifetime revenue, then id. */
export function segmentMembers(tx: TenantTx, filter: SegmentFilter, now = new Date()) {
  return segmentQuery(tx, filter, now)
    .select((eb) => [
      'c.id',
      'c.external_ref',
      'c.name',
      'c.company',
      'c.province',
      'c.city',
      'c.tags',
      'c.do_not_call',
      'c.marketing_opt_in',
      'c.created_at',
      'v.tier',
      's.stage',
      'v.lifetime_revenue_minor',
      'v.order_count',
      'v.last_order_at',
      primaryContact(eb, 'phone').as('primary_phone'),
      primaryContact(eb, 'email').as('primary_email'),
    ])
    .orderBy(sql`coalesce(v.lifetime_revenue_minor, 0)`, 'desc')
    .orderBy('c.id');
}
