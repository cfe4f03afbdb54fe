import { type RawBuilder, sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { DEFAULT_VALUE_RULES, type ValueRules, valueRulesSchema } from './value-rules.ts';
import type { Breakpoints } from './value-scoring.ts';

/** SQL of the value slice: the rules row and the per-customer order aggregates. */

export interface StoredValueRules {
  rules: ValueRules;
  breakpoints: Breakpoints | null;
  rescoredAt: Date | null;
  updatedAt: Date | null;
}

export async function loadValueRules(tx: TenantTx): Promise<StoredValueRules> {
  const row = await tx
    .selectFrom('value_rules')
    .select(['rules', 'breakpoints', 'rescored_at', 'updated_at'])
    .executeTakeFirst();
  if (!row) return { rules: DEFAULT_VALUE_RULES, breakpoints: null, rescoredAt: null, updatedAt: null };
  // Stored rules were validated on the way in; parse again so an old shape gets new defaults.
  const parsed = valueRulesSchema.safeParse({ ...DEFAULT_VALUE_RULES, ...(row.rules as object) });
  return {
    rules: parsed.success ? parsed.data : DEFAULT_VALUE_RULES,
    breakpoints: (row.breakpoints as Breakpoints | null) ?? null,
    rescoredAt: row.rescored_at,
    updatedAt: row.updated_at,
  };
}

export async function saveValueRules(
  tx: TenantTx,
  tenantId: string,
  rules: ValueRules,
  userId: string | null,
) {
  await tx
    .insertInto('value_rules')
    .values({ tenant_id: tenantId, rules: JSON.stringify(rules), updated_by: userId })
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ rules: JSON.stringify(rules), updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

export async function saveBreakpoints(tx: TenantTx, tenantId: string, breakpoints: Breakpoints, at: Date) {
  await tx
    .insertInto('value_rules')
    .values({
      tenant_id: tenantId,
      rules: JSON.stringify(DEFAULT_VALUE_RULES),
      breakpoints: JSON.stringify(breakpoints),
      rescored_at: at,
    })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ breakpoints: JSON.stringify(breakpoints), rescored_at: at }),
    )
    .execute();
}

/** One customer's order aggregates, as the full rescore computes them for everyone. */
export interface OrderAggregates {
  customer_id: string;
  created_at: Date;
  frequency: number;
  monetary_minor: number;
  margin_minor: number | null;
  last_counted_at: Date | null;
  order_count: number;
  first_order_at: Date | null;
  last_order_at: Date | null;
  previous_order_at: Date | null;
  last_cancelled_at: Date | null;
  lifetime_revenue_minor: number;
}

/**
 * The aggregate over orders, for one customer (`customerId`) or every customer of the
 * tenant. "Counted" orders are completed, inside the look-back window and, when the rules
 * name categories, in one of them; lifetime figures count every completed order.
 */
export function orderAggregatesSql(
  rules: ValueRules,
  now: Date,
  customerId?: string,
  options: { historical?: boolean } = {},
): RawBuilder<OrderAggregates> {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - rules.lookbackMonths);
  const categoryOk =
    rules.categories.length === 0 ? sql`true` : sql`o.category = any(${sql.val(rules.categories)}::text[])`;
  const counted = sql`o.status = 'completed' and o.ordered_at >= ${since} and ${categoryOk}`;
  const onlyOne = customerId ? sql`and c.id = ${customerId}` : sql``;
  // Replaying history (the demo's past): customers and orders after `now` did not exist yet.
  const ordersUntil = options.historical ? sql`and o.ordered_at <= ${now}` : sql``;
  // (Imported customers are created today but bought years ago: an order also proves they existed.)
  const customersUntil = options.historical
    ? sql`and (c.created_at <= ${now} or exists (
        select 1 from orders e where e.customer_id = c.id and e.ordered_at <= ${now}))`
    : sql``;
  return sql<OrderAggregates>`
    select c.id as customer_id, c.created_at,
      count(o.id) filter (where ${counted})::int as frequency,
      coalesce(sum(o.amount_minor) filter (where ${counted}), 0)::bigint as monetary_minor,
      sum(o.margin_minor) filter (where ${counted})::bigint as margin_minor,
      max(o.ordered_at) filter (where ${counted}) as last_counted_at,
      count(o.id) filter (where o.status = 'completed')::int as order_count,
      min(o.ordered_at) filter (where o.status = 'completed') as first_order_at,
      max(o.ordered_at) filter (where o.status = 'completed') as last_order_at,
      (array_agg(o.ordered_at order by o.ordered_at desc) filter (where o.status = 'completed'))[2]
        as previous_order_at,
      max(coalesce(o.status_changed_at, o.ordered_at)) filter (where o.status = 'cancelled') as last_cancelled_at,
      coalesce(sum(o.amount_minor) filter (where o.status = 'completed'), 0)::bigint as lifetime_revenue_minor
    from customers c
    left join orders o on o.customer_id = c.id ${ordersUntil}
    where c.deleted_at is null ${onlyOne} ${customersUntil}
    group by c.id`;
}
