import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import {
  breakpointsFromTable,
  refreshCustomerValue,
  SCORE_COLUMNS,
  type ValueRow,
  valueRow,
  valueRowsInsert,
} from './value.service.ts';
import {
  countedOrder,
  fillPreviousOrders,
  loadValueRules,
  type OrderAggregates,
  saveBreakpoints,
  saveWindowBasis,
  tenantAggregatesSql,
  type WindowBasis,
  windowStart,
} from './value.store.ts';
import { VALUE_TIERS, type ValueRules, type ValueTier } from './value-rules.ts';
import type { Breakpoints } from './value-scoring.ts';

/**
 * Rescores every customer of a tenant (nightly, on demand, after the rules change).
 *
 * A customer's order facts (counts, sums, first/last/previous order) are kept current on
 * every order write by `refreshCustomerValue`, in the same transaction, so the regular
 * rescore does not aggregate the order table again: it refreshes only what time or the
 * rules changed (orders that aged out of the look-back window; every customer's window
 * figures when the window or the counted categories changed), recomputes the cut points,
 * and rescores everyone from the stored facts, writing only the rows whose scores changed.
 *
 * A rebuild aggregates every order again: after a bulk import, when replaying history, and
 * when most customers have no facts yet (a first run over data loaded by other means).
 */

const BATCH = 10_000;
/** Customers without stored facts are refreshed one by one up to this many; beyond, rebuild. */
const MISSING_ONE_BY_ONE = 2_000;

export interface RescoreResult {
  mode: 'rescore' | 'rebuild';
  customers: number;
  /** Customers whose scores or tier changed (or who were scored for the first time). */
  changed: number;
  /** Time spent bringing order facts up to date, scoring in pages, and writing the changes. */
  aggregateMs: number;
  scoreMs: number;
  writeMs: number;
  tiers: Record<ValueTier, number>;
  breakpoints: Breakpoints;
  milliseconds: number;
}

export async function rescoreTenant(
  tx: TenantTx,
  tenantId: string,
  now = new Date(),
  options: { historical?: boolean; rebuild?: boolean } = {},
): Promise<RescoreResult> {
  // One big hash aggregate and join at most: give them memory instead of spilling to disk.
  await sql`set local work_mem = '256MB'`.execute(tx);
  if (options.historical || options.rebuild) return rebuildFromOrders(tx, tenantId, now, options);
  const missing = await sql<{ id: string }>`
    select c.id from customers c
    where c.deleted_at is null and not exists (select 1 from customer_value v where v.customer_id = c.id)
    limit ${MISSING_ONE_BY_ONE + 1}
  `.execute(tx);
  if (missing.rows.length > MISSING_ONE_BY_ONE) return rebuildFromOrders(tx, tenantId, now);
  return rescoreFromFacts(
    tx,
    tenantId,
    now,
    missing.rows.map((r) => r.id),
  );
}

