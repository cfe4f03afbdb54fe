import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
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

export async function customerAnalytics(
  tx: TenantTx,
  tenantId: string,
  period: { from: Date; to: Date },
  now = new Date(),
): Promise<CustomerAnalytics> {
  const started = performance.now();
  const tenant = await tx
    .selectFrom('tenants')
    .select('default_currency')
    .where('id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const { rules: valueRules } = await loadValueRules(tx);
  const { rules: lifecycleRules } = await loadLifecycleRules(tx);
  const yearsInWindow = valueRules.lookbackMonths / 12;

  const stageRows = await tx
    .selectFrom('customer_stages as s')
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .where('c.deleted_at', 'is', null)
    .select(['s.stage', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('s.stage')
    .execute();
  const funnel = STAGES.map((stage) => ({
    stage,
    customers: Number(stageRows.find((r) => r.stage === stage)?.n ?? 0),
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

  const tierRows = await tx
    .selectFrom('customer_value as v')
    .innerJoin('customers as c', 'c.id', 'v.customer_id')
    .where('c.deleted_at', 'is', null)
    .select([
      'v.tier',
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<number>`coalesce(sum(v.lifetime_revenue_minor), 0)::bigint`.as('lifetime'),
      sql<number>`coalesce(sum(v.monetary_minor), 0)::bigint`.as('window'),
    ])
    .groupBy('v.tier')
    .execute();
  const tiers = VALUE_TIERS.map((tier) => {
    const r = tierRows.find((x) => x.tier === tier);
    return {
      tier,
      customers: Number(r?.n ?? 0),
      lifetimeRevenueMinor: Number(r?.lifetime ?? 0),
      windowRevenueMinor: Number(r?.window ?? 0),
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
  const firstBuys = await sql<{ month: string; buyers: number }>`
    select to_char(date_trunc('month', first_order_at), 'YYYY-MM') as month, count(*)::int as buyers
    from customer_value where first_order_at is not null group by 1
  `.execute(tx);
  const churn = monthsOf(period.from, period.to).map((m) => {
    const churned = Number(churnedRows.rows.find((r) => r.month === m)?.churned ?? 0);
    const buyers = firstBuys.rows.filter((r) => r.month < m).reduce((n, r) => n + Number(r.buyers), 0);
    return {
      month: m,
      churned,
      buyers,
      rate: buyers > 0 ? Math.round((churned / buyers) * 10_000) / 10_000 : 0,
    };
  });

  const cohortStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (COHORT_MONTHS - 1), 1));
  const sizes = await sql<{ cohort: string; size: number }>`
    select to_char(date_trunc('month', first_order_at), 'YYYY-MM') as cohort, count(*)::int as size
    from customer_value where first_order_at >= ${cohortStart}
    group by 1 order by 1
  `.execute(tx);
  const cells = await sql<{ cohort: string; offset: number; buyers: number }>`
    select to_char(date_trunc('month', v.first_order_at), 'YYYY-MM') as cohort,
      ((extract(year from o.ordered_at) - extract(year from v.first_order_at)) * 12
        + extract(month from o.ordered_at) - extract(month from v.first_order_at))::int as "offset",
      count(distinct o.customer_id)::int as buyers
    from customer_value v
    join orders o on o.customer_id = v.customer_id and o.status = 'completed' and o.ordered_at >= ${cohortStart}
    where v.first_order_at >= ${cohortStart}
    group by 1, 2
  `.execute(tx);
  const cohorts = cohortMatrix(
    sizes.rows.map((r) => ({ cohort: r.cohort, size: Number(r.size) })),
    cells.rows.map((r) => ({ cohort: r.cohort, offset: Number(r.offset), buyers: Number(r.buyers) })),
    COHORT_MONTHS,
    month(now),
  );

  const atRiskTotals = await sql<{ n: number; revenue: number }>`
    select count(*)::int as n, coalesce(sum(v.monetary_minor), 0)::bigint as revenue
    from customer_stages s join customer_value v on v.customer_id = s.customer_id
    join customers c on c.id = s.customer_id and c.deleted_at is null
    where s.stage = 'at_risk'
  `.execute(tx);
  const atRiskTop = await sql<{
    id: string;
    name: string;
    tier: string;
    monetary_minor: number;
    last_order_at: Date | null;
    reason: string;
  }>`
    select c.id, c.name, v.tier, v.monetary_minor, v.last_order_at, s.reason
    from customer_stages s join customer_value v on v.customer_id = s.customer_id
    join customers c on c.id = s.customer_id and c.deleted_at is null
    where s.stage = 'at_risk'
    order by v.monetary_minor desc, c.id limit 20
  `.execute(tx);
  const atRiskCount = Number(atRiskTotals.rows[0]?.n ?? 0);
  const atRiskAnnual = Math.round(Number(atRiskTotals.rows[0]?.revenue ?? 0) / yearsInWindow);

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
    where r.deleted_at is null and p.deleted_at is null
    group by p.id, p.name order by count(*) desc, revenue desc limit 10
  `.execute(tx);

  const means = await sql<{ high: number | null; ordinary: number | null }>`
    select avg(monetary_minor) filter (where tier = 'high') as high,
      avg(monetary_minor) filter (where tier <> 'high' and frequency > 0) as ordinary
    from customer_value
  `.execute(tx);
  const perYear = (v: number | null | undefined) => Math.round(Number(v ?? 0) / yearsInWindow);
  const cost = costOfLosing({
    atRiskCustomers: atRiskCount,
    atRiskAnnualRevenueMinor: atRiskAnnual,
    acquisitionCostMinor: lifecycleRules.acquisitionCostMinor,
    retentionCostMinor: lifecycleRules.retentionCostMinor,
    highValueAnnualRevenueMinor: perYear(means.rows[0]?.high),
    ordinaryAnnualRevenueMinor: perYear(means.rows[0]?.ordinary),
  });

  const r = reach.rows[0];
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    currency: tenant.default_currency,
    funnel,
    flows,
    tiers,
    churn,
    cohorts,
    atRisk: {
      customers: atRiskCount,
      annualRevenueMinor: atRiskAnnual,
      top: atRiskTop.rows.map((x) => ({
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
    generatedInMs: Math.round(performance.now() - started),
  };
}
