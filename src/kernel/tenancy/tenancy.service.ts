import type { Kysely } from 'kysely';
import { z } from 'zod';
import { hashPassword } from '../auth/password.ts';
import type { DB, Locale, Role } from '../db/schema.ts';
import { type TenantTx, withTenant } from '../db/tenant-scope.ts';
import { AppError } from '../http/errors.ts';

/**
 * Setting up tenants and users: used by the operator's API, the CLI
 * (`hotline tenant add`, `hotline user add`) and the demo loader.
 */
export const newTenantInput = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(100),
  defaultRegion: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('CN'),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('CNY'),
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
});
export type NewTenantInput = z.input<typeof newTenantInput>;

export const newUserInput = z.strictObject({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(10, 'at least 10 characters').max(200),
  role: z.enum(['operator_admin', 'tenant_admin', 'supervisor', 'agent', 'analyst']),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
});
export type NewUserInput = z.input<typeof newUserInput>;

export async function createTenant(db: Kysely<DB>, input: NewTenantInput) {
  const t = newTenantInput.parse(input);
  if (!Intl.supportedValuesOf('timeZone').includes(t.timeZone) && t.timeZone !== 'UTC') {
    throw new AppError('VALIDATION_FAILED', `Unknown time zone ${t.timeZone}`);
  }
  const exists = await db.selectFrom('tenants').select('id').where('slug', '=', t.slug).executeTakeFirst();
  if (exists) throw new AppError('CONFLICT', `A tenant with slug ${t.slug} exists`);
  return db
    .insertInto('tenants')
    .values({
      slug: t.slug,
      name: t.name,
      default_region: t.defaultRegion,
      default_currency: t.defaultCurrency,
      time_zone: t.timeZone,
    })
    .returning(['id', 'slug', 'name'])
    .executeTakeFirstOrThrow();
}

/** Creates a user in a tenant (or, for an operator admin, with no tenant). */
export async function createUser(db: Kysely<DB>, tenantId: string | null, input: NewUserInput) {
  const u = newUserInput.parse(input);
  if ((u.role === 'operator_admin') !== (tenantId === null)) {
    throw new AppError('VALIDATION_FAILED', 'Operator admins belong to no tenant; every other role to one');
  }
  const taken = await db
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', u.email.toLowerCase()))
    .executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', `A user with email ${u.email} exists`);
  if (tenantId === null)
    return db
      .insertInto('users')
      .values(await userValues(null, u))
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
  const values = await userValues(tenantId, u);
  return withTenant(db, tenantId, (tx) =>
    tx.insertInto('users').values(values).returning(USER_COLUMNS).executeTakeFirstOrThrow(),
  );
}

/**
 * Adds a user inside a tenant's transaction (the API's create, which must share the
 * transaction with its idempotency record). Row-level security hides other tenants' users
 * here, so an email taken elsewhere is caught by the unique index (a 409), not a lookup.
 */
export async function insertTenantUser(tx: TenantTx, tenantId: string, input: NewUserInput) {
  const u = newUserInput.parse(input);
  if (u.role === 'operator_admin') throw new AppError('FORBIDDEN', 'Operator admins are added with the CLI');
  return tx
    .insertInto('users')
    .values(await userValues(tenantId, u))
    .returning(USER_COLUMNS)
    .executeTakeFirstOrThrow();
}

const USER_COLUMNS = ['id', 'email', 'display_name', 'role', 'locale'] as const;

async function userValues(tenantId: string | null, u: z.output<typeof newUserInput>) {
  return {
    tenant_id: tenantId,
    email: u.email.toLowerCase(),
    display_name: u.displayName,
    password_hash: await hashPassword(u.password),
    role: u.role as Role,
    locale: u.locale as Locale,
  };
}

export async function findTenantBySlug(db: Kysely<DB>, slug: string) {
  return db.selectFrom('tenants').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}