async function rescoreFromFacts(
  tx: TenantTx,
  tenantId: string,
  now: Date,
  missing: string[],
): Promise<RescoreResult> {
  const started = performance.now();
  const { rules, windowBasis } = await loadValueRules(tx);
  for (const id of missing) await refreshCustomerValue(tx, tenantId, id, now);
  const since = await recountWindowFacts(tx, rules, windowBasis, now);
  await sql`delete from customer_value v using customers c where c.id = v.customer_id and c.deleted_at is not null`.execute(
    tx,
  );
  const cuts = await breakpointsFromTable(tx, rules, now, sql`(${currentFactsSql}) as facts`);
  const prepared = performance.now();

  // Changes are staged in a temp table and written by one set-based update at the end: a
  // hash join over the whole table, instead of a hundred index-driven batch updates
  // (7 s instead of 54 s for 780,000 changed rows at one million customers).
  await sql`drop table if exists value_changes`.execute(tx);
  await sql`
    create temp table value_changes on commit drop as
    select customer_id, tier, reason, recency_score, frequency_score, monetary_score, margin_score,
      current_value, potential, expected_interval_days, frequency, monetary_minor, margin_minor, last_counted_at
    from customer_value with no data
  `.execute(tx);
  const tiers = Object.fromEntries(VALUE_TIERS.map((t) => [t, 0])) as Record<ValueTier, number>;
  let customers = 0;
  let changed = 0;
  let writeMs = 0;
  // One cursor over everyone (no order needed): pages without re-planning a sorted join.
  await sql`declare value_pass no scroll cursor for ${currentFactsSql}`.execute(tx);
  for (;;) {
    const page = await sql<StoredValueRow>`fetch ${sql.raw(String(BATCH))} from value_pass`.execute(tx);
    if (page.rows.length === 0) break;
    const changes: ValueRow[] = [];
    for (const stored of page.rows) {
      const row = valueRow(tenantId, stored, rules, cuts, now);
      tiers[row.tier] += 1;
      if (stored.facts_changed || scoreChanged(stored, row)) changes.push(row);
    }
    const writing = performance.now();
    if (changes.length > 0) await stageChanges(tx, changes);
    writeMs += performance.now() - writing;
    changed += changes.length;
    customers += page.rows.length;
  }
  await sql`close value_pass`.execute(tx);
  const writing = performance.now();
  if (changed > 0) {
    await sql`analyze value_changes`.execute(tx);
    await sql`
      update customer_value v set tier = u.tier, reason = u.reason, recency_score = u.recency_score,
        frequency_score = u.frequency_score, monetary_score = u.monetary_score, margin_score = u.margin_score,
        current_value = u.current_value, potential = u.potential, expected_interval_days = u.expected_interval_days,
        frequency = u.frequency, monetary_minor = u.monetary_minor, margin_minor = u.margin_minor,
        last_counted_at = u.last_counted_at, scored_at = ${now}
      from value_changes u where v.customer_id = u.customer_id
    `.execute(tx);
  }
  writeMs += performance.now() - writing;
  await saveBreakpoints(tx, tenantId, cuts, now);
  if (since) await saveWindowBasis(tx, rules, since);
  const done = performance.now();
  return {
    mode: 'rescore',
    customers,
    changed: changed + missing.length,
    tiers,
    breakpoints: cuts,
    aggregateMs: Math.round(prepared - started),
    scoreMs: Math.round(done - prepared - writeMs),
    writeMs: Math.round(writeMs),
    milliseconds: Math.round(done - started),
  };
}

/**
 * Everyone's order facts as of now: the stored ones, with the window figures recounted by
 * `recountWindowFacts` in place of the stored where there are any, and whether they differ.
 */
const currentFactsSql = sql`
  select v.customer_id, c.created_at, v.order_count, v.first_order_at, v.last_order_at, v.previous_order_at,
    v.last_cancelled_at, v.lifetime_revenue_minor,
    case when w.customer_id is null then v.frequency else w.frequency end as frequency,
    case when w.customer_id is null then v.monetary_minor else w.monetary_minor end as monetary_minor,
    case when w.customer_id is null then v.margin_minor else w.margin_minor end as margin_minor,
    case when w.customer_id is null then v.last_counted_at else w.last_counted_at end as last_counted_at,
    w.customer_id is not null and (v.frequency, v.monetary_minor, v.margin_minor, v.last_counted_at)
      is distinct from (w.frequency, w.monetary_minor, w.margin_minor, w.last_counted_at) as facts_changed,
    v.tier, v.reason, v.recency_score, v.frequency_score, v.monetary_score, v.margin_score,
    v.current_value, v.potential, v.expected_interval_days
  from customer_value v
  join customers c on c.id = v.customer_id
  left join window_facts w on w.customer_id = v.customer_id
`;

/** A stored value row with the customer's creation time: the facts a score is made from. */
type StoredValueRow = OrderAggregates & {
  facts_changed: boolean;
  tier: string;
  reason: string;
  recency_score: number | null;
  frequency_score: number | null;
  monetary_score: number | null;
  margin_score: number | null;
  current_value: number | null;
  potential: number | null;
  expected_interval_days: number | null;
};

/** The columns a rescore from stored facts can change (the facts themselves it leaves alone). */
const RESCORED = [
  'tier',
  'reason',
  'recency_score',
  'frequency_score',
  'monetary_score',
  'margin_score',
  'current_value',
  'potential',
  'expected_interval_days',
] as const;

function scoreChanged(stored: StoredValueRow, row: ValueRow): boolean {
  return RESCORED.some((k) => (stored[k] === null ? null : stored[k]) !== row[k]);
}

