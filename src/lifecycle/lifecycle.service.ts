import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import {
  type FactInput,
  insertFact,
  loadLifecycleRules,
  type StageFactsRow,
  stageFactsSql,
  toLifecycleFacts,
} from './lifecycle.store.ts';
import { type LifecycleRules, STAGES, type Stage } from './lifecycle-rules.ts';
import { evaluateStage, factWithoutAge, type StageDecision } from './stage-evaluation.ts';

/**
 * Keeps every customer's lifecycle stage current. A stage change is stored with its time,
 * its reason and the fact that caused it, and emitted as `customer.stage_changed`.
 * Run it after the value slice has refreshed the customer's order facts.
 */

const BATCH = 10_000;

interface Change {
  customerId: string;
  from: string | null;
  decision: StageDecision;
}

/** Re-evaluates one customer; returns the change, if there was one. */
export async function restageCustomer(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  now = new Date(),
  /** The tenant's rules when the caller restages many customers and has read them once. */
  preloaded?: LifecycleRules,
) {
  const rules = preloaded ?? (await loadLifecycleRules(tx)).rules;
  const row = (await stageFactsSql(customerId).execute(tx)).rows[0];
  if (!row) return null;
  const decision = evaluateStage(toLifecycleFacts(row), rules, now);
  const { changes } = await applyDecisions(tx, tenantId, [[row, decision]], now);
  return changes[0] ?? null;
}

export interface RestageResult {
  customers: number;
  /** Customers who moved to another stage. */
  changed: number;
  /** Customers who stayed but whose reason or fact changed. */
  refreshed: number;
  stages: Record<Stage, number>;
  milliseconds: number;
}

/** Re-evaluates every customer of the tenant (nightly, on demand, after the rules change). */
export async function restageTenant(
  tx: TenantTx,
  tenantId: string,
  now = new Date(),
  options: { historical?: boolean } = {},
): Promise<RestageResult> {
  const started = performance.now();
  const { rules } = await loadLifecycleRules(tx);
  await sql`drop table if exists stage_facts`.execute(tx);
  await sql`create temp table stage_facts on commit drop as ${stageFactsSql(undefined, options.historical ? now : undefined)}`.execute(
    tx,
  );
  const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  let customers = 0;
  let changed = 0;
  let refreshed = 0;
  // A cursor reads the facts in pages in whatever order they lie: no index, no sort.
  await sql`declare stage_pass no scroll cursor for select * from stage_facts`.execute(tx);
  for (;;) {
    const page = await sql<StageFactsRow>`fetch ${sql.raw(String(BATCH))} from stage_pass`.execute(tx);
    if (page.rows.length === 0) break;
    const decided = page.rows.map((row) => [row, evaluateStage(toLifecycleFacts(row), rules, now)] as const);
    for (const [, d] of decided) stages[d.stage] += 1;
    const applied = await applyDecisions(tx, tenantId, decided, now);
    changed += applied.changes.length;
    refreshed += applied.refreshed;
    customers += page.rows.length;
  }
  await sql`close stage_pass`.execute(tx);
  // Stages of customers deleted before deletion removed them (see forgetStanding).
  await sql`delete from customer_stages s using customers c where c.id = s.customer_id and c.deleted_at is not null`.execute(
    tx,
  );
  return { customers, changed, refreshed, stages, milliseconds: Math.round(performance.now() - started) };
}

/** Records a fact about a customer (a qualified lead, a satisfaction score, a loss…) and restages them. */
export async function recordFact(
  tx: TenantTx,
  tenantId: string,
  customerId: string,
  fact: FactInput,
  userId: string | null,
) {
  const stored = await insertFact(tx, tenantId, customerId, fact, userId);
  const change = await restageCustomer(tx, tenantId, customerId);
  return { fact: stored, change };
}

const iso = (d: Date) => new Date(d).toISOString();

