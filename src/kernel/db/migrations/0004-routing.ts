import { type Kysely, sql } from 'kysely';

/**
 * Routing (ACD): queues grow their service settings (channels, skills with a minimum level,
 * business hours and holidays, service level, overflow, wrap-up, what customers get outside
 * hours); agents get a profile (capacity per channel) and a state with its log; interactions
 * of every channel wait in queues, are offered to agents, carry their messages and end with
 * a disposition.
 *
 * Two guarantees live in the schema rather than in code:
 * - `offers_live_key`: at most one pending or accepted (and not yet ended) offer per
 *   interaction, so no interaction is ever offered to two agents at once, whatever two
 *   server instances do.
 * - `outbox_commits`: the order in which transactions that wrote a tenant's events committed.
 *   Event ids are handed out at insert, not at commit, so a reader that follows ids can pass
 *   an id whose transaction commits a moment later and never see that event. Instead, a
 *   deferred trigger runs once per transaction and tenant at commit time and numbers the
 *   commit under the tenant's outbox lock; the realtime feed follows positions, not ids. (How
 *   the lock is taken changed in 0007-outbox-commit-lock.) The trigger also sends the NOTIFY
 *   that wakes the feed of every server instance.
 */
export const TENANT_TABLES = [
  'outbox_commits',
  'queue_skills',
  'agents',
  'agent_state_log',
  'interactions',
  'interaction_messages',
  'offers',
  'dispositions',
] as const;