async function stageChanges(tx: TenantTx, rows: ValueRow[]) {
  const col = <K extends keyof ValueRow>(k: K) => rows.map((r) => r[k]);
  await sql`
    insert into value_changes
    select * from unnest(${col('customer_id')}::uuid[], ${col('tier')}::text[], ${col('reason')}::text[],
      ${col('recency_score')}::smallint[], ${col('frequency_score')}::smallint[], ${col('monetary_score')}::smallint[],
      ${col('margin_score')}::smallint[], ${col('current_value')}::real[], ${col('potential')}::real[],
      ${col('expected_interval_days')}::int[], ${col('frequency')}::int[], ${col('monetary_minor')}::bigint[],
      ${col('margin_minor')}::bigint[], ${rows.map((r) => r.last_counted_at?.toISOString() ?? null)}::timestamptz[])
  `.execute(tx);
}

/**
 * Recounts the window figures (orders counted in the look-back window) as of `now` into
 * the temp table `window_facts`: for everyone when the window or the counted categories
 * changed since they were computed, otherwise only for the customers with an order that
 * has aged out of the window since (none at all when the window has not moved).
 * Returns the new window start to record, or null when nothing was recounted.
 */
async function recountWindowFacts(
  tx: TenantTx,
  rules: ValueRules,
  basis: WindowBasis | null,
  now: Date,
): Promise<Date | null> {
  await sql`drop table if exists window_facts`.execute(tx);
  await sql`drop table if exists window_agg`.execute(tx);
  await sql`drop table if exists window_scope`.execute(tx);
  const since = windowStart(rules, now);
  const sameRules =
    basis !== null &&
    basis.lookbackMonths === rules.lookbackMonths &&
    [...basis.categories].sort().join('\u0000') === [...rules.categories].sort().join('\u0000');
  if (sameRules && new Date(basis.since) >= since) {
    await sql`
      create temp table window_facts (
        customer_id uuid, frequency int, monetary_minor bigint, margin_minor bigint, last_counted_at timestamptz
      ) on commit drop
    `.execute(tx);
    return null;
  }
  // Whose figures to recount: everyone's, or those with an order that left the window.
  if (sameRules) {
    await sql`
      create temp table window_scope on commit drop as
      select distinct o.customer_id from orders o
      where o.status = 'completed' and o.ordered_at >= ${new Date(basis.since)} and o.ordered_at < ${since}
    `.execute(tx);
    await sql`analyze window_scope`.execute(tx);
  }
  // The aggregate is a statement of its own (create table as) so PostgreSQL may scan the
  // orders with parallel workers; an insert … select never runs in parallel.
  await sql`
    create temp table window_agg on commit drop as
    select o.customer_id, count(*)::int as frequency, sum(o.amount_minor)::bigint as monetary_minor,
      sum(o.margin_minor)::bigint as margin_minor, max(o.ordered_at) as last_counted_at
    from orders o
    where ${countedOrder(rules, since)}
      ${sameRules ? sql`and o.customer_id in (select customer_id from window_scope)` : sql``}
    group by o.customer_id
  `.execute(tx);
  await sql`
    create temp table window_facts on commit drop as
    select w.customer_id, coalesce(a.frequency, 0) as frequency, coalesce(a.monetary_minor, 0)::bigint as monetary_minor,
      a.margin_minor, a.last_counted_at
    from ${sameRules ? sql`window_scope` : sql`customer_value`} w
    left join window_agg a on a.customer_id = w.customer_id
  `.execute(tx);
  await sql`analyze window_facts`.execute(tx);
  return since;
}

/**
 * Aggregates every order again into a temp table, scores every customer in pages, and
 * moves the scored rows into customer_value: changed rows, new rows, none for the gone.
 */
async function rebuildFromOrders(
  tx: TenantTx,
  tenantId: string,
  now: Date,
  options: { historical?: boolean } = {},
): Promise<RescoreResult> {
  const started = performance.now();
  const { rules } = await loadValueRules(tx);
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
  await sql`analyze value_scored`.execute(tx);
  const scored = performance.now();
  const changed = await mergeScoredRows(tx);
  await saveBreakpoints(tx, tenantId, cuts, now);
  await saveWindowBasis(tx, rules, windowStart(rules, now));
  const done = performance.now();
  return {
    mode: 'rebuild',
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
    insert into customer_value select s.* from value_scored s on conflict (customer_id) do nothing
  `.execute(tx);
  // Customers deleted since the last run keep no score.
  await sql`
    delete from customer_value v where not exists (select 1 from value_scored s where s.customer_id = v.customer_id)
  `.execute(tx);
  return Number(updated.numAffectedRows ?? 0) + Number(inserted.numAffectedRows ?? 0);
}
