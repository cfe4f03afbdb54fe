/**
 * The registrar (RFC 3261 §10): agents' phones register here with digest authentication
 * (RFC 7616, MD5 or SHA-256) against the agent's SIP account, and their bindings are kept in
 * the database, so any server instance can ring the phone. Expiry follows the phone's wish
 * within the policy's bounds (423 when too brief); `Contact: *` with Expires 0 removes all.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../../kernel/db/schema.ts';
import { withTenant } from '../../../kernel/db/tenant-scope.ts';
import { buildChallenge, parseDigestCredentials, verifyDigest } from '../sip/digest-auth.ts';
import { DEFAULT_EXPIRY_POLICY, decideRegistrationFor } from '../sip/registration-expiry.ts';
import { readCallId, readCSeq, readTo } from '../sip/sip-fields.ts';
import { headerValue } from '../sip/sip-headers.ts';
import { formatNameAddr } from '../sip/sip-name-addr.ts';
import type { IncomingRequest } from './sip-transactions.ts';

export interface RegistrarOptions {
  realm: string;
  /** Secret for stateless nonces; one per process is enough (a restart makes nonces stale). */
  nonceSecret: Buffer;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

export interface SipAccount {
  userId: string;
  tenantId: string;
  username: string;
  ha1Md5: string;
  ha1Sha256: string;
}

/** Before the tenant is known (privileged): the username names the account. */
export async function findSipAccount(db: Kysely<DB>, username: string): Promise<SipAccount | undefined> {
  const row = await db
    .selectFrom('sip_accounts')
    .selectAll()
    .where('username', '=', username.toLowerCase())
    .executeTakeFirst();
  return (
    row && {
      userId: row.user_id,
      tenantId: row.tenant_id,
      username: row.username,
      ha1Md5: row.ha1_md5,
      ha1Sha256: row.ha1_sha256,
    }
  );
}

export class Registrar {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly options: RegistrarOptions,
  ) {}

  async handle(incoming: IncomingRequest) {
    const { request, peer } = incoming;
    const context = { realm: this.options.realm, secret: this.options.nonceSecret };
    const challenge = (stale = false) => {
      const now = Date.now();
      // MD5 first: many desk phones in the field (and sipp) answer only the first challenge and
      // know only MD5. A phone that prefers SHA-256 (RFC 8760) still finds it and may use it.
      incoming.respond(401, {
        headers: [
          { name: 'WWW-Authenticate', value: buildChallenge({ ...context, now, algorithm: 'MD5', stale }) },
          {
            name: 'WWW-Authenticate',
            value: buildChallenge({ ...context, now, algorithm: 'SHA-256', stale }),
          },
        ],
      });
    };
    const authorization = headerValue(request.headers, 'Authorization');
    if (!authorization) return challenge();
    let credentials: ReturnType<typeof parseDigestCredentials>;
    try {
      credentials = parseDigestCredentials(authorization);
    } catch {
      return incoming.respond(400, { reason: 'Bad Authorization header' });
    }
    const toUser = readTo(request).parsedUri;
    const aor = toUser && toUser.scheme !== 'tel' ? toUser.user : null;
    const account = await findSipAccount(this.db, credentials.username);
    // One answer for an unknown user and a wrong password: a scanner learns nothing.
    const refuse = () => {
      this.options.log(
        'warn',
        `SIP REGISTER refused for "${credentials.username}" from ${peer.address}:${peer.port}`,
      );
      incoming.respond(403);
    };
    if (!account || (aor !== null && aor.toLowerCase() !== account.username)) return refuse();
    const verdict = verifyDigest({
      ...context,
      credentials,
      method: 'REGISTER',
      ha1: credentials.algorithm.toUpperCase() === 'SHA-256' ? account.ha1Sha256 : account.ha1Md5,
      now: Date.now(),
    });
    if (!verdict.ok && verdict.reason === 'stale') return challenge(true);
    if (!verdict.ok) return refuse();

    let decision: ReturnType<typeof decideRegistrationFor>;
    try {
      decision = decideRegistrationFor(request, DEFAULT_EXPIRY_POLICY);
    } catch {
      return incoming.respond(400, { reason: 'Bad Contact or Expires' });
    }
    if (decision.kind === 'interval-too-brief') {
      return incoming.respond(423, {
        headers: [{ name: 'Min-Expires', value: String(decision.minExpires) }],
      });
    }
    if (decision.kind === 'invalid') return incoming.respond(400, { reason: decision.reason });
    const callId = readCallId(request);
    const seq = readCSeq(request).seq;
    const now = new Date();
    const userAgent = headerValue(request.headers, 'User-Agent') ?? null;
    const bindings = await withTenant(this.db, account.tenantId, async (tx) => {
      if (decision.kind === 'remove-all') {
        await tx.deleteFrom('sip_registrations').where('user_id', '=', account.userId).execute();
      } else if (decision.kind === 'update') {
        for (const binding of decision.bindings) {
          if (binding.expires === 0) {
            await tx
              .deleteFrom('sip_registrations')
              .where('user_id', '=', account.userId)
              .where('contact', '=', binding.contact.uri)
              .execute();
            continue;
          }
          await tx
            .insertInto('sip_registrations')
            .values({
              tenant_id: account.tenantId,
              user_id: account.userId,
              contact: binding.contact.uri,
              transport: peer.transport,
              source_address: peer.address,
              source_port: peer.port,
              call_id: callId,
              cseq: seq,
              user_agent: userAgent,
              expires_at: new Date(now.getTime() + binding.expires * 1000),
            })
            .onConflict((oc) =>
              oc.columns(['user_id', 'contact']).doUpdateSet((eb) => ({
                transport: eb.ref('excluded.transport'),
                source_address: eb.ref('excluded.source_address'),
                source_port: eb.ref('excluded.source_port'),
                call_id: eb.ref('excluded.call_id'),
                cseq: eb.ref('excluded.cseq'),
                user_agent: eb.ref('excluded.user_agent'),
                expires_at: eb.ref('excluded.expires_at'),
                updated_at: now,
              })),
            )
            .execute();
        }
      }
      await tx.deleteFrom('sip_registrations').where('expires_at', '<=', now).execute();
      return tx
        .selectFrom('sip_registrations')
        .select(['contact', 'expires_at'])
        .where('user_id', '=', account.userId)
        .execute();
    });
    incoming.respond(200, {
      headers: bindings.map((b) => ({
        name: 'Contact',
        value: `${formatNameAddr({ displayName: null, uri: b.contact, params: new Map() })};expires=${Math.max(
          0,
          Math.round((b.expires_at.getTime() - now.getTime()) / 1000),
        )}`,
      })),
    });
  }
}
