import { type RawBuilder, sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import {
  loadValueRules,
  type OrderAggregates,
  orderAggregatesSql,
  type StoredValueRules,
  saveBreakpoints,
} from './value.store.ts';
import type { ValueRules } from './value-rules.ts';
import {
  type Breakpoints,
  breakpointsFor,
  type CutPoints,
  expectedIntervalDays,
  scoreCustomer,
} from './value-scoring.ts';

/**
 * Keeps one customer's order facts, scores and tier current when an order changes
 * (incremental, in the caller's transaction). The whole tenant at once: tenant-rescore.ts.
 */

/** Rescores one customer from their orders, with the tenant's last cut points. */
export async function refreshCustomerValue(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  now = new Date(),
  /** The tenant's rules when the caller refreshes many customers and has read them once. */
  preloaded?: StoredValueRules,
) {
  const { rules, breakpoints } = preloaded ?? (await loadValueRules(tx));
  const cuts = breakpoints ?? (await populationBreakpoints(tx, tenantId, rules, now));
  const agg = (await orderAggregatesSql(rules, now, customerId).execute(tx)).rows[0];
  if (!agg) return null;
  const row = valueRow(tenantId, agg, rules, cuts, now);
  const before = await upsertValueRow(tx, row);
  if (before?.old_tier && before.old_tier !== row.tier) {
    await emitEvent(tx, tenantId, {
      type: 'customer.tier_changed',
      aggregateType: 'customer',
      aggregateId: customerId,
      payload: { from: before.old_tier, to: row.tier, reason: row.reason },
    });
  }
  return row;
}

/** A deleted customer has no tier: the row goes, so tier counts need no join to customers. */
export async function forgetCustomerValue(tx: TenantTx, customerId: string) {
  await tx.deleteFrom('customer_value').where('customer_id', '=', customerId).execute();
}

/** Every column a score is made of: a row is rewritten only when one of these differs. */
export const SCORE_COLUMNS = [
  'tier',
  'reason',
  'frequency',
  'monetary_minor',
  'margin_minor',
  'last_counted_at',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'margin_score',
  'current_value',
  'potential',
  'order_count',
  'first_order_at',
  'last_order_at',
  'previous_order_at',
  'last_cancelled_at',
  'lifetime_revenue_minor',
  'expected_interval_days',
] as const;

export type ValueRow = ReturnType<typeof valueRow>;

export function valueRow(
  tenantId: string,
  agg: OrderAggregates,
  rules: ValueRules,
  cuts: Breakpoints,
  now: Date,
) {
  const score = scoreCustomer(
    {
      frequency: agg.frequency,
      monetaryMinor: Number(agg.monetary_minor),
      marginMinor: agg.margin_minor === null ? null : Number(agg.margin_minor),
      lastOrderAt: agg.last_counted_at,
      createdAt: agg.created_at,
      lifetimeOrders: agg.order_count,
    },
    rules,
    cuts,
    now,
  );
  return {
    customer_id: agg.customer_id,
    tenant_id: tenantId,
    tier: score.tier,
    reason: score.reason,
    frequency: agg.frequency,
    monetary_minor: Number(agg.monetary_minor),
    margin_minor: agg.margin_minor === null ? null : Number(agg.margin_minor),
    last_counted_at: agg.last_counted_at,
    recency_score: score.recencyScore,
    frequency_score: score.frequencyScore,
    monetary_score: score.monetaryScore,
    margin_score: score.marginScore,
    current_value: score.currentValue,
    potential: score.potential,
    order_count: agg.order_count,
    first_order_at: agg.first_order_at,
    last_order_at: agg.last_order_at,
    previous_order_at: agg.previous_order_at,
    last_cancelled_at: agg.last_cancelled_at,
    lifetime_revenue_minor: Number(agg.lifetime_revenue_minor),
    expected_interval_days: expectedIntervalDays(agg.first_order_at, agg.last_order_at, agg.order_count),
    scored_at: now,
  };
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The columns of a value row, in the order `valueRowsInsert` writes them. */
const ROW_COLUMNS = sql`(
  customer_id, tenant_id, tier, reason, frequency, monetary_minor, margin_minor, last_counted_at,
  recency_score, frequency_score, monetary_score, margin_score, current_value, potential,
  order_count, first_order_at, last_order_at, previous_order_at, last_cancelled_at,
  lifetime_revenue_minor, expected_interval_days, scored_at)`;

/** `(columns) select … from unnest(…)`: many rows in one statement, one array parameter per column. */
export function valueRowsInsert(rows: ValueRow[]) {
  const col = <K extends keyof ValueRow>(k: K) => rows.map((r) => r[k]);
  const dates = (
    k:
      | 'first_order_at'
      | 'last_order_at'
      | 'previous_order_at'
      | 'last_cancelled_at'
      | 'last_counted_at'
      | 'scored_at',
  ) => rows.map((r) => iso(r[k]));
  return sql`${ROW_COLUMNS}
    select * from unnest(
      ${col('customer_id')}::uuid[], ${col('tenant_id')}::uuid[], ${col('tier')}::text[], ${col('reason')}::text[],
      ${col('frequency')}::int[], ${col('monetary_minor')}::bigint[], ${col('margin_minor')}::bigint[],
      ${dates('last_counted_at')}::timestamptz[], ${col('recency_score')}::smallint[], ${col('frequency_score')}::smallint[],
      ${col('monetary_score')}::smallint[], ${col('margin_score')}::smallint[], ${col('current_value')}::real[],
      ${col('potential')}::real[], ${col('order_count')}::int[], ${dates('first_order_at')}::timestamptz[],
      ${dates('last_order_at')}::timestamptz[], ${dates('previous_order_at')}::timestamptz[],
      ${dates('last_cancelled_at')}::timestamptz[], ${col('lifetime_revenue_minor')}::bigint[],
      ${col('expected_interval_days')}::int[], ${dates('scored_at')}::timestamptz[])`;
}

/**
 * Writes one customer's row, unless nothing in it changed. Returns the tier before the write
 * (null for a new row; undefined when nothing changed), so a change can be announced.
 */
async function upsertValueRow(tx: TenantTx, row: ValueRow) {
  const cols = (prefix: string) => sql.join(SCORE_COLUMNS.map((c) => sql.ref(`${prefix}.${c}`)));
  const result = await sql<{ old_tier: string | null }>`
    with old as (select tier from customer_value where customer_id = ${row.customer_id})
    insert into customer_value as v ${valueRowsInsert([row])}
    on conflict (customer_id) do update set
      (${sql.join(SCORE_COLUMNS.map((c) => sql.ref(c)))}, scored_at) = (${cols('excluded')}, excluded.scored_at)
      where (${cols('v')}) is distinct from (${cols('excluded')})
    returning (select tier from old) as old_tier
  `.execute(tx);
  return result.rows[0];
}

/**
 * Quintile cut points over the customers who bought in the window: from the temp table of a
 * rebuild (`value_agg`) or from the stored facts (`customer_value`).
 */
export async function breakpointsFromTable(
  tx: TenantTx,
  rules: ValueRules,
  now: Date,
  /** A table of order facts, or a query over them (aliased) when they are not stored yet. */
  table: 'value_agg' | RawBuilder<unknown> = 'value_agg',
): Promise<Breakpoints> {
  const q = await sql<PercentileRow>`
    select
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (
        order by greatest(0, floor(extract(epoch from (${now}::timestamptz - last_counted_at)) / 86400))::int) as recency,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by frequency) as frequency,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by greatest(monetary_minor, 0)) as monetary,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by margin_minor)
        filter (where margin_minor is not null) as margin
    from ${typeof table === 'string' ? sql.table(table) : table} where frequency > 0
  `.execute(tx);
  return cutsFromPercentiles(rules, q.rows[0]);
}

type PercentileRow = {
  recency: number[] | null;
  frequency: number[] | null;
  monetary: number[] | null;
  margin: number[] | null;
};

function cutsFromPercentiles(rules: ValueRules, row: PercentileRow | undefined): Breakpoints {
  const cut = (v: number[] | null | undefined) => (v && v.length === 4 ? (v.map(Number) as CutPoints) : null);
  return breakpointsFor(rules, {
    recencyDays: cut(row?.recency),
    frequency: cut(row?.frequency),
    monetaryMinor: cut(row?.monetary),
    marginMinor: cut(row?.margin),
  });
}

/** Cut points for a tenant that has never had a full rescore: computed now, and kept. */
async function populationBreakpoints(tx: TenantTx, tenantId: string, rules: ValueRules, now: Date) {
  await sql`drop table if exists value_agg`.execute(tx);
  await sql`create temp table value_agg on commit drop as ${orderAggregatesSql(rules, now)}`.execute(tx);
  const cuts = await breakpointsFromTable(tx, rules, now);
  await sql`drop table value_agg`.execute(tx);
  await saveBreakpoints(tx, tenantId, cuts, now);
  return cuts;
}
