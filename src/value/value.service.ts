import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import {
  fillPreviousOrders,
  loadValueRules,
  type OrderAggregates,
  orderAggregatesSql,
  saveBreakpoints,
  tenantAggregatesSql,
} from './value.store.ts';
import { VALUE_TIERS, type ValueRules, type ValueTier } from './value-rules.ts';
import {
  type Breakpoints,
  breakpointsFor,
  type CutPoints,
  expectedIntervalDays,
  scoreCustomer,
} from './value-scoring.ts';

/**
 * Keeps every customer's scores and tier current: one customer at a time when an order
 * changes (incremental, in the caller's transaction), or the whole tenant at once (the
 * nightly and on-demand rescore, set-based in SQL with the scoring done in batches here).
 */

const BATCH = 10_000;

/** Rescores one customer from their orders, with the tenant's last cut points. */
export async function refreshCustomerValue(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  now = new Date(),
) {
  const { rules, breakpoints } = await loadValueRules(tx);
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

export interface RescoreResult {
  customers: number;
  /** Customers whose scores or tier changed (or who were scored for the first time). */
  changed: number;
  /** Time spent aggregating orders in SQL, scoring in pages, and writing the changes. */
  aggregateMs: number;
  scoreMs: number;
  writeMs: number;
  tiers: Record<ValueTier, number>;
  breakpoints: Breakpoints;
  milliseconds: number;
}

/**
 * Rescores every customer of the tenant. Runs inside one tenant transaction.
 *
 * Set-based: one aggregate over the orders into a temp table, the scoring here in pages of
 * 10,000, the scored rows into a second temp table, then one statement that writes only the
 * customers whose scores or tier changed (on a nightly run, a few percent) and one that adds
 * the customers scored for the first time.
 */
export async function rescoreTenant(
  tx: TenantTx,
  tenantId: string,
  now = new Date(),
  options: { historical?: boolean } = {},
): Promise<RescoreResult> {
  const started = performance.now();
  const { rules } = await loadValueRules(tx);
  // One big hash aggregate and join: give them memory instead of spilling to disk.
  await sql`set local work_mem = '256MB'`.execute(tx);
  await sql`drop table if exists value_agg`.execute(tx);
  await sql`create temp table value_agg on commit drop as ${tenantAggregatesSql(rules, now, options)}`.execute(
    tx,
  );
  await fillPreviousOrders(tx, options.historical ? now : undefined);
  await sql`create index on value_agg (customer_id)`.execute(tx);
  await sql`analyze value_agg`.execute(tx);
  const cuts = await breakpointsFromTable(tx, rules, now);
  const aggregated = performance.now();

  await sql`drop table if exists value_scored`.execute(tx);
  await sql`create temp table value_scored (like customer_value) on commit drop`.execute(tx);
  const tiers = Object.fromEntries(VALUE_TIERS.map((t) => [t, 0])) as Record<ValueTier, number>;
  let customers = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const page = await sql<OrderAggregates>`
      select * from value_agg where customer_id > ${after} order by customer_id limit ${BATCH}
    `.execute(tx);
    if (page.rows.length === 0) break;
    const rows = page.rows.map((agg) => valueRow(tenantId, agg, rules, cuts, now));
    for (const r of rows) tiers[r.tier] += 1;
    await sql`insert into value_scored ${valueRowsInsert(rows)}`.execute(tx);
    customers += rows.length;
    after = page.rows[page.rows.length - 1]!.customer_id;
  }
  const scored = performance.now();
  const changed = await mergeScoredRows(tx);
  await saveBreakpoints(tx, tenantId, cuts, now);
  const done = performance.now();
  return {
    customers,
    changed,
    tiers,
    breakpoints: cuts,
    aggregateMs: Math.round(aggregated - started),
    scoreMs: Math.round(scored - aggregated),
    writeMs: Math.round(done - scored),
    milliseconds: Math.round(done - started),
  };
}

/** Every column a score is made of: a row is rewritten only when one of these differs. */
const SCORE_COLUMNS = [
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

/** Moves value_scored into customer_value: changed rows, new rows, and no rows for the gone. */
async function mergeScoredRows(tx: TenantTx): Promise<number> {
  const cols = (prefix: string) => sql.join(SCORE_COLUMNS.map((c) => sql.ref(`${prefix}.${c}`)));
  const updated = await sql`
    update customer_value v set (${sql.join(SCORE_COLUMNS.map((c) => sql.ref(c)))}, scored_at)
      = (${cols('s')}, s.scored_at)
    from value_scored s
    where v.customer_id = s.customer_id and (${cols('v')}) is distinct from (${cols('s')})
  `.execute(tx);
  const inserted = await sql`
    insert into customer_value select s.* from value_scored s
    where not exists (select 1 from customer_value v where v.customer_id = s.customer_id)
  `.execute(tx);
  // Customers deleted since the last run keep no score.
  await sql`
    delete from customer_value v where not exists (select 1 from value_scored s where s.customer_id = v.customer_id)
  `.execute(tx);
  return Number(updated.numAffectedRows ?? 0) + Number(inserted.numAffectedRows ?? 0);
}

export type ValueRow = ReturnType<typeof valueRow>;

function valueRow(tenantId: string, agg: OrderAggregates, rules: ValueRules, cuts: Breakpoints, now: Date) {
  const score = scoreCustomer(
    {
      frequency: agg.frequency,
      monetaryMinor: Number(agg.monetary_minor),
      marginMinor: agg.margin_minor === null ? null : Number(agg.margin_minor),
      lastOrderAt: agg.last_counted_at,
      createdAt: agg.created_at,
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
function valueRowsInsert(rows: ValueRow[]) {
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

/** Quintile cut points over the temp table of a full rescore (customers who bought in the window). */
async function breakpointsFromTable(tx: TenantTx, rules: ValueRules, now: Date): Promise<Breakpoints> {
  const q = await sql<PercentileRow>`
    select
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (
        order by greatest(0, floor(extract(epoch from (${now}::timestamptz - last_counted_at)) / 86400))::int) as recency,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by frequency) as frequency,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by greatest(monetary_minor, 0)) as monetary,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by margin_minor)
        filter (where margin_minor is not null) as margin
    from value_agg where frequency > 0
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
