import { type Kysely, sql } from 'kysely';

/**
 * Email: a tenant's mailboxes (the addresses that receive its mail, the queue that mail waits
 * in, the From of replies, optionally an IMAP account to poll), every email that came in or
 * went out (threaded to its interaction by Message-ID; outgoing ones carry their delivery
 * status), and their attachments (kept in the database, so every server instance can serve
 * them and a backup holds them).
 *
 * One lookup runs before the tenant is known: the SMTP listener finds the mailbox of a
 * recipient address with the privileged connection (like sign-in does), which is why an
 * address is unique across tenants. Everything after it runs in the tenant's row-level-security
 * scope.
 */
export const TENANT_TABLES = [
  'email_mailboxes',
  'email_addresses',
  'email_messages',
  'email_attachments',
] as const;

/** Advisory lock namespace (two-key form) serialising the ingest of one Message-ID in a tenant. */
export const EMAIL_INGEST_LOCK_NAMESPACE = 48_006;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_mailboxes (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      name text not null,
      queue_id uuid not null references queues(id),
      -- The From of replies and auto-replies; its domain names our Message-IDs.
      from_address text not null,
      from_name text,
      enabled boolean not null default true,
      -- IMAP polling, for a tenant whose mail stays at its own provider; null host: none.
      imap_host text,
      imap_port integer check (imap_port between 1 and 65535),
      imap_tls boolean not null default true,
      imap_user text,
      -- Needed in clear to log in; never returned by the API.
      imap_password text,
      imap_folder text not null default 'INBOX',
      imap_last_polled_at timestamptz,
      imap_last_error text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deleted_at timestamptz,
      check (imap_host is null or (imap_port is not null and imap_user is not null and imap_password is not null))
    );
    create index email_mailboxes_tenant_idx on email_mailboxes (tenant_id, created_at) where deleted_at is null;

    -- Lower-case; unique across tenants, as an address names its tenant.
    create table email_addresses (
      address text primary key check (address = lower(address)),
      tenant_id uuid not null references tenants(id),
      mailbox_id uuid not null references email_mailboxes(id) on delete cascade
    );
    create index email_addresses_mailbox_idx on email_addresses (mailbox_id);

    create table email_messages (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      mailbox_id uuid references email_mailboxes(id),
      interaction_id uuid not null references interactions(id) on delete cascade,
      -- The transcript line it became (inbound) or came from (an agent's reply).
      interaction_message_id bigint references interaction_messages(id) on delete set null,
      direction text not null check (direction in ('inbound', 'outbound')),
      -- reply: an agent's message; auto_reply: the queue's after-hours answer (once per thread).
      kind text not null default 'message' check (kind in ('message', 'reply', 'auto_reply')),
      -- Without angle brackets. A message that came without one gets '<sha256>@hotline.invalid'.
      message_id text not null,
      in_reply_to text,
      "references" text[] not null default '{}',
      from_address text,
      from_name text,
      reply_to text,
      to_addresses text[] not null default '{}',
      cc_addresses text[] not null default '{}',
      subject text,
      text_body text,
      html_body text,
      -- How it came: smtp or imap; outgoing: null.
      source text check (source in ('smtp', 'imap')),
      size_bytes integer,
      -- Outgoing: queued → sent, or failed after the last attempt; incoming: received.
      status text not null check (status in ('received', 'queued', 'sent', 'failed')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz,
      sent_at timestamptz,
      created_at timestamptz not null default now()
    );
    -- Dedupe: a resent or twice-polled message is stored once per tenant.
    create unique index email_messages_message_id_key on email_messages (tenant_id, message_id);
    create index email_messages_interaction_idx on email_messages (interaction_id, created_at);
    create unique index email_messages_auto_reply_key on email_messages (interaction_id) where kind = 'auto_reply';

    create table email_attachments (
      id uuid primary key default gen_random_uuid(),
      tenant_id uuid not null references tenants(id),
      email_message_id uuid not null references email_messages(id) on delete cascade,
      file_name text not null,
      -- As the sender labelled it; served as a download only, never rendered inline.
      content_type text not null,
      content_id text,
      inline boolean not null default false,
      size_bytes integer not null check (size_bytes >= 0),
      sha256 text not null,
      data bytea not null,
      created_at timestamptz not null default now()
    );
    create index email_attachments_message_idx on email_attachments (email_message_id);
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
