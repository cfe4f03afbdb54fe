import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { TenantReader } from '../kernel/http/request-context.ts';
import { loadLifecycleRules } from '../lifecycle/lifecycle.store.ts';
import { STAGES } from '../lifecycle/lifecycle-rules.ts';
import { loadValueRules } from '../value/value.store.ts';
import { VALUE_TIERS } from '../value/value-rules.ts';
import { type CohortRow, cohortMatrix } from './cohort-matrix.ts';
import { type CostOfLosing, costOfLosing } from './cost-of-losing.ts';

/**
 * The customer analytics page in one read: stage funnel and flows, tier mix and revenue,
 * churn and cohort retention, customers at risk, referral reach and the cost of losing.
 * Every figure is computed from the tenant's own rows, inside its transaction.
 */
export interface CustomerAnalytics {
  period: { from: string; to: string };
  currency: string;
  funnel: { stage: string; customers: number }[];
  flows: { from: string | null; to: string; customers: number }[];
  tiers: { tier: string; customers: number; lifetimeRevenueMinor: number; windowRevenueMinor: number }[];
  churn: { month: string; churned: number; buyers: number; rate: number }[];
  cohorts: CohortRow[];
  atRisk: {
    customers: number;
    annualRevenueMinor: number;
    top: {
      id: string;
      name: string;
      tier: string;
      annualRevenueMinor: number;
      lastOrderAt: string | null;
      reason: string;
    }[];
  };
  referrals: {
    referrers: number;
    referred: number;
    secondLevel: number;
    referredRevenueMinor: number;
    top: { id: string; name: string; referred: number; revenueMinor: number }[];
  };
  costOfLosing: CostOfLosing & {
    acquisitionCostMinor: number;
    retentionCostMinor: number;
    atRiskCustomers: number;
  };
  generatedInMs: number;
}

const COHORT_MONTHS = 12;

/** 'YYYY-MM' for every month the period touches. */
function monthsOf(from: Date, to: Date): string[] {
  const out: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (cursor < to) {
    out.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return out;
}
const month = (d: Date) => d.toISOString().slice(0, 7);

/**
 * The slowest read, the months each cohort customer bought in, runs on a connection of its
 * own beside all the others (at a million customers: 3 s beside 3 s, instead of 6 s).
 */
export async function customerAnalytics(
  read: TenantReader,
  tenantId: string,
  period: { from: Date; to: Date },
  now = new Date(),
): Promise<CustomerAnalytics> {
  const started = performance.now();
  const cohortStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (COHORT_MONTHS - 1), 1));
  const cellsRead = read((tx) => cohortCells(tx, cohortStart));
  const [figures, cells] = await Promise.all([
    read((tx) => standingFigures(tx, tenantId, period, cohortStart)),
    cellsRead,
  ]);
  const cohorts = cohortMatrix(figures.cohortSizes, cells, COHORT_MONTHS, month(now));
  const { cohortSizes: _sizes, ...rest } = figures;
  return { ...rest, cohorts, generatedInMs: Math.round(performance.now() - started) };
}

/** Per cohort month and months since the first order: how many of the cohort bought. */
async function cohortCells(tx: TenantTx, cohortStart: Date) {
  // Per cohort customer, the months they bought in, read from their own orders through the
  // (customer, date) index: the lateral keeps PostgreSQL from hash-joining every order.
  const cells = await sql<{ cohort: string; offset: number; buyers: number }>`
    select to_char(date_trunc('month', v.first_order_at), 'YYYY-MM') as cohort, m."offset", count(*)::int as buyers
    from customer_value v
    cross join lateral (
      select distinct ((extract(year from o.ordered_at) - extract(year from v.first_order_at)) * 12
        + extract(month from o.ordered_at) - extract(month from v.first_order_at))::int as "offset"
      from orders o
      where o.customer_id = v.customer_id and o.status = 'completed' and o.ordered_at >= ${cohortStart}
    ) m
    where v.first_order_at >= ${cohortStart}
    group by 1, 2
  `.execute(tx);
  return cells.rows.map((r) => ({ cohort: r.cohort, offset: Number(r.offset), buyers: Number(r.buyers) }));
}

async function standingFigures(
  tx: TenantTx,
  tenantId: string,
  period: { from: Date; to: Date },
  cohortStart: Date,
): Promise<
  Omit<CustomerAnalytics, 'cohorts' | 'generatedInMs'> & { cohortSizes: { cohort: string; size: number }[] }
