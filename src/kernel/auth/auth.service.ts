import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { DB, Locale, Role } from '../db/schema.ts';
import { AppError } from '../http/errors.ts';
import { afterFailure, isLocked } from './lockout.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';

/**
 * Sign-in, sessions and the signed-in user. This module runs on the privileged handle,
 * because it must find a user by email before anyone knows their tenant; it is the one
 * place outside migrations and the CLI that does.
 */
export interface AuthUser {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Locale;
  /** The tenant this session works in; null only for an operator who has not chosen one. */
  tenantId: string | null;
}

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
}

// A real hash to compare against when the email is unknown, so timing does not reveal
// which emails exist.
const dummyHash = hashPassword('no-such-user');

export class AuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Pick<Config, 'sessionTtlHours' | 'maxFailedLogins' | 'lockoutMinutes'>,
  ) {}

  async login(
    email: string,
    password: string,
    now = new Date(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.trim().toLowerCase()))
      .executeTakeFirst();
    if (!user || user.disabled_at) {
      await verifyPassword(password, await dummyHash);
      throw new AppError('INVALID_CREDENTIALS');
    }
    const state = { failedLogins: user.failed_logins, lockedUntil: user.locked_until };
    if (isLocked(state, now)) {
      throw new AppError('ACCOUNT_LOCKED', undefined, { lockedUntil: user.locked_until?.toISOString() });
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      const next = afterFailure(
        state,
        { maxFailures: this.config.maxFailedLogins, lockMinutes: this.config.lockoutMinutes },
        now,
      );
      await this.db
        .updateTable('users')
        .set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil })
        .where('id', '=', user.id)
        .execute();
      if (isLocked(next, now)) {
        throw new AppError('ACCOUNT_LOCKED', undefined, { lockedUntil: next.lockedUntil?.toISOString() });
      }
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();

    // An operator starts in the first tenant (by name) so the app has something to show.
    let tenantId = user.tenant_id;
    if (user.role === 'operator_admin') {
      const first = await this.db.selectFrom('tenants').select('id').orderBy('name').executeTakeFirst();
      tenantId = first?.id ?? null;
    }
    const token = newSessionToken();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3_600_000);
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashSessionToken(token),
        user_id: user.id,
        tenant_id: tenantId,
        expires_at: expiresAt,
      })
      .execute();
    return { token, expiresAt };
  }

  /** The user behind a bearer token, or null if the token is unknown, revoked or expired. */
  async authenticate(token: string, now = new Date()): Promise<AuthUser | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as sessionId',
        'sessions.tenant_id as tenantId',
        'sessions.expires_at as expiresAt',
        'sessions.revoked_at as revokedAt',
        'users.id as userId',
        'users.email',
        'users.display_name as displayName',
        'users.role',
        'users.locale',
        'users.disabled_at as disabledAt',
      ])
      .where('sessions.token_hash', '=', hashSessionToken(token))
      .executeTakeFirst();
    if (!row || row.revokedAt || row.disabledAt || row.expiresAt.getTime() <= now.getTime()) return null;
    return {
      sessionId: row.sessionId,
      userId: row.userId,
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      locale: row.locale,
      tenantId: row.tenantId,
    };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('id', '=', sessionId)
      .execute();
  }

  async setLocale(userId: string, locale: Locale): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ locale, updated_at: new Date() })
      .where('id', '=', userId)
      .execute();
  }

  /** Moves an operator's session into another tenant. */
  async switchTenant(user: AuthUser, tenantId: string): Promise<void> {
    if (user.role !== 'operator_admin') throw new AppError('FORBIDDEN');
    const tenant = await this.db
      .selectFrom('tenants')
      .select('id')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
    await this.db
      .updateTable('sessions')
      .set({ tenant_id: tenantId })
      .where('id', '=', user.sessionId)
      .execute();
  }

  async tenant(tenantId: string | null): Promise<TenantRef | null> {
    if (!tenantId) return null;
    return (
      (await this.db
        .selectFrom('tenants')
        .select(['id', 'slug', 'name'])
        .where('id', '=', tenantId)
        .executeTakeFirst()) ?? null
    );
  }

  /** Every tenant: only ever called for an operator admin. */
  async allTenants(): Promise<TenantRef[]> {
    return this.db.selectFrom('tenants').select(['id', 'slug', 'name']).orderBy('name').execute();
  }
}
