import { type Kysely, sql } from 'kysely';

/**
 * SLA policies per ticket type and value tier (first-response and resolution targets in the
 * queue's business minutes, a warning point, an escalation chain), and each ticket's clocks as
 * last evaluated: due instants, warnings sent, breaches and the escalation steps carried out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sla_policies (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      -- Null matches every type / every tier; the most specific active policy wins.
      ticket_type text check (ticket_type in ('inquiry', 'complaint', 'repair', 'other')),
      value_tier text check (value_tier in ('high', 'potential', 'secondary', 'low')),
      first_response_minutes numeric not null check (first_response_minutes > 0),
      resolution_minutes numeric not null check (resolution_minutes > 0),
      warn_fraction numeric not null default 0.8 check (warn_fraction > 0 and warn_fraction <= 1),
      escalation jsonb not null default '[]',
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index sla_policies_match_idx on sla_policies
      (tenant_id, coalesce(ticket_type, '*'), coalesce(value_tier, '*')) where active;

    alter table tickets
      add column sla_policy_id uuid references sla_policies(id),
      add column first_response_due_at timestamptz,
      add column resolution_due_at timestamptz,
      add column first_response_breached_at timestamptz,
      add column resolution_breached_at timestamptz,
      add column sla_warned jsonb not null default '[]',
      add column escalations_done jsonb not null default '[]';
    create index tickets_breached_idx on tickets (tenant_id, resolution_breached_at)
      where resolution_breached_at is not null or first_response_breached_at is not null;

    alter table ticket_events drop constraint ticket_events_kind_check;
    alter table ticket_events add constraint ticket_events_kind_check check (kind in
      ('created', 'status', 'priority', 'assigned', 'fields', 'note', 'linked', 'merged', 'resolution',
       'subject', 'sla'));

    alter table sla_policies enable row level security;
    create policy tenant_isolation on sla_policies
      using (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid)
      with check (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid);
    grant select, insert, update, delete on sla_policies to hotline_app;
  `.execute(db);
}
