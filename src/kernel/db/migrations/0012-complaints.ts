import { type Kysely, sql } from 'kysely';

/**
 * Complaints are tickets of type 'complaint' with facts of their own: why (a category), about
 * which product, how serious, what compensation was offered, and whether the customer accepted
 * the resolution. A tenant's warning threshold for its complaint rate per 1,000 orders.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ticket_complaints (
      ticket_id uuid primary key references tickets(id),
      tenant_id uuid not null references tenants(id),
      category text not null check (category in
        ('product_quality', 'delivery', 'installation', 'service_attitude', 'billing', 'other')),
      product text,
      severity text not null default 'major' check (severity in ('minor', 'major', 'critical')),
      compensation_minor bigint check (compensation_minor >= 0),
      compensation_note text,
      -- Null until the customer says; asked when the complaint is resolved.
      accepted boolean,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index ticket_complaints_product_idx on ticket_complaints (tenant_id, product);

    -- 'notified': the customer was told of a status change by the channel they used.
    alter table ticket_events drop constraint ticket_events_kind_check;
    alter table ticket_events add constraint ticket_events_kind_check check (kind in
      ('created', 'status', 'priority', 'assigned', 'fields', 'note', 'linked', 'merged', 'resolution',
       'subject', 'sla', 'notified'));

    create table complaint_settings (
      tenant_id uuid primary key references tenants(id),
      warn_per_1000_orders numeric not null default 5 check (warn_per_1000_orders > 0),
      updated_at timestamptz not null default now()
    );
  `.execute(db);
  for (const table of ['ticket_complaints', 'complaint_settings']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid);
      grant select, insert, update, delete on ${sql.table(table)} to hotline_app;
    `.execute(db);
  }
}
