import { type Kysely, sql } from 'kysely';

/**
 * Web chat: the sites a tenant embeds its chat widget on (each with a public site key and the
 * queue its chats wait in), the visitors' conversations (one per chat interaction, with the
 * hash of the visitor's token), their image attachments (kept in the database, so every
 * server instance can serve them and a backup holds them), and transcript-by-email requests.
 *
 * Two public lookups run before the tenant is known: a site by its key, a conversation by its
 * id. They use the privileged connection (like sign-in does); everything after them runs in
 * the tenant's row-level-security scope.
 */
export const TENANT_TABLES = [
  'webchat_sites',
  'webchat_conversations',
  'webchat_attachments',
  'webchat_transcript_requests',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table webchat_sites (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      -- Public (it is in the page's script tag); unique across tenants, as it names the tenant.
      site_key text not null unique,
      -- 'https://shop.cn', 'https://*.shop.cn' or '*'; the server's own origin is always allowed.
      allowed_origins text[] not null default '{}',
      queue_id uuid not null references queues(id),
      default_locale text not null default 'zh-CN' check (default_locale in ('zh-CN', 'en')),
      greeting text,
      -- The name/phone/email form before a chat: not shown, optional, or required.
      pre_chat_form text not null default 'optional' check (pre_chat_form in ('off', 'optional', 'required')),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz
    );
    create index webchat_sites_tenant_idx on webchat_sites (tenant_id, created_at) where deleted_at is null;

    create table webchat_conversations (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      site_id uuid not null references webchat_sites(id),
      interaction_id uuid not null unique references interactions(id) on delete cascade,
      -- 'chat' for a live chat, 'offline' for a message left through the offline form.
      kind text not null default 'chat' check (kind in ('chat', 'offline')),
      -- sha256 of the visitor token's secret part; the token itself is never stored.
      token_hash bytea not null,
      locale text not null check (locale in ('zh-CN', 'en')),
      visitor_ip text,
      user_agent text,
      page_url text,
      created_at timestamptz not null default now(),
      -- When the visitor ended it (closed the chat window); null while they are there.
      ended_by_visitor_at timestamptz
    );
    create index webchat_conversations_site_idx on webchat_conversations (site_id, created_at desc);

    create table webchat_attachments (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      conversation_id uuid not null references webchat_conversations(id) on delete cascade,
      -- The message that carries it (set in the same transaction that stores the bytes).
      message_id bigint references interaction_messages(id) on delete set null,
      file_name text not null,
      -- What the bytes are (sniffed), not what the upload claimed.
      content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
      size_bytes integer not null check (size_bytes > 0),
      sha256 text not null,
      data bytea not null,
      created_at timestamptz not null default now()
    );
    create index webchat_attachments_conversation_idx on webchat_attachments (conversation_id);

    create table webchat_transcript_requests (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      conversation_id uuid not null references webchat_conversations(id) on delete cascade,
      email text not null,
      -- queued: a job will send it; not_configured: no SMTP server is set, kept for the team.
      status text not null check (status in ('queued', 'sent', 'failed', 'not_configured')),
      error text,
      job_id bigint,
      requested_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index webchat_transcript_requests_conversation_idx on webchat_transcript_requests (conversation_id);
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
}