> {
  const tenant = await tx
    .selectFrom('tenants')
    .select('default_currency')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const { rules: valueRules } = await loadValueRules(tx);
  const { rules: lifecycleRules } = await loadLifecycleRules(tx);
  const yearsInWindow = valueRules.lookbackMonths / 12;

  // Tier and stage rows exist only for live customers (deleting a customer removes them),
  // so these counts read the standing tables alone, without a join to a million customers.
  const stageRows = await sql<{ stage: string; n: number }>`
    select stage, count(*)::int as n from customer_stages group by stage
  `.execute(tx);
  const funnel = STAGES.map((stage) => ({
    stage,
    customers: Number(stageRows.rows.find((r) => r.stage === stage)?.n ?? 0),
  }));

  const flowRows = await tx
    .selectFrom('stage_transitions')
    .select(['from_stage', 'to_stage', (eb) => eb.fn.countAll<number>().as('n')])
    .where('at', '>=', period.from)
    .where('at', '<', period.to)
    .groupBy(['from_stage', 'to_stage'])
    .execute();
  const flows = flowRows
    .map((r) => ({ from: r.from_stage, to: r.to_stage, customers: Number(r.n) }))
    .sort((a, b) => b.customers - a.customers);

  // One scan of the value rows gives the tier mix, the buyers' revenue per tier (for the
  // cost of losing) and the first-order month of everyone (for churn and the cohorts).
  const valueMix = await sql<{
    tier: string | null;
    month: string | null;
    n: number;
    lifetime: number;
    window_revenue: number;
    buyers: number;
    buyers_window: number;
  }>`
    select tier, to_char(first_month, 'YYYY-MM') as month, n, lifetime, window_revenue, buyers, buyers_window
    from (
      select tier, date_trunc('month', first_order_at) as first_month, count(*)::int as n,
        coalesce(sum(lifetime_revenue_minor), 0)::bigint as lifetime, coalesce(sum(monetary_minor), 0)::bigint as window_revenue,
        count(*) filter (where frequency > 0)::int as buyers,
        coalesce(sum(monetary_minor) filter (where frequency > 0), 0)::bigint as buyers_window
      from customer_value
      group by grouping sets ((tier), (date_trunc('month', first_order_at)))
    ) mix
  `.execute(tx);
  const tierRows = valueMix.rows.filter((r) => r.tier !== null);
  const firstBuys = valueMix.rows
    .filter((r) => r.tier === null && r.month !== null)
    .map((r) => ({ month: r.month as string, buyers: Number(r.n) }));
  const tiers = VALUE_TIERS.map((tier) => {
    const r = tierRows.find((x) => x.tier === tier);
    return {
      tier,
      customers: Number(r?.n ?? 0),
      lifetimeRevenueMinor: Number(r?.lifetime ?? 0),
      windowRevenueMinor: Number(r?.window_revenue ?? 0),
    };
  });

  // Churn per month: customers who moved to churned that month, over the customers who had
  // bought before the month began (the base that could churn). Two grouped reads, then sums.
  const churnedRows = await sql<{ month: string; churned: number }>`
    select to_char(date_trunc('month', at), 'YYYY-MM') as month, count(distinct customer_id)::int as churned
    from stage_transitions
    where tenant_id = ${tenantId} and to_stage = 'churned' and at >= ${period.from} and at < ${period.to}
    group by 1
  `.execute(tx);
  const churn = monthsOf(period.from, period.to).map((m) => {
    const churned = Number(churnedRows.rows.find((r) => r.month === m)?.churned ?? 0);
    const buyers = firstBuys.filter((r) => r.month < m).reduce((n, r) => n + Number(r.buyers), 0);
    return {
      month: m,
      churned,
      buyers,
      rate: buyers > 0 ? Math.round((churned / buyers) * 10_000) / 10_000 : 0,
    };
  });

  const cohortFrom = month(cohortStart);
  const cohortSizes = firstBuys
    .filter((r) => r.month >= cohortFrom)
    .map((r) => ({ cohort: r.month, size: r.buyers }))
    .sort((x, y) => x.cohort.localeCompare(y.cohort));

  // The top twenty at risk by revenue, each row carrying the totals over all of them.
  const atRiskRows = await sql<{
    id: string;
    tier: string;
    monetary_minor: number;
    last_order_at: Date | null;
    reason: string;
    total_n: number;
    total_revenue: number;
  }>`
    select s.customer_id as id, v.tier, v.monetary_minor, v.last_order_at, s.reason,
      count(*) over ()::int as total_n, coalesce(sum(v.monetary_minor) over (), 0)::bigint as total_revenue
    from customer_stages s join customer_value v on v.customer_id = s.customer_id
    where s.stage = 'at_risk'
    order by v.monetary_minor desc, s.customer_id limit 20
  `.execute(tx);
  const names = await tx
    .selectFrom('customers')
    .select(['id', 'name'])
    .where(
      'id',
      'in',
      atRiskRows.rows.length > 0
        ? atRiskRows.rows.map((r) => r.id)
        : ['00000000-0000-0000-0000-000000000000'],
    )
    .execute();
  const atRiskTop = atRiskRows.rows.map((r) => ({
    ...r,
    name: names.find((n) => n.id === r.id)?.name ?? '',
  }));
  const atRiskCount = Number(atRiskRows.rows[0]?.total_n ?? 0);
  const atRiskAnnual = Math.round(Number(atRiskRows.rows[0]?.total_revenue ?? 0) / yearsInWindow);

  const reach = await sql<{ referrers: number; referred: number; second_level: number; revenue: number }>`
    select count(distinct r.referred_by_id)::int as referrers, count(*)::int as referred,
      count(*) filter (where exists (select 1 from customers p where p.id = r.referred_by_id and p.referred_by_id is not null))::int
        as second_level,
      coalesce(sum(v.lifetime_revenue_minor), 0)::bigint as revenue
    from customers r left join customer_value v on v.customer_id = r.id
    where r.referred_by_id is not null and r.deleted_at is null
  `.execute(tx);
  const topReferrers = await sql<{ id: string; name: string; referred: number; revenue: number }>`
    select p.id, p.name, count(*)::int as referred, coalesce(sum(v.lifetime_revenue_minor), 0)::bigint as revenue
    from customers r join customers p on p.id = r.referred_by_id
    left join customer_value v on v.customer_id = r.id
    where r.referred_by_id is not null and r.deleted_at is null and p.deleted_at is null
    group by p.id, p.name order by count(*) desc, revenue desc limit 10
  `.execute(tx);

  const high = tierRows.find((r) => r.tier === 'high');
  const ordinary = tierRows
    .filter((r) => r.tier !== 'high')
    .reduce((acc, r) => ({ n: acc.n + Number(r.buyers), sum: acc.sum + Number(r.buyers_window) }), {
      n: 0,
      sum: 0,
    });
  const means = {
    high: high && Number(high.n) > 0 ? Number(high.window_revenue) / Number(high.n) : null,
    ordinary: ordinary.n > 0 ? ordinary.sum / ordinary.n : null,
  };
  const perYear = (v: number | null | undefined) => Math.round(Number(v ?? 0) / yearsInWindow);
  const cost = costOfLosing({
    atRiskCustomers: atRiskCount,
    atRiskAnnualRevenueMinor: atRiskAnnual,
    acquisitionCostMinor: lifecycleRules.acquisitionCostMinor,
    retentionCostMinor: lifecycleRules.retentionCostMinor,
    highValueAnnualRevenueMinor: perYear(means.high),
    ordinaryAnnualRevenueMinor: perYear(means.ordinary),
  });

  const r = reach.rows[0];
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    currency: tenant.default_currency,
    funnel,
    flows,
    tiers,
    churn,
    cohortSizes,
    atRisk: {
      customers: atRiskCount,
      annualRevenueMinor: atRiskAnnual,
      top: atRiskTop.map((x) => ({
        id: x.id,
        name: x.name,
        tier: x.tier,
        annualRevenueMinor: Math.round(Number(x.monetary_minor) / yearsInWindow),
        lastOrderAt: x.last_order_at ? new Date(x.last_order_at).toISOString() : null,
        reason: x.reason,
      })),
    },
    referrals: {
      referrers: Number(r?.referrers ?? 0),
      referred: Number(r?.referred ?? 0),
      secondLevel: Number(r?.second_level ?? 0),
      referredRevenueMinor: Number(r?.revenue ?? 0),
      top: topReferrers.rows.map((x) => ({
        id: x.id,
        name: x.name,
        referred: Number(x.referred),
        revenueMinor: Number(x.revenue),
      })),
    },
    costOfLosing: {
      ...cost,
      acquisitionCostMinor: lifecycleRules.acquisitionCostMinor,
      retentionCostMinor: lifecycleRules.retentionCostMinor,
      atRiskCustomers: atRiskCount,
    },
  };
}
