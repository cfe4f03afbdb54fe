import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  DATABASES,
  login,
  PASSWORD,
  seedOperator,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

describe.each(DATABASES)('auth and roles on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    t = await startTestServer(kind, { HOTLINE_MAX_FAILED_LOGINS: '3' });
    acme = await seedTenant(t, 'acme');
    globex = await seedTenant(t, 'globex');
  });
  afterAll(() => t?.close());

  it('signs in and tells who you are', async () => {
    const res = await call<{ token: string; user: { role: string; tenant: { slug: string } } }>(
      t,
      'POST',
      '/api/v1/auth/login',
      {
        json: { email: 'AGENT@acme.test', password: PASSWORD },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.user.role).toBe('agent');
    expect(res.body.user.tenant.slug).toBe('acme');
    const me = await call<{ email: string }>(t, 'GET', '/api/v1/auth/me', { token: res.body.token });
    expect(me.body.email).toBe('agent@acme.test');
  });

  it('stores passwords with scrypt, never in clear', async () => {
    const row = await t.server.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('email', '=', 'agent@acme.test')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('answers 401 without a token, with a bad token and after logout', async () => {
    expect((await call(t, 'GET', '/api/v1/customers')).status).toBe(401);
    const bad = await call<{ error: { code: string } }>(t, 'GET', '/api/v1/customers', { token: 'nonsense' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('UNAUTHENTICATED');
    const token = await login(t, 'supervisor@acme.test');
    expect((await call(t, 'GET', '/api/v1/customers', { token })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    expect((await call(t, 'GET', '/api/v1/customers', { token })).status).toBe(401);
  });

  it('rejects an expired session', async () => {
    const token = await login(t, 'analyst@acme.test');
    await t.server.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('revoked_at', 'is', null)
      .execute();
    expect((await call(t, 'GET', '/api/v1/auth/me', { token })).status).toBe(401);
    // restore the shared tokens for the rest of the file
    await t.server.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() + 3_600_000) })
      .execute();
  });

  it('locks an account after repeated failures, even for the right password', async () => {
    const wrong = { email: 'analyst@globex.test', password: 'wrong-password' };
    const first = await call<{ error: { code: string } }>(t, 'POST', '/api/v1/auth/login', { json: wrong });
    expect(first.status).toBe(401);
    expect(first.body.error.code).toBe('INVALID_CREDENTIALS');
    await call(t, 'POST', '/api/v1/auth/login', { json: wrong });
    const third = await call<{ error: { code: string } }>(t, 'POST', '/api/v1/auth/login', { json: wrong });
    expect(third.status).toBe(423);
    expect(third.body.error.code).toBe('ACCOUNT_LOCKED');
    const right = await call(t, 'POST', '/api/v1/auth/login', {
      json: { email: wrong.email, password: PASSWORD },
    });
    expect(right.status).toBe(423);
  });

  it('gives the same answer for an unknown email as for a wrong password', async () => {
    const res = await call<{ error: { code: string } }>(t, 'POST', '/api/v1/auth/login', {
      json: { email: 'nobody@x.test', password: 'x' },
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('remembers the language per user', async () => {
    const token = acme.tokens.tenant_admin;
    const res = await call<{ locale: string }>(t, 'PATCH', '/api/v1/auth/me', {
      token,
      json: { locale: 'en' },
    });
    expect(res.body.locale).toBe('en');
    const again = await login(t, acme.emails.tenant_admin);
    expect((await call<{ locale: string }>(t, 'GET', '/api/v1/auth/me', { token: again })).body.locale).toBe(
      'en',
    );
    expect((await call(t, 'PATCH', '/api/v1/auth/me', { token, json: { locale: 'fr' } })).status).toBe(400);
  });

  // Each endpoint declares its roles: a table of (request, role) → status.
  it.each([
    ['analyst', 'POST', '/api/v1/customers', { name: 'x' }, 403],
    ['agent', 'POST', '/api/v1/customers', { name: 'x' }, 201],
    ['agent', 'GET', '/api/v1/users', undefined, 403],
    ['supervisor', 'GET', '/api/v1/users', undefined, 200],
    [
      'supervisor',
      'POST',
      '/api/v1/users',
      { email: 'n@acme.test', displayName: 'N', password: 'long-enough-pw', role: 'agent' },
      403,
    ],
    [
      'tenant_admin',
      'POST',
      '/api/v1/users',
      { email: 'n@acme.test', displayName: 'N', password: 'long-enough-pw', role: 'agent' },
      201,
    ],
    ['tenant_admin', 'GET', '/api/v1/tenants', undefined, 403],
    ['agent', 'POST', '/api/v1/imports/customers', undefined, 403],
    ['analyst', 'GET', '/api/v1/customers', undefined, 200],
  ] as const)('%s %s %s → %i', async (role, method, url, json, status) => {
    const res = await call(t, method, url, { token: acme.tokens[role], ...(json ? { json } : {}) });
    expect(res.status).toBe(status);
  });

  it('lets an operator admin see every tenant and work in one at a time', async () => {
    const token = await seedOperator(t);
    const tenants = await call<{ items: { id: string; slug: string }[] }>(t, 'GET', '/api/v1/tenants', {
      token,
    });
    expect(tenants.body.items.map((x) => x.slug)).toEqual(expect.arrayContaining(['acme', 'globex']));
    await call(t, 'POST', '/api/v1/customers', {
      token: globex.tokens.agent,
      json: { name: 'Only in Globex' },
    });
    const me = await call<{ tenant: { slug: string } }>(t, 'POST', '/api/v1/auth/tenant', {
      token,
      json: { tenantId: globex.id },
    });
    expect(me.body.tenant.slug).toBe('globex');
    const list = await call<{ items: { name: string }[] }>(t, 'GET', '/api/v1/customers', { token });
    expect(list.body.items.map((c) => c.name)).toContain('Only in Globex');
    expect(
      (
        await call(t, 'POST', '/api/v1/auth/tenant', {
          token: acme.tokens.tenant_admin,
          json: { tenantId: globex.id },
        })
      ).status,
    ).toBe(403);
  });
  it('adds a user once per Idempotency-Key and refuses an email taken in another tenant', async () => {
    const json = { email: 'retry@acme.test', displayName: '重试', password: 'long-enough-pw', role: 'agent' };
    const headers = { 'idempotency-key': 'add-user-1' };
    const first = await call<{ id: string }>(t, 'POST', '/api/v1/users', {
      token: acme.tokens.tenant_admin,
      json,
      headers,
    });
    const retry = await call<{ id: string }>(t, 'POST', '/api/v1/users', {
      token: acme.tokens.tenant_admin,
      json,
      headers,
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    const taken = await call<{ error: { code: string; message: string } }>(t, 'POST', '/api/v1/users', {
      token: globex.tokens.tenant_admin,
      json,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toBe('A user with this email exists');
    const operator = await call(t, 'POST', '/api/v1/users', {
      token: acme.tokens.tenant_admin,
      json: { ...json, email: 'op2@acme.test', role: 'operator_admin' },
    });
    expect(operator.status).toBe(403);
  });
});
