import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../audit/audit-log.ts';
import type { AuthUser } from '../auth/auth.service.ts';
import { seesFullPhoneNumbers } from '../auth/roles.ts';
import type { DB, Role } from '../db/schema.ts';
import { type TenantTx, withTenant } from '../db/tenant-scope.ts';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route: a list of roles, or 'public' for no sign-in. Required under /api/v1. */
    roles?: readonly Role[] | 'public';
  }
  interface FastifyRequest {
    auth: AuthUser | null;
  }
}

/** What a handler gets inside its tenant's transaction. */
export interface TenantScope {
  tx: TenantTx;
  tenantId: string;
  user: AuthUser;
  actor: Actor;
  /** True when this user may see phone numbers in full. */
  fullPhones: boolean;
}

export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth;
}

/**
 * Runs `work` in one transaction scoped to the caller's tenant (row-level security on).
 * Every tenant-owned read and write in a route goes through here.
 */
export async function inTenant<T>(
  db: Kysely<DB>,
  request: FastifyRequest,
  work: (scope: TenantScope) => Promise<T>,
) {
  const user = requireUser(request);
  const tenantId = user.tenantId;
  if (!tenantId) throw new AppError('CONFLICT', 'Choose a tenant first (POST /api/v1/auth/tenant)');
  return withTenant(db, tenantId, (tx) =>
    work({
      tx,
      tenantId,
      user,
      actor: { userId: user.userId, name: user.displayName },
      fullPhones: seesFullPhoneNumbers(user.role),
    }),
  );
}

/**
 * A create that honours the `Idempotency-Key` header: the first request's status and body
 * are stored in the same transaction as the change, and a retry with the same key gets
 * them back without creating anything. The same key with a different body is refused.
 */
export async function createIdempotent<T>(
  db: Kysely<DB>,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  const key = request.headers['idempotency-key'];
  if (Array.isArray(key)) throw new AppError('VALIDATION_FAILED', 'Send one Idempotency-Key header');
  if (key === undefined) {
    const result = await inTenant(db, request, work);
    reply.code(201);
    return result;
  }
  if (key.length === 0 || key.length > 200) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 200 characters');
  }
  const requestHash = JSON.stringify(request.body ?? null);
  const path = request.routeOptions.url ?? request.url;
  const outcome = await inTenant(db, request, async (scope) => {
    const previous = await scope.tx
      .selectFrom('idempotency_keys')
      .select(['method', 'path', 'request_hash', 'status_code', 'response'])
      .where('user_id', '=', scope.user.userId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (previous) {
      if (
        previous.method !== request.method ||
        previous.path !== path ||
        previous.request_hash !== requestHash
      ) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED');
      }
      return { replayed: true as const, status: previous.status_code, body: previous.response as T };
    }
    const body = await work(scope);
    await scope.tx
      .insertInto('idempotency_keys')
      .values({
        tenant_id: scope.tenantId,
        user_id: scope.user.userId,
        key,
        method: request.method,
        path,
        request_hash: requestHash,
        status_code: 201,
        response: JSON.stringify(body),
      })
      .execute();
    return { replayed: false as const, status: 201, body };
  });
  reply.code(outcome.status);
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  return outcome.body;
}

/** Runs one read in its own tenant-scoped transaction; a caller may run several at once. */
export type TenantReader = <T>(work: (tx: TenantTx) => Promise<T>) => Promise<T>;

/**
 * Tenant-scoped transactions on demand for one request: for reports whose independent
 * reads run side by side on separate pooled connections (PGlite's one connection simply
 * takes them in turn). Each read sees its own snapshot, which a report can accept.
 */
export function tenantReader(
  db: Kysely<DB>,
  request: FastifyRequest,
): { tenantId: string; read: TenantReader } {
  const user = requireUser(request);
  const tenantId = user.tenantId;
  if (!tenantId) throw new AppError('CONFLICT', 'Choose a tenant first (POST /api/v1/auth/tenant)');
  return { tenantId, read: (work) => withTenant(db, tenantId, work) };
}
