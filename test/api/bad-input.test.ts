import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe.each(DATABASES)('bad input on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let customerId: string;
  let customerCount: () => Promise<number>;

  beforeAll(async () => {
    t = await startTestServer(kind, { HOTLINE_BODY_LIMIT_BYTES: '10000' });
    acme = await seedTenant(t, 'acme');
    customerId = (
      await call<{ id: string }>(t, 'POST', '/api/v1/customers', {
        token: acme.tokens.agent,
        json: { name: '张伟' },
      })
    ).body.id;
    customerCount = async () =>
      Number(
        (
          await t.server.database.db
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
  });
  afterAll(() => t?.close());

  const raw = (body: string, contentType = 'application/json') =>
    call<ErrorBody>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      body,
      headers: { 'content-type': contentType },
    });

  it.each([
    ['malformed JSON', () => raw('{"name": "x",'), 400, 'MALFORMED_JSON'],
    ['an empty JSON body', () => raw(''), 400, 'MALFORMED_JSON'],
    ['a wrong type', () => raw(JSON.stringify({ name: 42 })), 400, 'VALIDATION_FAILED'],
    [
      'an unknown field',
      () => raw(JSON.stringify({ name: 'x', favouriteColour: 'red' })),
      400,
      'VALIDATION_FAILED',
    ],
    ['a missing name', () => raw(JSON.stringify({ company: 'x' })), 400, 'VALIDATION_FAILED'],
    [
      'an oversized body',
      () => raw(JSON.stringify({ name: 'x', notes: 'y'.repeat(20000) })),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['a form body', () => raw('name=x', 'application/x-www-form-urlencoded'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'an invalid phone',
      () => raw(JSON.stringify({ name: 'x', contacts: [{ kind: 'phone', value: '12345' }] })),
      400,
      'INVALID_PHONE',
    ],
    [
      'an invalid email',
      () => raw(JSON.stringify({ name: 'x', contacts: [{ kind: 'email', value: 'a@' }] })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown contact kind',
      () => raw(JSON.stringify({ name: 'x', contacts: [{ kind: 'fax', value: '1' }] })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a bad birthday',
      () => raw(JSON.stringify({ name: 'x', birthday: '2020-13-45' })),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown referrer',
      () => raw(JSON.stringify({ name: 'x', referredById: '00000000-0000-4000-8000-000000000000' })),
      400,
      'VALIDATION_FAILED',
    ],
  ])('answers %s with a JSON error and stores nothing', async (_label, send, status, code) => {
    const before = await customerCount();
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(3);
    expect(await customerCount()).toBe(before);
  });

  it('says which field is wrong', async () => {
    const res = await raw(JSON.stringify({ name: '', tags: 'VIP' }));
    expect(res.body.error.details?.map((d) => d.path).sort()).toEqual(['name', 'tags']);
  });

  it.each([
    ['GET', '/api/v1/customers/not-a-uuid', 400],
    ['GET', '/api/v1/customers/00000000-0000-4000-8000-000000000000', 404],
    ['GET', '/api/v1/customers?limit=100000', 400],
    ['GET', '/api/v1/customers?cursor=garbage', 400],
    ['GET', '/api/v1/customers?doNotCall=perhaps', 400],
    ['GET', '/api/v1/nowhere', 404],
  ])('%s %s → %i', async (method, url, status) => {
    const res = await call<ErrorBody>(t, method, url, { token: acme.tokens.agent });
    expect(res.status).toBe(status);
    expect(typeof res.body.error.code).toBe('string');
  });

  it('leaves a customer unchanged after a rejected update', async () => {
    const res = await call<ErrorBody>(t, 'PATCH', `/api/v1/customers/${customerId}`, {
      token: acme.tokens.agent,
      json: { name: 'ok', gender: 'unknown' },
    });
    expect(res.status).toBe(400);
    const card = await call<{ name: string; version: number }>(t, 'GET', `/api/v1/customers/${customerId}`, {
      token: acme.tokens.agent,
    });
    expect(card.body).toMatchObject({ name: '张伟', version: 1 });
  });

  it('answers a missing file with 404, not the web app', async () => {
    expect((await call(t, 'GET', '/assets/no-such-bundle.js')).status).toBe(404);
    expect((await call(t, 'GET', '/api/v1/no-such-route')).status).toBe(404);
  });

  it('serves OpenAPI, the docs page and the health check', async () => {
    const spec = await call<{ openapi: string; paths: Record<string, unknown> }>(
      t,
      'GET',
      '/api/openapi.json',
    );
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/imports/customers']),
    );
    const docs = await fetch(`${t.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    expect((await call<{ status: string }>(t, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
  });
});
