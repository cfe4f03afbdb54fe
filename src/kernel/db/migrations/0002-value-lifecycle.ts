import { type Kysely, sql } from 'kysely';

/**
 * Customer value and lifecycle: per-tenant rules, each customer's scores, tier and stage,
 * the log of stage transitions, the facts other slices record (a qualified lead, a
 * satisfaction score, an open complaint, a loss), saved segments, and durable jobs.
 */
export const TENANT_TABLES = [
  'value_rules',
  'customer_value',
  'lifecycle_rules',
  'customer_stages',
  'stage_transitions',
  'lifecycle_facts',
  'segments',
  // A job names its tenant; system jobs (no tenant) are invisible to the app role.
  'jobs',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- When an order's status last changed (a cancellation or a refund happens after the order).
    alter table orders add column status_changed_at timestamptz;
    -- Whom a customer referred (the referrer's loyalty and referral reach).
    create index customers_referred_by_idx on customers (referred_by_id) where referred_by_id is not null;

    create table value_rules (
      tenant_id uuid primary key references tenants(id),
      rules jsonb not null,
      -- The cut points of the last full rescore (quintiles), used by incremental updates.
      breakpoints jsonb,
      rescored_at timestamptz,
      updated_at timestamptz not null default now(),
      updated_by uuid references users(id)
    );

    create table customer_value (
      customer_id uuid primary key references customers(id) on delete cascade,
      tenant_id uuid not null references tenants(id),
      tier text not null check (tier in ('high', 'secondary', 'potential', 'low')),
      reason text not null,
      frequency integer not null,
      monetary_minor bigint not null,
      margin_minor bigint,
      recency_days integer,
      recency_score smallint,
      frequency_score smallint,
      monetary_score smallint,
      margin_score smallint,
      current_value real,
      potential real,
      order_count integer not null,
      first_order_at timestamptz,
      last_order_at timestamptz,
      -- The completed order before the last, and the last cancellation (for lifecycle rules).
      previous_order_at timestamptz,
      last_cancelled_at timestamptz,
      lifetime_revenue_minor bigint not null,
      expected_interval_days integer,
      scored_at timestamptz not null
    );
    create index customer_value_tier_idx on customer_value (tenant_id, tier);

    create table lifecycle_rules (
      tenant_id uuid primary key references tenants(id),
      rules jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid references users(id)
    );

    create table customer_stages (
      customer_id uuid primary key references customers(id) on delete cascade,
      tenant_id uuid not null references tenants(id),
      stage text not null,
      reason text not null,
      -- The fact behind the stage (kept current: "silent for N days" grows every night).
      fact jsonb not null default '{}',
      since timestamptz not null,
      evaluated_at timestamptz not null
    );
    create index customer_stages_stage_idx on customer_stages (tenant_id, stage);

    create table stage_transitions (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      customer_id uuid not null references customers(id) on delete cascade,
      from_stage text,
      to_stage text not null,
      reason text not null,
      fact jsonb not null,
      at timestamptz not null default now()
    );
    create index stage_transitions_customer_idx on stage_transitions (customer_id, id desc);
    create index stage_transitions_at_idx on stage_transitions (tenant_id, at);
    -- Churn per month reads transitions into a stage by time.
    create index stage_transitions_to_idx on stage_transitions (tenant_id, to_stage, at);

    create table lifecycle_facts (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      customer_id uuid not null references customers(id) on delete cascade,
      kind text not null check (kind in ('qualified', 'csat', 'nps', 'lost', 'complaint_opened', 'complaint_closed')),
      score real,
      note text,
      -- What the fact came from (an interaction, a survey response, a ticket).
      ref_type text,
      ref_id text,
      at timestamptz not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
    create index lifecycle_facts_customer_idx on lifecycle_facts (customer_id, kind, at desc);

    create table segments (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      description text,
      filter jsonb not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index segments_name_key on segments (tenant_id, lower(name)) where deleted_at is null;

    -- Durable jobs: due time, claimed with FOR UPDATE SKIP LOCKED so one instance runs each.
    -- The runner claims jobs as the privileged user; a job's work runs inside its tenant.
    create table jobs (
      id bigint generated always as identity primary key,
      tenant_id uuid references tenants(id),
      kind text not null,
      -- At most one pending job per key (a nightly rescore per tenant, say).
      dedupe_key text,
      payload jsonb not null default '{}',
      due_at timestamptz not null,
      attempts integer not null default 0,
      locked_until timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      result jsonb,
      last_error text,
      created_at timestamptz not null default now()
    );
    create index jobs_due_idx on jobs (due_at) where finished_at is null;
    create unique index jobs_dedupe_key on jobs (dedupe_key) where finished_at is null;
  `.execute(db);

  for (const table of TENANT_TABLES) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid);
      grant select, insert, update, delete on ${sql.table(table)} to hotline_app;
    `.execute(db);
  }
  await sql`grant usage on all sequences in schema public to hotline_app`.execute(db);
}