/** JSON with sorted keys: jsonb does not keep key order, so compare facts this way. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** The fact as stored: its type, when it happened, and its details (key order fixed). */
function factJson(decision: StageDecision): string {
  return JSON.stringify({ type: decision.fact.type, at: iso(decision.fact.at), ...decision.fact.detail });
}

/** Stores the decisions that differ from what is stored: stage rows, transitions, events. */
async function applyDecisions(
  tx: TenantTx,
  tenantId: string,
  decided: readonly (readonly [StageFactsRow, StageDecision])[],
  now: Date,
): Promise<{ changes: Change[]; refreshed: number }> {
  const changes: Change[] = [];
  const refreshed: [string, string, string][] = [];
  for (const [row, decision] of decided) {
    if (row.current_stage !== decision.stage) {
      changes.push({ customerId: row.customer_id, from: row.current_stage, decision });
      continue;
    }
    const fact = factJson(decision);
    // "Silent for one more day" is no news: the card recounts the days when it is shown.
    if (
      row.current_reason !== decision.reason ||
      canonical(factWithoutAge((row.current_fact ?? {}) as Record<string, unknown>)) !==
        canonical(factWithoutAge(JSON.parse(fact)))
    ) {
      refreshed.push([row.customer_id, decision.reason, fact]);
    }
  }
  if (refreshed.length > 0) {
    // Same stage, newer reason or fact (silent for one more day): no transition, just the detail.
    await sql`
      update customer_stages s set reason = u.reason, fact = u.fact::jsonb, evaluated_at = ${iso(now)}::timestamptz
      from unnest(${refreshed.map((r) => r[0])}::uuid[], ${refreshed.map((r) => r[1])}::text[],
        ${refreshed.map((r) => r[2])}::text[]) as u(customer_id, reason, fact)
      where s.customer_id = u.customer_id
    `.execute(tx);
  }
  if (changes.length === 0) return { changes, refreshed: refreshed.length };
  const ids = changes.map((c) => c.customerId);
  const to = changes.map((c) => c.decision.stage);
  const from = changes.map((c) => c.from);
  const reasons = changes.map((c) => c.decision.reason);
  const facts = changes.map((c) => factJson(c.decision));
  await sql`
    insert into customer_stages (customer_id, tenant_id, stage, reason, fact, since, evaluated_at)
    select u.customer_id, ${tenantId}::uuid, u.stage, u.reason, u.fact::jsonb, ${iso(now)}::timestamptz,
      ${iso(now)}::timestamptz
    from unnest(${ids}::uuid[], ${to}::text[], ${reasons}::text[], ${facts}::text[]) as u(customer_id, stage, reason, fact)
    on conflict (customer_id) do update set
      stage = excluded.stage, reason = excluded.reason, fact = excluded.fact, since = excluded.since,
      evaluated_at = excluded.evaluated_at
  `.execute(tx);
  await sql`
    insert into stage_transitions (tenant_id, customer_id, from_stage, to_stage, reason, fact, at)
    select ${tenantId}::uuid, u.customer_id, u.from_stage, u.to_stage, u.reason, u.fact::jsonb, ${iso(now)}::timestamptz
    from unnest(${ids}::uuid[], ${from}::text[], ${to}::text[], ${reasons}::text[], ${facts}::text[])
      as u(customer_id, from_stage, to_stage, reason, fact)
  `.execute(tx);
  await sql`
    insert into outbox_events (tenant_id, type, aggregate_type, aggregate_id, payload)
    select ${tenantId}::uuid, 'customer.stage_changed', 'customer', u.customer_id,
      jsonb_build_object('from', u.from_stage, 'to', u.to_stage, 'reason', u.reason, 'fact', u.fact::jsonb)
    from unnest(${ids}::uuid[], ${from}::text[], ${to}::text[], ${reasons}::text[], ${facts}::text[])
      as u(customer_id, from_stage, to_stage, reason, fact)
  `.execute(tx);
  return { changes, refreshed: refreshed.length };
}