/** Advisory lock namespaces (the first key of the two-key form); the second is hashtext(tenant id). */
export const OUTBOX_LOCK_NAMESPACE = 48_001;
export const ROUTING_LOCK_NAMESPACE = 48_002;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table queue_skills (
      tenant_id uuid not null references tenants(id),
      queue_id uuid not null references queues(id) on delete cascade,
      skill_id uuid not null references skills(id) on delete cascade,
      min_level integer not null default 1 check (min_level between 1 and 5),
      primary key (queue_id, skill_id)
    );
    -- The foundation's skill list had no levels: every skill it named becomes level 1.
    insert into queue_skills (tenant_id, queue_id, skill_id, min_level)
      select q.tenant_id, q.id, s.skill_id, 1 from queues q, unnest(q.required_skill_ids) as s(skill_id);
    alter table queues drop column required_skill_ids;

    alter table queues
      add column channels text[] not null default '{chat,email,voice}'
        check (cardinality(channels) > 0 and channels <@ array['chat', 'email', 'voice']),
      -- null: the tenant's time zone.
      add column time_zone text,
      -- 7×24 is a setting: when true, business hours and holidays are ignored.
      add column always_open boolean not null default true,
      -- {"mon": [{"open": "09:00", "close": "18:00"}], …}; a missing day is closed.
      add column business_hours jsonb not null default '{}',
      add column holidays date[] not null default '{}',
      add column service_level_percent integer not null default 80 check (service_level_percent between 1 and 100),
      add column service_level_seconds integer not null default 20 check (service_level_seconds > 0),
      add column max_wait_seconds integer check (max_wait_seconds > 0),
      add column overflow_queue_id uuid references queues(id),
      add column sticky_wait_seconds integer not null default 30 check (sticky_wait_seconds >= 0),
      add column wrap_up_seconds integer not null default 30 check (wrap_up_seconds >= 0),
      -- Outside hours: the chat widget shows this above its offline form; email gets the auto-reply.
      add column offline_message text,
      add column email_auto_reply text,
      -- null: DEFAULT_TIER_RULES of the routing engine.
      add column tier_rules jsonb,
      add column updated_at timestamptz not null default now(),
      add column deleted_at timestamptz;
    alter table queues drop constraint queues_tenant_id_code_key;
    create unique index queues_code_key on queues (tenant_id, code) where deleted_at is null;

    create table agents (
      user_id uuid primary key references users(id) on delete cascade,
      tenant_id uuid not null references tenants(id),
      capacity_voice integer not null default 1 check (capacity_voice between 0 and 1),
      capacity_chat integer not null default 3 check (capacity_chat between 0 and 20),
      capacity_email integer not null default 5 check (capacity_email between 0 and 50),
      state text not null default 'offline'
        check (state in ('available', 'busy', 'wrap_up', 'break', 'offline')),
      -- Why: a break's reason (lunch, training), or 'missed_offer' when the ACD set them busy.
      state_reason text,
      state_since timestamptz not null default now(),
      -- When the agent last became free; the longest idle qualified agent is offered first.
      idle_since timestamptz not null default now(),
      -- While state = 'wrap_up': when the ACD makes the agent available again.
      wrap_up_until timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index agents_tenant_idx on agents (tenant_id, state);
    create index agents_wrap_up_idx on agents (wrap_up_until) where state = 'wrap_up';

    create table agent_state_log (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      agent_id uuid not null references agents(user_id) on delete cascade,
      from_state text,
      state text not null,
      reason text,
      -- null: the ACD changed it (missed offer, end of wrap-up).
      changed_by uuid references users(id),
      at timestamptz not null default now()
    );
    create index agent_state_log_agent_idx on agent_state_log (agent_id, id desc);
    create index agent_state_log_at_idx on agent_state_log (tenant_id, at);

    create table interactions (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      channel text not null check (channel in ('chat', 'email', 'voice')),
      direction text not null default 'inbound' check (direction in ('inbound', 'outbound')),
      queue_id uuid not null references queues(id),
      customer_id uuid references customers(id),
      status text not null default 'queued'
        check (status in ('queued', 'offered', 'active', 'wrap_up', 'closed', 'abandoned')),
      subject text,
      contact_name text,
      contact_phone text,
      contact_email text,
      contact_chat_id text,
      -- The customer's value tier when queued (a priority input), read from the value slice.
      value_tier text check (value_tier in ('high', 'secondary', 'potential', 'low')),
      -- Replaces the queue's base priority + tier boost (a supervisor's bump).
      priority integer,
      -- When the customer started waiting (kept on overflow and transfer: priority keeps growing).
      enqueued_at timestamptz not null,
      -- When it entered its current queue (the overflow clock).
      queue_entered_at timestamptz not null,
      overflowed_from uuid[] not null default '{}',
      -- The agent who last served this customer (sticky routing).
      last_agent_id uuid references users(id),
      -- Agents who declined it or let the offer run out; offered again only if nobody else qualifies.
      declined_by uuid[] not null default '{}',
      -- Offered to, handling, or (once closed) handled by.
      agent_id uuid references users(id),
      accepted_at timestamptz,
      wrap_up_at timestamptz,
      wrap_up_until timestamptz,
      closed_at timestamptz,
      abandoned_at timestamptz,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index interactions_waiting_idx on interactions (tenant_id, enqueued_at) where status = 'queued';
    create index interactions_agent_idx on interactions (agent_id, channel)
      where status in ('offered', 'active', 'wrap_up');
    create index interactions_list_idx on interactions (tenant_id, created_at desc, id desc);
    create index interactions_queue_idx on interactions (queue_id, status);
    create index interactions_customer_idx on interactions (customer_id, created_at desc) where customer_id is not null;
    create index interactions_wrap_up_idx on interactions (wrap_up_until) where status = 'wrap_up';

    create table interaction_messages (
      id bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      interaction_id uuid not null references interactions(id) on delete cascade,
      author text not null check (author in ('customer', 'agent', 'system')),
      author_user_id uuid references users(id),
      body text not null,
      -- [{ "name", "contentType", "sizeBytes", "url"? }]; the files live elsewhere.
      attachments jsonb not null default '[]',
      created_at timestamptz not null default now()
    );
    create index interaction_messages_interaction_idx on interaction_messages (interaction_id, id);

    create table offers (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      interaction_id uuid not null references interactions(id) on delete cascade,
      agent_id uuid not null references users(id),
      reason text not null check (reason in ('standard', 'sticky', 'reoffer', 'transfer', 'reassign')),
      status text not null default 'pending'
        check (status in ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
      offered_at timestamptz not null,
      expires_at timestamptz not null,
      answered_at timestamptz,
      -- An accepted offer ends when the agent lets the interaction go (transfer, wrap-up).
      ended_at timestamptz
    );
    create unique index offers_live_key on offers (interaction_id)
      where status = 'pending' or (status = 'accepted' and ended_at is null);
    create index offers_expiry_idx on offers (expires_at) where status = 'pending';
    create index offers_agent_idx on offers (agent_id, offered_at desc);

    create table dispositions (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      interaction_id uuid not null unique references interactions(id) on delete cascade,
      agent_id uuid references users(id),
      code text not null,
      notes text,
      created_at timestamptz not null default now()
    );
  `.execute(db);

  await sql`
    -- Which transaction wrote each event; the default is free (no rewrite of existing rows,
    -- which keep null and predate the feed).
    alter table outbox_events add column tx_id xid8;
    alter table outbox_events alter column tx_id set default pg_current_xact_id();
    create index outbox_events_tx_idx on outbox_events (tx_id) where tx_id is not null;

    create table outbox_commits (
      position bigint generated always as identity primary key,
      tenant_id uuid not null references tenants(id),
      tx_id xid8 not null,
      committed_at timestamptz not null default now()
    );
    create index outbox_commits_tenant_idx on outbox_commits (tenant_id, position);

    create function outbox_commit_order() returns trigger language plpgsql as $$
    declare
      done text := coalesce(current_setting('hotline.outbox_ordered', true), '');
    begin
      -- Once per transaction and tenant: the trigger fires for every row written.
      if strpos(done, new.tenant_id::text) > 0 then
        return null;
      end if;
      perform pg_advisory_xact_lock(${sql.lit(OUTBOX_LOCK_NAMESPACE)}, hashtext(new.tenant_id::text));
      insert into outbox_commits (tenant_id, tx_id) values (new.tenant_id, pg_current_xact_id());
      perform set_config('hotline.outbox_ordered', done || new.tenant_id::text || ',', true);
      -- Delivered at commit, and not at all on rollback.
      perform pg_notify('hotline_events', new.tenant_id::text);
      return null;
    end $$;
    create constraint trigger outbox_commit_order after insert on outbox_events
      deferrable initially deferred for each row execute function outbox_commit_order();
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
