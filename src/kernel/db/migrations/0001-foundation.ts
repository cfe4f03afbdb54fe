import { type Kysely, sql } from 'kysely';

/**
 * The foundation schema: tenants, users and roles, teams, skills, queues, customers with
 * contacts and orders, the audit log, the event outbox, sessions, idempotency keys, imports.
 *
 * Tenant isolation lives here, in PostgreSQL row-level security: every tenant-owned table
 * has a policy that matches `hotline.tenant_id`, and the app switches to the unprivileged
 * role `hotline_app` inside every tenant transaction (see tenant-scope.ts), so a query that
 * forgets a `where tenant_id = …` still sees one tenant. FORCE is not set on purpose: the
 * owner (the migrating user) is the privileged "system" path used by sign-in and the CLI,
 * and hotline_app is never the owner, so RLS always applies to it.
 */
export const TENANT_TABLES = [
  'teams',
  'skills',
  'users',
  'user_skills',
  'queues',
  'customers',
  'contacts',
  'orders',
  'audit_log',
  'outbox_events',
  'idempotency_keys',
  'imports',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$ begin
      create role hotline_app nologin;
    exception when duplicate_object then null;
    end $$;
  `.execute(db);
  // The connecting user must be able to SET ROLE hotline_app (a superuser always can).
  await sql`
    do $$ begin
      if not pg_has_role(current_user, 'hotline_app', 'member') then
        execute format('grant hotline_app to %I', current_user);
      end if;
    end $$;
  `.execute(db);

  await sql`
    create table tenants (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
      name text not null,
      default_region text not null default 'CN',
      default_currency text not null default 'CNY',
      time_zone text not null default 'Asia/Shanghai',
      created_at timestamptz not null default now()
    );

    create table roles (
      code text primary key,
      description text not null
    );
    insert into roles (code, description) values
      ('operator_admin', 'Operator administrator: every tenant on the floor'),
      ('tenant_admin', 'Tenant administrator'),
      ('supervisor', 'Supervisor / team lead'),
      ('agent', 'Agent'),
      ('analyst', 'Analyst: read-only');

    create table teams (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      created_at timestamptz not null default now(),
      unique (tenant_id, name)
    );

    create table skills (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      code text not null,
      name text not null,
      created_at timestamptz not null default now(),
      unique (tenant_id, code)
    );

    create table users (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid references tenants(id),
      email text not null,
      display_name text not null,
      password_hash text not null,
      role text not null references roles(code),
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
      team_id uuid references teams(id),
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((role = 'operator_admin') = (tenant_id is null))
    );
    create unique index users_email_key on users (lower(email));
    create index users_tenant_idx on users (tenant_id);

    create table user_skills (
      tenant_id uuid not null references tenants(id),
      user_id uuid not null references users(id) on delete cascade,
      skill_id uuid not null references skills(id) on delete cascade,
      level integer not null default 1 check (level between 1 and 5),
      primary key (user_id, skill_id)
    );

    create table queues (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      code text not null,
      name text not null,
      required_skill_ids uuid[] not null default '{}',
      priority integer not null default 0,
      created_at timestamptz not null default now(),
      unique (tenant_id, code)
    );

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      user_id uuid not null references users(id) on delete cascade,
      tenant_id uuid references tenants(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create index sessions_user_idx on sessions (user_id);

    create table customers (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      external_ref text,
      name text not null,
      company text,
      gender text check (gender in ('male', 'female', 'other')),
      birthday date,
      province text,
      city text,
      tags text[] not null default '{}',
      do_not_call boolean not null default false,
      marketing_opt_in boolean not null default false,
      notes text,
      referred_by_id uuid references customers(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      version integer not null default 1
    );
    create unique index customers_external_ref_key on customers (tenant_id, external_ref) where external_ref is not null;
    create index customers_list_idx on customers (tenant_id, created_at desc, id desc) where deleted_at is null;
    create index customers_name_idx on customers (tenant_id, lower(name));
    create index customers_tags_idx on customers using gin (tags);

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      customer_id uuid not null references customers(id),
      kind text not null check (kind in ('phone', 'email', 'chat')),
      value text not null,
      -- reversed value, so "ends with these digits" becomes an indexed prefix search
      value_reversed text not null,
      label text,
      is_primary boolean not null default false,
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create unique index contacts_value_key on contacts (tenant_id, kind, value) where deleted_at is null;
    create index contacts_customer_idx on contacts (customer_id);
    create index contacts_reversed_idx on contacts (tenant_id, kind, value_reversed text_pattern_ops) where deleted_at is null;

    create table orders (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      customer_id uuid not null references customers(id),
      external_ref text,
      product text not null,
      category text,
      amount_minor bigint not null check (amount_minor >= 0),
      margin_minor bigint,
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      status text not null default 'completed' check (status in ('completed', 'refunded', 'cancelled')),
      ordered_at timestamptz not null,
      created_at timestamptz not null default now()
    );
    create unique index orders_external_ref_key on orders (tenant_id, external_ref) where external_ref is not null;
    create index orders_customer_idx on orders (customer_id, ordered_at desc);

    create table audit_log (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      entity_type text not null,
      entity_id uuid not null,
      action text not null,
      actor_user_id uuid references users(id),
      actor_name text not null,
      at timestamptz not null default now(),
      before jsonb,
      after jsonb
    );
    create index audit_log_entity_idx on audit_log (tenant_id, entity_type, entity_id, id desc);

    create table outbox_events (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      type text not null,
      aggregate_type text not null,
      aggregate_id uuid not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      published_at timestamptz
    );
    create index outbox_unpublished_idx on outbox_events (id) where published_at is null;

    create table idempotency_keys (
      tenant_id uuid not null references tenants(id),
      user_id uuid not null references users(id) on delete cascade,
      key text not null,
      method text not null,
      path text not null,
      request_hash text not null,
      status_code integer not null,
      response jsonb not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, user_id, key)
    );

    create table imports (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      kind text not null check (kind in ('customers', 'orders')),
      filename text,
      encoding text not null,
      total_rows integer not null,
      created_rows integer not null,
      updated_rows integer not null,
      unchanged_rows integer not null,
      error_rows integer not null,
      errors jsonb not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    );
  `.execute(db);

  // Row-level security: one policy per tenant-owned table.
  for (const table of TENANT_TABLES) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('hotline.tenant_id', true), '')::uuid);
      grant select, insert, update, delete on ${sql.table(table)} to hotline_app;
    `.execute(db);
  }
  // The app role reads its own tenant's row and the role catalogue; sessions stay privileged.
  await sql`
    alter table tenants enable row level security;
    create policy tenant_self on tenants
      using (id = nullif(current_setting('hotline.tenant_id', true), '')::uuid);
    grant select on tenants to hotline_app;
    grant select on roles to hotline_app;
  `.execute(db);
}
