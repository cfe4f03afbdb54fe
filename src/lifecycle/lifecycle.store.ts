import { type RawBuilder, sql } from 'kysely';
import type { LifecycleFactKind } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { DEFAULT_LIFECYCLE_RULES, type LifecycleRules, lifecycleRulesSchema } from './lifecycle-rules.ts';
import type { LifecycleFacts } from './stage-evaluation.ts';

/** SQL of the lifecycle slice: rules, the facts behind each customer's stage, recorded facts. */

export async function loadLifecycleRules(
  tx: TenantTx,
): Promise<{ rules: LifecycleRules; updatedAt: Date | null }> {
  const row = await tx.selectFrom('lifecycle_rules').select(['rules', 'updated_at']).executeTakeFirst();
  if (!row) return { rules: DEFAULT_LIFECYCLE_RULES, updatedAt: null };
  const parsed = lifecycleRulesSchema.safeParse({ ...DEFAULT_LIFECYCLE_RULES, ...(row.rules as object) });
  return { rules: parsed.success ? parsed.data : DEFAULT_LIFECYCLE_RULES, updatedAt: row.updated_at };
}

export async function saveLifecycleRules(
  tx: TenantTx,
  tenantId: string,
  rules: LifecycleRules,
  userId: string | null,
) {
  const json = JSON.stringify(rules);
  await tx
    .insertInto('lifecycle_rules')
    .values({ tenant_id: tenantId, rules: json, updated_by: userId })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({ rules: json, updated_by: userId, updated_at: new Date() }),
    )
    .execute();
}

export interface StageFactsRow {
  customer_id: string;
  created_at: Date;
  qualified_at: Date | null;
  completed_orders: number | null;
  first_order_at: Date | null;
  last_order_at: Date | null;
  previous_order_at: Date | null;
  last_cancelled_at: Date | null;
  lost_at: Date | null;
  lost_reason: string | null;
  sat_kind: 'csat' | 'nps' | null;
  sat_score: number | null;
  sat_at: Date | null;
  referrals_made: number | null;
  last_referral_at: Date | null;
  oldest_open_complaint_at: Date | null;
  current_stage: string | null;
  current_reason: string | null;
  current_fact: unknown;
}

/**
 * Every fact the stage rules read, per customer: order facts from the value slice's
 * aggregates (customer_value), recorded facts, referrals, and the stage now stored.
 */
export function stageFactsSql(customerId?: string, asOf?: Date): RawBuilder<StageFactsRow> {
  const one = (column: string) => (customerId ? sql`and ${sql.ref(column)} = ${customerId}` : sql``);
  // Replaying history: only what existed at `asOf` counts.
  const until = (column: string) => (asOf ? sql`and ${sql.ref(column)} <= ${asOf}` : sql``);
  return sql<StageFactsRow>`
    with facts as (
      select customer_id,
        max(at) filter (where kind = 'qualified') as qualified_at,
        max(at) filter (where kind = 'lost') as lost_at,
        (array_agg(note order by at desc) filter (where kind = 'lost'))[1] as lost_reason,
        (array_agg(kind order by at desc) filter (where kind in ('csat', 'nps')))[1] as sat_kind,
        (array_agg(score order by at desc) filter (where kind in ('csat', 'nps')))[1] as sat_score,
        max(at) filter (where kind in ('csat', 'nps')) as sat_at
      from lifecycle_facts where true ${one('lifecycle_facts.customer_id')} ${until('lifecycle_facts.at')}
      group by customer_id
    ), open_complaints as (
      select o.customer_id, min(o.at) as oldest_open_complaint_at
      from lifecycle_facts o
      where o.kind = 'complaint_opened' ${one('o.customer_id')} ${until('o.at')}
        and not exists (
          select 1 from lifecycle_facts c
          where c.kind = 'complaint_closed' and c.customer_id = o.customer_id and c.ref_id = o.ref_id ${until('c.at')})
      group by o.customer_id
    ), referrals as (
      select referred_by_id as customer_id, count(*)::int as referrals_made, max(created_at) as last_referral_at
      from customers where referred_by_id is not null and deleted_at is null ${one('customers.referred_by_id')}
        ${until('customers.created_at')}
      group by referred_by_id
    )
    select c.id as customer_id, c.created_at,
      f.qualified_at, v.order_count as completed_orders, v.first_order_at, v.last_order_at,
      v.previous_order_at, v.last_cancelled_at, f.lost_at, f.lost_reason, f.sat_kind, f.sat_score, f.sat_at,
      r.referrals_made, r.last_referral_at, oc.oldest_open_complaint_at,
      s.stage as current_stage, s.reason as current_reason, s.fact as current_fact
    from customers c
    left join customer_value v on v.customer_id = c.id
    left join facts f on f.customer_id = c.id
    left join open_complaints oc on oc.customer_id = c.id
    left join referrals r on r.customer_id = c.id
    left join customer_stages s on s.customer_id = c.id
    where c.deleted_at is null ${one('c.id')}
      ${asOf ? sql`and (c.created_at <= ${asOf} or v.first_order_at <= ${asOf})` : sql``}`;
}

export function toLifecycleFacts(row: StageFactsRow): LifecycleFacts {
  return {
    createdAt: row.created_at,
    qualifiedAt: row.qualified_at,
    completedOrders: row.completed_orders ?? 0,
    firstOrderAt: row.first_order_at,
    lastOrderAt: row.last_order_at,
    previousOrderAt: row.previous_order_at,
    lastCancelledAt: row.last_cancelled_at,
    lostAt: row.lost_at,
    lostReason: row.lost_reason,
    latestSatisfaction:
      row.sat_kind && row.sat_score !== null && row.sat_at
        ? { kind: row.sat_kind, score: Number(row.sat_score), at: row.sat_at }
        : null,
    referralsMade: row.referrals_made ?? 0,
    lastReferralAt: row.last_referral_at,
    oldestOpenComplaintAt: row.oldest_open_complaint_at,
  };
}

export interface FactInput {
  kind: LifecycleFactKind;
  score?: number | null;
  note?: string | null;
  refType?: string | null;
  refId?: string | null;
  at?: Date;
}

export async function insertFact(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  fact: FactInput,
  userId: string | null,
) {
  return tx
    .insertInto('lifecycle_facts')
    .values({
      tenant_id: tenantId,
      customer_id: customerId,
      kind: fact.kind,
      score: fact.score ?? null,
      note: fact.note ?? null,
      ref_type: fact.refType ?? null,
      ref_id: fact.refId ?? null,
      at: fact.at ?? new Date(),
      created_by: userId,
    })
    .returning(['id', 'kind', 'score', 'note', 'at'])
    .executeTakeFirstOrThrow();
}
