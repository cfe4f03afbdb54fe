import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import type { SipDigests } from './sip-password.ts';

/** SQL of SIP accounts and their registrations, in the tenant's scope. */

export interface SipAccountRow {
  userId: string;
  username: string;
  updatedAt: Date;
}

export interface RegistrationRow {
  contact: string;
  transport: 'udp' | 'tcp';
  sourceAddress: string;
  sourcePort: number;
  userAgent: string | null;
  expiresAt: Date;
}

/** A user of this tenant who may hold a phone, with what names their account. */
export async function findAccountHolder(tx: TenantTx, userId: string) {
  return tx
    .selectFrom('users as u')
    .innerJoin('tenants as t', 't.id', 'u.tenant_id')
    .select(['u.id', 'u.email', 'u.role', 'u.disabled_at', 't.slug'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** `lock`: hold the row until the transaction ends (a password change in progress). */
export async function findSipAccount(
  tx: TenantTx,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<SipAccountRow | undefined> {
  let query = tx
    .selectFrom('sip_accounts')
    .select(['user_id', 'username', 'updated_at'])
    .where('user_id', '=', userId);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && { userId: row.user_id, username: row.username, updatedAt: row.updated_at };
}

/** Live bindings (expired ones are ignored; the registrar sweeps them). */
export async function liveRegistrations(tx: TenantTx, userId: string, now: Date): Promise<RegistrationRow[]> {
  const rows = await tx
    .selectFrom('sip_registrations')
    .select(['contact', 'transport', 'source_address', 'source_port', 'user_agent', 'expires_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .execute();
  return rows.map((r) => ({
    contact: r.contact,
    transport: r.transport,
    sourceAddress: r.source_address,
    sourcePort: r.source_port,
    userAgent: r.user_agent,
    expiresAt: r.expires_at,
  }));
}

/**
 * Inserts the account unless the username (or the user) is taken. A username taken by
 * another tenant is invisible here but still conflicts: the answer is just "not this one".
 */
export async function tryInsertSipAccount(
  tx: TenantTx,
  tenantId: string,
  userId: string,
  username: string,
  digests: SipDigests,
): Promise<boolean> {
  const row = await tx
    .insertInto('sip_accounts')
    .values({
      user_id: userId,
      tenant_id: tenantId,
      username,
      ha1_md5: digests.ha1Md5,
      ha1_sha256: digests.ha1Sha256,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function updateSipDigests(tx: TenantTx, userId: string, digests: SipDigests, now: Date) {
  await tx
    .updateTable('sip_accounts')
    .set({ ha1_md5: digests.ha1Md5, ha1_sha256: digests.ha1Sha256, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

/** Phones registered with an old password must register again with the new one. */
export async function dropRegistrations(tx: TenantTx, userId: string) {
  await tx.deleteFrom('sip_registrations').where('user_id', '=', userId).execute();
}
