import { type Kysely, sql } from 'kysely';

/**
 * Voice: agents' SIP accounts and their phones' registrations, a tenant's hotline numbers
 * (each leading to a queue or an IVR menu), IVR menus and uploaded prompts, and every call
 * with its legs' times (the call detail record), its recording and callback requests.
 *
 * Two lookups run before the tenant is known, on the privileged connection (as sign-in and
 * the SMTP listener do): a REGISTER names a SIP username, an INVITE names a dialled number.
 * Both are therefore unique across tenants. Everything after runs in the tenant's scope.
 */
export const TENANT_TABLES = [
  'sip_accounts',
  'sip_registrations',
  'voice_numbers',
  'ivr_menus',
  'voice_prompts',
  'voice_calls',
  'voice_call_events',
  'voice_recordings',
  'voice_callback_requests',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One SIP account per agent. Only digests of the password are kept (RFC 7616's HA1 for
    -- MD5 and SHA-256): enough to check a phone's answer, useless to sign in anywhere else.
    create table sip_accounts (
      user_id uuid primary key references users(id) on delete cascade,
      tenant_id uuid not null references tenants(id),
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      ha1_md5 text not null,
      ha1_sha256 text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index sip_accounts_tenant_idx on sip_accounts (tenant_id);

    -- A phone's binding (RFC 3261 §10): where to send an INVITE for this agent, until expires_at.
    create table sip_registrations (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      user_id uuid not null references users(id) on delete cascade,
      contact text not null,
      transport text not null check (transport in ('udp', 'tcp')),
      source_address text not null,
      source_port integer not null check (source_port between 1 and 65535),
      call_id text not null,
      cseq bigint not null,
      user_agent text,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (user_id, contact)
    );
    create index sip_registrations_user_idx on sip_registrations (tenant_id, user_id, expires_at);

    create table voice_prompts (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      language text not null check (language in ('zh', 'en')),
      -- 8 kHz mono 16-bit little-endian PCM, converted from the uploaded WAV.
      pcm bytea not null,
      duration_ms integer not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index voice_prompts_tenant_idx on voice_prompts (tenant_id) where deleted_at is null;

    -- The menu is a small tree in JSON (validated by the API): greeting, language choice,
    -- DTMF options leading to queues, sub-menus, voicemail or an after-hours message.
    create table ivr_menus (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      definition jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index ivr_menus_tenant_idx on ivr_menus (tenant_id) where deleted_at is null;

    -- A hotline number: digits only (E.164 without '+', or an extension), unique across tenants.
    create table voice_numbers (
      number text primary key check (number ~ '^[0-9]{2,20}$'),
      tenant_id uuid not null references tenants(id),
      label text,
      queue_id uuid references queues(id),
      ivr_menu_id uuid references ivr_menus(id),
      -- Shown to customers on outbound calls made for this number's tenant or client.
      outbound_caller_id text,
      created_at timestamptz not null default now(),
      check (queue_id is not null or ivr_menu_id is not null)
    );
    create index voice_numbers_tenant_idx on voice_numbers (tenant_id);

    create table voice_recordings (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      -- Relative to the recordings directory; served only through the tenant-scoped API.
      file text not null,
      bytes bigint not null default 0,
      duration_ms integer not null default 0,
      created_at timestamptz not null default now()
    );

    -- The call detail record: one row a call, with the times of each stage.
    create table voice_calls (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      interaction_id uuid references interactions(id),
      direction text not null check (direction in ('inbound', 'outbound')),
      sip_call_id text not null,
      from_number text,
      to_number text,
      agent_id uuid references users(id),
      arrived_at timestamptz not null default now(),
      ivr_at timestamptz,
      queued_at timestamptz,
      offered_at timestamptz,
      answered_at timestamptz,
      ended_at timestamptz,
      ended_by text check (ended_by in ('caller', 'agent', 'system')),
      end_reason text,
      recording_id uuid references voice_recordings(id),
      created_at timestamptz not null default now()
    );
    create index voice_calls_tenant_idx on voice_calls (tenant_id, arrived_at desc);
    create index voice_calls_interaction_idx on voice_calls (interaction_id);

    -- Each leg's moments: ringing at an agent, answered, held, transferred, a DTMF choice …
    create table voice_call_events (
      id bigserial primary key,
      tenant_id uuid not null references tenants(id),
      call_id uuid not null references voice_calls(id) on delete cascade,
      kind text not null,
      at timestamptz not null default now(),
      agent_id uuid references users(id),
      detail jsonb not null default '{}'
    );
    create index voice_call_events_call_idx on voice_call_events (call_id, at);

    -- A caller who chose a callback in the queue or left a voicemail: the follow-up work.
    create table voice_callback_requests (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      call_id uuid references voice_calls(id),
      interaction_id uuid references interactions(id),
      queue_id uuid references queues(id),
      number text not null,
      reason text not null check (reason in ('queue_timeout', 'voicemail')),
      voicemail_recording_id uuid references voice_recordings(id),
      status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
      created_at timestamptz not null default now()
    );
    create index voice_callback_requests_tenant_idx on voice_callback_requests (tenant_id, status, created_at);
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
  await sql`grant usage on sequence voice_call_events_id_seq to hotline_app`.execute(db);
}
