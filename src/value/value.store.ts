import { type RawBuilder, sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { DEFAULT_VALUE_RULES, type ValueRules, valueRulesSchema } from './value-rules.ts';
import type { Breakpoints } from './value-scoring.ts';

/** SQL of the value slice: the rules row and the per-customer order aggregates. */

/** What the stored window figures were counted with: the window's start and its rules. */
export interface WindowBasis {
  lookbackMonths: number;
  categories: string[];
  /** ISO time: orders on or after it were counted. */
  since: string;
}

export interface StoredValueRules {
  rules: ValueRules;
  breakpoints: Breakpoints | null;
  windowBasis: WindowBasis | null;
  rescoredAt: Date | null;
  updatedAt: Date | null;
}

export async function loadValueRules(tx: TenantTx): Promise<StoredValueRules> {
  const row = await tx
    .selectFrom('value_rules')
    .select(['rules', 'breakpoints', 'window_basis', 'rescored_at', 'updated_at'])
    .executeTakeFirst();
  if (!row) {
    return {
      rules: DEFAULT_VALUE_RULES,
      breakpoints: null,
      windowBasis: null,
      rescoredAt: null,
      updatedAt: null,
    };
  }
  // Stored rules were validated on the way in; parse again so an old shape gets new defaults.
  const parsed = valueRulesSchema.safeParse({ ...DEFAULT_VALUE_RULES, ...(row.rules as object) });
  return {
    rules: parsed.success ? parsed.data : DEFAULT_VALUE_RULES,
    breakpoints: (row.breakpoints as Breakpoints | null) ?? null,
    windowBasis: (row.window_basis as WindowBasis | null) ?? null,
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

/** Records what the stored window figures were counted with (see `WindowBasis`). */
export async function saveWindowBasis(tx: TenantTx, rules: ValueRules, since: Date) {
  const basis: WindowBasis = {
    lookbackMonths: rules.lookbackMonths,
    categories: rules.categories,
    since: since.toISOString(),
  };
  await tx
    .updateTable('value_rules')
    .set({ window_basis: JSON.stringify(basis) })
    .execute();
}

/** The start of the look-back window at `now`. */
export function windowStart(rules: ValueRules, now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - rules.lookbackMonths);
  return since;
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

/** Whether order `o` counts towards the window figures: completed, in the window, a counted category. */
export function countedOrder(rules: ValueRules, since: Date) {
  return sql`o.status = 'completed' and o.ordered_at >= ${since} and ${categoryCounted(rules)}`;
}

/** Whether order `o` is of a category the rules count (every category when none is named). */
function categoryCounted(rules: ValueRules) {
  return rules.categories.length === 0
    ? sql`true`
    : sql`o.category = any(${sql.val(rules.categories)}::text[])`;
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
  const counted = countedOrder(rules, windowStart(rules, now));
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

/**
 * The same aggregates for every customer of the tenant, shaped for one parallel hash
 * aggregate over the orders (no per-customer sort): the completed order before the last is
 * left null here and filled by `fillPreviousOrders`, a second pass that joins the orders to
 * this result instead of sorting ten million timestamps.
 */
export function tenantAggregatesSql(
  rules: ValueRules,
  now: Date,
  options: { historical?: boolean } = {},
): RawBuilder<OrderAggregates> {
  const counted = countedOrder(rules, windowStart(rules, now));
  const ordersUntil = options.historical ? sql`where o.ordered_at <= ${now}` : sql``;
  const customersUntil = options.historical
    ? sql`and (c.created_at <= ${now} or a.customer_id is not null)`
    : sql``;
  return sql<OrderAggregates>`
    select c.id as customer_id, c.created_at,
      coalesce(a.frequency, 0) as frequency, coalesce(a.monetary_minor, 0)::bigint as monetary_minor,
      a.margin_minor, a.last_counted_at, coalesce(a.order_count, 0) as order_count,
      a.first_order_at, a.last_order_at, null::timestamptz as previous_order_at, a.last_cancelled_at,
      coalesce(a.lifetime_revenue_minor, 0)::bigint as lifetime_revenue_minor
    from customers c
    left join (
      select o.customer_id,
        count(*) filter (where ${counted})::int as frequency,
        sum(o.amount_minor) filter (where ${counted})::bigint as monetary_minor,
        sum(o.margin_minor) filter (where ${counted})::bigint as margin_minor,
        max(o.ordered_at) filter (where ${counted}) as last_counted_at,
        count(*) filter (where o.status = 'completed')::int as order_count,
        min(o.ordered_at) filter (where o.status = 'completed') as first_order_at,
        max(o.ordered_at) filter (where o.status = 'completed') as last_order_at,
        max(coalesce(o.status_changed_at, o.ordered_at)) filter (where o.status = 'cancelled') as last_cancelled_at,
        sum(o.amount_minor) filter (where o.status = 'completed')::bigint as lifetime_revenue_minor
      from orders o ${ordersUntil}
      group by o.customer_id
    ) a on a.customer_id = c.id
    where c.deleted_at is null ${customersUntil}`;
}

/**
 * Fills `value_agg.previous_order_at`: the latest completed order before the last one (the
 * last one's own time when two orders share it), for customers with two or more.
 */
export async function fillPreviousOrders(tx: TenantTx, until?: Date) {
  await sql`
    update value_agg a set previous_order_at = p.previous_order_at
    from (
      select x.customer_id,
        case when count(*) filter (where o.ordered_at = x.last_order_at) > 1 then x.last_order_at
          else max(o.ordered_at) filter (where o.ordered_at < x.last_order_at) end as previous_order_at
      from value_agg x
      join orders o on o.customer_id = x.customer_id and o.status = 'completed'
        and o.ordered_at <= x.last_order_at ${until ? sql`and o.ordered_at <= ${until}` : sql``}
      where x.order_count > 1
      group by x.customer_id, x.last_order_at
    ) p
    where a.customer_id = p.customer_id`.execute(tx);
}
