import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB, EmailMailboxesTable } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';

/** SQL of mailboxes and the addresses that receive their mail. */

type MailboxRow = Selectable<EmailMailboxesTable>;

export interface MailboxRecord {
  id: string;
  name: string;
  queueId: string;
  /** Lower-case, sorted. */
  addresses: string[];
  fromAddress: string;
  fromName: string | null;
  enabled: boolean;
  imap: {
    host: string;
    port: number;
    tls: boolean;
    user: string;
    folder: string;
    lastPolledAt: Date | null;
    lastError: string | null;
  } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What polling a mailbox needs, the password included: never leaves the server. */
export interface ImapAccount {
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password: string;
  folder: string;
}

/** Live (not deleted) mailboxes of the tenant, or just the given ones, oldest first. */
export async function loadMailboxes(tx: TenantTx, ids?: readonly string[]): Promise<MailboxRecord[]> {
  if (ids && ids.length === 0) return [];
  let query = tx.selectFrom('email_mailboxes').selectAll().where('deleted_at', 'is', null);
  if (ids) query = query.where('id', 'in', [...ids]);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  if (rows.length === 0) return [];
  const addresses = await tx
    .selectFrom('email_addresses')
    .select(['mailbox_id', 'address'])
    .where(
      'mailbox_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('address')
    .execute();
  return rows.map((r) =>
    toRecord(
      r,
      addresses.filter((a) => a.mailbox_id === r.id).map((a) => a.address),
    ),
  );
}

export async function findMailbox(tx: TenantTx, id: string): Promise<MailboxRecord | undefined> {
  return (await loadMailboxes(tx, [id]))[0];
}

function toRecord(r: MailboxRow, addresses: string[]): MailboxRecord {
  return {
    id: r.id,
    name: r.name,
    queueId: r.queue_id,
    addresses,
    fromAddress: r.from_address,
    fromName: r.from_name,
    enabled: r.enabled,
    imap:
      r.imap_host && r.imap_port && r.imap_user
        ? {
            host: r.imap_host,
            port: r.imap_port,
            tls: r.imap_tls,
            user: r.imap_user,
            folder: r.imap_folder,
            lastPolledAt: r.imap_last_polled_at,
            lastError: r.imap_last_error,
          }
        : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface MailboxColumns {
  name?: string;
  queue_id?: string;
  from_address?: string;
  from_name?: string | null;
  enabled?: boolean;
  imap_host?: string | null;
  imap_port?: number | null;
  imap_tls?: boolean;
  imap_user?: string | null;
  imap_password?: string | null;
  imap_folder?: string;
}

export async function insertMailbox(
  tx: TenantTx,
  tenantId: string,
  values: MailboxColumns & { name: string; queue_id: string; from_address: string },
  createdBy: string | null,
): Promise<string> {
  const row = await tx
    .insertInto('email_mailboxes')
    .values({ tenant_id: tenantId, created_by: createdBy, ...values })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMailboxRow(tx: TenantTx, id: string, set: MailboxColumns) {
  await tx
    .updateTable('email_mailboxes')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/**
 * Gives the mailbox exactly these addresses. Returns the addresses that another mailbox (of
 * any tenant: an address names its tenant) already has; nothing is changed then.
 */
export async function replaceAddresses(
  tx: TenantTx,
  tenantId: string,
  mailboxId: string,
  addresses: readonly string[],
): Promise<string[]> {
  await tx.deleteFrom('email_addresses').where('mailbox_id', '=', mailboxId).execute();
  const taken: string[] = [];
  for (const address of addresses) {
    const inserted = await tx
      .insertInto('email_addresses')
      .values({ address, tenant_id: tenantId, mailbox_id: mailboxId })
      .onConflict((oc) => oc.column('address').doNothing())
      .returning('address')
      .executeTakeFirst();
    if (!inserted) taken.push(address);
  }
  return taken;
}

export async function imapAccount(tx: TenantTx, id: string): Promise<ImapAccount | null> {
  const r = await tx
    .selectFrom('email_mailboxes')
    .select(['imap_host', 'imap_port', 'imap_tls', 'imap_user', 'imap_password', 'imap_folder'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('enabled', '=', true)
    .executeTakeFirst();
  if (!r?.imap_host || !r.imap_port || !r.imap_user || r.imap_password == null) return null;
  return {
    host: r.imap_host,
    port: r.imap_port,
    tls: r.imap_tls,
    user: r.imap_user,
    password: r.imap_password,
    folder: r.imap_folder,
  };
}

export async function recordPoll(tx: TenantTx, id: string, error: string | null) {
  await tx
    .updateTable('email_mailboxes')
    .set({ imap_last_polled_at: new Date(), imap_last_error: error?.slice(0, 2000) ?? null })
    .where('id', '=', id)
    .execute();
}

/** Deletes the mailbox (its addresses are freed for reuse); its emails stay on their interactions. */
export async function softDeleteMailbox(tx: TenantTx, id: string) {
  await tx.deleteFrom('email_addresses').where('mailbox_id', '=', id).execute();
  await tx
    .updateTable('email_mailboxes')
    .set({ deleted_at: new Date(), enabled: false, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

// ------------------------------------------------------------ before the tenant is known

/**
 * The enabled mailbox an address belongs to, across tenants: the SMTP listener's lookup of a
 * recipient. Runs on the privileged connection, like sign-in; it reads only the routing key.
 */
export async function mailboxForAddress(
  db: Kysely<DB>,
  address: string,
): Promise<{ tenantId: string; mailboxId: string } | undefined> {
  const row = await db
    .selectFrom('email_addresses as a')
    .innerJoin('email_mailboxes as m', 'm.id', 'a.mailbox_id')
    .select(['a.tenant_id', 'a.mailbox_id'])
    .where('a.address', '=', address.toLowerCase())
    .where('m.enabled', '=', true)
    .where('m.deleted_at', 'is', null)
    .executeTakeFirst();
  return row ? { tenantId: row.tenant_id, mailboxId: row.mailbox_id } : undefined;
}

/** Every enabled mailbox with an IMAP account, across tenants, for scheduling their polls. */
export async function pollableMailboxes(db: Kysely<DB>) {
  return db
    .selectFrom('email_mailboxes')
    .select(['id', 'tenant_id'])
    .where('imap_host', 'is not', null)
    .where('enabled', '=', true)
    .where('deleted_at', 'is', null)
    .execute();
}

/** Every address of the tenant's mailboxes: mail to one of them is never auto-replied (loops). */
export async function ownAddresses(tx: TenantTx): Promise<Set<string>> {
  const rows = await tx.selectFrom('email_addresses').select('address').execute();
  const from = await tx
    .selectFrom('email_mailboxes')
    .select(sql<string>`lower(from_address)`.as('address'))
    .execute();
  return new Set([...rows, ...from].map((r) => r.address));
}
