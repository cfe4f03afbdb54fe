import { type Kysely, sql } from 'kysely';

/**
 * Service: tickets (inquiries, complaints, repair requests) tracked to the end. A ticket has a
 * type with the tenant's custom fields for it, a status workflow, a priority, an owner and a
 * team (a queue), a resolution, and a history (ticket_events: every change and every internal
 * note, with who and when). It links to the interactions it came from or was discussed in; a
 * duplicate is merged into another ticket and points at it.
 */
export const TENANT_TABLES = ['tickets', 'ticket_events', 'ticket_interactions', 'ticket_fields'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence ticket_number_seq start 10001;
    create table tickets (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      -- What people say on the phone: "工单 10234". Unique per tenant, from one sequence.
      number bigint not null default nextval('ticket_number_seq'),
      type text not null check (type in ('inquiry', 'complaint', 'repair', 'other')),
      subject text not null,
      description text,
      status text not null default 'new' check (status in
        ('new', 'open', 'pending_customer', 'pending_third_party', 'resolved', 'closed', 'reopened')),
      priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
      customer_id uuid references customers(id),
      owner_id uuid references users(id),
      queue_id uuid references queues(id),
      -- The channel the customer used: status updates go back the same way.
      channel text check (channel in ('voice', 'chat', 'email', 'sms', 'web')),
      custom_fields jsonb not null default '{}',
      resolution_code text,
      resolution_summary text,
      merged_into_id uuid references tickets(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      first_responded_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      version integer not null default 1,
      unique (tenant_id, number)
    );
    create index tickets_status_idx on tickets (tenant_id, status, updated_at desc);
    create index tickets_customer_idx on tickets (tenant_id, customer_id);
    create index tickets_owner_idx on tickets (tenant_id, owner_id) where status not in ('resolved', 'closed');

    create table ticket_events (
      id bigserial primary key,
      tenant_id uuid not null references tenants(id),
      ticket_id uuid not null references tickets(id),
      kind text not null check (kind in
        ('created', 'status', 'priority', 'assigned', 'fields', 'note', 'linked', 'merged', 'resolution', 'subject')),
      author_id uuid references users(id),
      body text,
      detail jsonb not null default '{}',
      at timestamptz not null default now()
    );
    create index ticket_events_ticket_idx on ticket_events (ticket_id, id);

    create table ticket_interactions (
      tenant_id uuid not null references tenants(id),
      ticket_id uuid not null references tickets(id),
      interaction_id uuid not null references interactions(id),
      linked_at timestamptz not null default now(),
      primary key (ticket_id, interaction_id)
    );
    create index ticket_interactions_interaction_idx on ticket_interactions (interaction_id);

    -- The tenant's custom fields per ticket type (e.g. a repair's product model and address).
    create table ticket_fields (
      tenant_id uuid not null references tenants(id),
      type text not null check (type in ('inquiry', 'complaint', 'repair', 'other')),
      fields jsonb not null default '[]',
      updated_at timestamptz not null default now(),
      primary key (tenant_id, type)
    );
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
  await sql`
    grant usage on sequence ticket_events_id_seq to hotline_app;
    grant usage on sequence ticket_number_seq to hotline_app;
  `.execute(db);
}
