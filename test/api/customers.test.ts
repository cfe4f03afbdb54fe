import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

interface Card {
  id: string;
  name: string;
  version: number;
  tags: string[];
  primaryPhone: string | null;
  contacts: { id: string; kind: string; value: string; masked: boolean; isPrimary: boolean }[];
  orderCount: number;
  lifetimeValueMinor: number;
  referredBy: { id: string; name: string } | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

describe.each(DATABASES)('customers on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let zhang: Card;

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    const res = await call<Card>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.supervisor,
      json: {
        name: '张伟',
        company: '深圳市华强电子有限公司',
        province: '广东省',
        city: '深圳市',
        tags: ['VIP', '老客户'],
        marketingOptIn: true,
        contacts: [
          { kind: 'phone', value: '138 1234 5678' },
          { kind: 'email', value: 'Zhang.Wei@Example.com' },
        ],
      },
    });
    expect(res.status).toBe(201);
    zhang = res.body;
  });
  afterAll(() => t?.close());

  it('normalises contacts to E.164 and lower-case', () => {
    expect(zhang.contacts.map((c) => c.value)).toEqual(['zhang.wei@example.com', '+8613812345678']);
    expect(zhang.contacts.every((c) => c.isPrimary)).toBe(true);
  });

  it.each([
    ['张伟', true],
    ['张', true],
    ['华强', true],
    ['5678', true],
    ['13812345678', true],
    ['+86 138-1234-5678', true],
    ['1234 5678', true],
    ['zhang.wei@', true],
    ['EXAMPLE.COM', true],
    ['9999', false],
    ['李娜', false],
  ])('search %j finds Zhang Wei: %s', async (q, found) => {
    const res = await call<Page<Card>>(t, 'GET', `/api/v1/customers?q=${encodeURIComponent(q)}`, {
      token: acme.tokens.supervisor,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.some((c) => c.id === zhang.id)).toBe(found);
  });

  it('masks phone numbers for agents and analysts, not supervisors', async () => {
    const asAgent = await call<Card>(t, 'GET', `/api/v1/customers/${zhang.id}`, { token: acme.tokens.agent });
    const phone = asAgent.body.contacts.find((c) => c.kind === 'phone')!;
    expect(phone).toMatchObject({ value: '*********5678', masked: true });
    expect(asAgent.body.primaryPhone).toBe('*********5678');
    expect(JSON.stringify(asAgent.body)).not.toContain('13812345678');
    const list = await call<Page<Card>>(t, 'GET', '/api/v1/customers?q=5678', { token: acme.tokens.analyst });
    expect(JSON.stringify(list.body)).not.toContain('13812345678');
    const asSupervisor = await call<Card>(t, 'GET', `/api/v1/customers/${zhang.id}`, {
      token: acme.tokens.supervisor,
    });
    expect(asSupervisor.body.primaryPhone).toBe('+8613812345678');
  });

  it('reveals a masked number to an agent and audits it', async () => {
    const card = await call<Card>(t, 'GET', `/api/v1/customers/${zhang.id}`, { token: acme.tokens.agent });
    const phone = card.body.contacts.find((c) => c.kind === 'phone')!;
    const res = await call<{ value: string }>(
      t,
      'POST',
      `/api/v1/customers/${zhang.id}/contacts/${phone.id}/reveal`,
      { token: acme.tokens.agent },
    );
    expect(res.body.value).toBe('+8613812345678');
    const audit = await call<Page<{ action: string; actorName: string }>>(
      t,
      'GET',
      `/api/v1/customers/${zhang.id}/audit`,
      { token: acme.tokens.supervisor },
    );
    expect(audit.body.items[0]).toMatchObject({ action: 'reveal_phone', actorName: 'agent acme' });
    expect(JSON.stringify(audit.body)).not.toContain('13812345678');
  });

  it('updates with an audit entry of who, when, before and after', async () => {
    const res = await call<Card>(t, 'PATCH', `/api/v1/customers/${zhang.id}`, {
      token: acme.tokens.agent,
      json: { city: '广州市', tags: ['VIP'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.tags).toEqual(['VIP']);
    const audit = await call<
      Page<{
        action: string;
        actorName: string;
        at: string;
        changes: { field: string; before: unknown; after: unknown }[];
      }>
    >(t, 'GET', `/api/v1/customers/${zhang.id}/audit`, { token: acme.tokens.agent });
    const entry = audit.body.items[0]!;
    expect(entry.action).toBe('update');
    expect(entry.actorName).toBe('agent acme');
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
    expect(entry.changes).toEqual([
      { field: 'city', before: '深圳市', after: '广州市' },
      { field: 'tags', before: ['VIP', '老客户'], after: ['VIP'] },
    ]);
    expect(audit.body.items.at(-1)!.action).toBe('create');
  });

  it('writes no audit entry when nothing changed', async () => {
    const before = await call<Page<unknown>>(t, 'GET', `/api/v1/customers/${zhang.id}/audit`, {
      token: acme.tokens.agent,
    });
    await call(t, 'PATCH', `/api/v1/customers/${zhang.id}`, {
      token: acme.tokens.agent,
      json: { city: '广州市' },
    });
    const after = await call<Page<unknown>>(t, 'GET', `/api/v1/customers/${zhang.id}/audit`, {
      token: acme.tokens.agent,
    });
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('refuses a stale version', async () => {
    const res = await call<{ error: { code: string } }>(t, 'PATCH', `/api/v1/customers/${zhang.id}`, {
      token: acme.tokens.agent,
      json: { notes: 'x', version: 1 },
    });
    expect(res.status).toBe(409);
  });

  it('records orders and sums lifetime value from completed ones', async () => {
    for (const [amountMinor, status] of [
      [399900, 'completed'],
      [29900, 'completed'],
      [99900, 'refunded'],
    ] as const) {
      const res = await call(t, 'POST', `/api/v1/customers/${zhang.id}/orders`, {
        token: acme.tokens.agent,
        json: {
          product: '空调',
          category: '家电',
          amountMinor,
          orderedAt: '2026-03-01T10:00:00+08:00',
          status,
        },
      });
      expect(res.status).toBe(201);
    }
    const card = await call<Card>(t, 'GET', `/api/v1/customers/${zhang.id}`, { token: acme.tokens.agent });
    expect(card.body.orderCount).toBe(2);
    expect(card.body.lifetimeValueMinor).toBe(429800);
    const orders = await call<Page<{ amountMinor: number }>>(
      t,
      'GET',
      `/api/v1/customers/${zhang.id}/orders?limit=2`,
      { token: acme.tokens.agent },
    );
    expect(orders.body.items).toHaveLength(2);
    expect(orders.body.nextCursor).not.toBeNull();
    const rest = await call<Page<unknown>>(
      t,
      'GET',
      `/api/v1/customers/${zhang.id}/orders?limit=2&cursor=${orders.body.nextCursor}`,
      { token: acme.tokens.agent },
    );
    expect(rest.body.items).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
    const timeline = await call<{ items: { kind: string }[] }>(
      t,
      'GET',
      `/api/v1/customers/${zhang.id}/timeline`,
      { token: acme.tokens.agent },
    );
    expect(timeline.body.items.filter((i) => i.kind === 'order')).toHaveLength(3);
    expect(timeline.body.items.some((i) => i.kind === 'audit')).toBe(true);
  });

  it('pages through the list with a cursor, without repeats', async () => {
    for (let i = 0; i < 7; i++) {
      await call(t, 'POST', '/api/v1/customers', {
        token: acme.tokens.agent,
        json: { name: `Page Test ${i}`, tags: ['paging'] },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const res: { body: Page<Card> } = await call<Page<Card>>(
        t,
        'GET',
        `/api/v1/customers?tag=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: acme.tokens.agent },
      );
      seen.push(...res.body.items.map((c) => c.name));
      cursor = res.body.nextCursor;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('replays a create with the same Idempotency-Key instead of duplicating', async () => {
    const headers = { 'idempotency-key': 'create-li-na-1' };
    const json = { name: '李娜', contacts: [{ kind: 'phone', value: '13900001111' }] };
    const first = await call<Card>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json,
      headers,
    });
    const second = await call<Card>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json,
      headers,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const other = await call<{ error: { code: string } }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json: { name: 'x' },
      headers,
    });
    expect(other.status).toBe(422);
    const found = await call<Page<Card>>(t, 'GET', '/api/v1/customers?q=李娜', { token: acme.tokens.agent });
    expect(found.body.items).toHaveLength(1);
  });

  it('refuses a phone that belongs to another customer', async () => {
    const res = await call<{ error: { code: string } }>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json: { name: '王芳', contacts: [{ kind: 'phone', value: '+86 139 0000 1111' }] },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DUPLICATE_CONTACT');
  });

  it('records referrals', async () => {
    const res = await call<Card>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json: { name: '赵敏', referredById: zhang.id },
    });
    expect(res.body.referredBy).toEqual({ id: zhang.id, name: '张伟' });
  });

  it('adds and removes contacts, keeping one primary', async () => {
    const added = await call<{ id: string; isPrimary: boolean }>(
      t,
      'POST',
      `/api/v1/customers/${zhang.id}/contacts`,
      {
        token: acme.tokens.agent,
        json: { kind: 'phone', value: '010-6552-9988', label: '办公室' },
      },
    );
    expect(added.status).toBe(201);
    expect(added.body.isPrimary).toBe(false);
    const card = await call<Card>(t, 'GET', `/api/v1/customers/${zhang.id}`, {
      token: acme.tokens.supervisor,
    });
    const primary = card.body.contacts.find((c) => c.kind === 'phone' && c.isPrimary)!;
    expect(
      (
        await call(t, 'DELETE', `/api/v1/customers/${zhang.id}/contacts/${primary.id}`, {
          token: acme.tokens.agent,
        })
      ).status,
    ).toBe(204);
    const after = await call<Card>(t, 'GET', `/api/v1/customers/${zhang.id}`, {
      token: acme.tokens.supervisor,
    });
    expect(after.body.primaryPhone).toBe('+861065529988');
  });

  it('soft-deletes (supervisor only), hides the customer and frees its contacts', async () => {
    const res = await call<Card>(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json: { name: 'To Delete', contacts: [{ kind: 'email', value: 'gone@example.com' }] },
    });
    const id = res.body.id;
    expect((await call(t, 'DELETE', `/api/v1/customers/${id}`, { token: acme.tokens.agent })).status).toBe(
      403,
    );
    expect(
      (await call(t, 'DELETE', `/api/v1/customers/${id}`, { token: acme.tokens.supervisor })).status,
    ).toBe(204);
    expect((await call(t, 'GET', `/api/v1/customers/${id}`, { token: acme.tokens.supervisor })).status).toBe(
      404,
    );
    const row = await t.server.database.db
      .selectFrom('customers')
      .select('deleted_at')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.deleted_at).toBeInstanceOf(Date);
    const reuse = await call(t, 'POST', '/api/v1/customers', {
      token: acme.tokens.agent,
      json: { name: 'New Owner', contacts: [{ kind: 'email', value: 'gone@example.com' }] },
    });
    expect(reuse.status).toBe(201);
  });

  it('lists the tags and regions in use for the filters', async () => {
    const res = await call<{
      tags: { value: string; count: number }[];
      regions: { province: string; city: string }[];
    }>(t, 'GET', '/api/v1/customers/facets', { token: acme.tokens.agent });
    expect(res.body.tags).toEqual(expect.arrayContaining([{ value: 'paging', count: 7 }]));
    expect(res.body.regions).toEqual([{ province: '广东省', city: '广州市', count: 1 }]);
  });

  it('writes a domain event to the outbox with every change', async () => {
    const events = await t.server.database.db
      .selectFrom('outbox_events')
      .select('type')
      .where('aggregate_id', '=', zhang.id)
      .execute();
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['customer.created', 'customer.updated', 'order.created']),
    );
  });
});
