import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

interface Member {
  name: string;
  tier: string | null;
  stage: string | null;
  primaryPhone: string | null;
}
interface Segment {
  id: string;
  name: string;
  count: number | null;
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe.each(DATABASES)('segments on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  let token: string;

  async function customer(json: Record<string, unknown>, orders: [string, number, number][] = []) {
    const res = await call<{ id: string }>(t, 'POST', '/api/v1/customers', { token, json });
    expect(res.status).toBe(201);
    for (const [product, amountMinor, ago] of orders) {
      await call(t, 'POST', `/api/v1/customers/${res.body.id}/orders`, {
        token,
        json: {
          product,
          category: product.includes('空调') ? '空调' : '冰箱',
          amountMinor,
          orderedAt: daysAgo(ago),
        },
      });
    }
    return res.body.id;
  }
  const preview = async (filter: Record<string, unknown>) =>
    call<{ count: number; sample: Member[] }>(t, 'POST', '/api/v1/segments/preview', {
      token,
      json: { filter },
    });

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
    token = acme.tokens.supervisor;
    await customer(
      {
        name: '张伟',
        province: '广东省',
        city: '深圳市',
        tags: ['VIP'],
        marketingOptIn: true,
        contacts: [{ kind: 'phone', value: '13812345678' }],
      },
      [
        ['格力空调 KFR-35GW', 500_000, 300],
        ['格力空调 KFR-50LW', 600_000, 10],
      ],
    );
    await customer({ name: '李娜', province: '广东省', city: '广州市', doNotCall: true }, [
      ['海尔冰箱 BCD-470', 300_000, 400],
    ]);
    await customer({
      name: '王芳',
      province: '浙江省',
      city: '杭州市',
      tags: ['老客户'],
      marketingOptIn: true,
    });
    await customer({ name: '=cmd|calc', province: '浙江省' });
  });
  afterAll(() => t?.close());

  it('counts live by tier, stage, tags, products, region, orders and consent', async () => {
    expect((await preview({})).body.count).toBe(4);
    expect((await preview({ provinces: ['广东省'] })).body.count).toBe(2);
    expect((await preview({ tagsAny: ['VIP', '老客户'] })).body.count).toBe(2);
    expect((await preview({ tagsAll: ['VIP', '老客户'] })).body.count).toBe(0);
    expect((await preview({ categories: ['空调'] })).body.sample.map((m) => m.name)).toEqual(['张伟']);
    expect((await preview({ products: ['海尔冰箱 BCD-470'] })).body.sample.map((m) => m.name)).toEqual([
      '李娜',
    ]);
    expect((await preview({ stages: ['retention'] })).body.sample.map((m) => m.name)).toEqual(['张伟']);
    expect((await preview({ stages: ['contact'] })).body.count).toBe(2);
    expect((await preview({ neverOrdered: true })).body.count).toBe(2);
    expect((await preview({ lastOrderDays: { max: 30 } })).body.sample.map((m) => m.name)).toEqual(['张伟']);
    expect((await preview({ lastOrderDays: { min: 365 } })).body.sample.map((m) => m.name)).toEqual(['李娜']);
    expect((await preview({ doNotCall: false, marketingOptIn: true })).body.count).toBe(2);
    const tiers = (await preview({ tiers: ['high', 'secondary', 'potential', 'low'] })).body;
    expect(tiers.count).toBe(4);
  });

  it('filters by satisfaction and last contact', async () => {
    const id = await customer({ name: '满意客户' });
    await call(t, 'POST', `/api/v1/customers/${id}/facts`, { token, json: { kind: 'nps', score: 10 } });
    expect((await preview({ satisfaction: { kind: 'nps', min: 9 } })).body.sample.map((m) => m.name)).toEqual(
      ['满意客户'],
    );
    expect((await preview({ satisfaction: { kind: 'nps', max: 6 } })).body.count).toBe(0);
    expect((await preview({ lastContactDays: { max: 1 } })).body.sample.map((m) => m.name)).toEqual([
      '满意客户',
    ]);
  });

  it('saves a segment, lists its members with masked phones for agents, and exports CSV and Excel', async () => {
    const saved = await call<Segment>(t, 'POST', '/api/v1/segments', {
      token,
      json: { name: '广东客户', filter: { provinces: ['广东省'] } },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.count).toBe(2);
    const dup = await call(t, 'POST', '/api/v1/segments', { token, json: { name: '广东客户', filter: {} } });
    expect(dup.status).toBe(409);
    expect(
      (
        await call(t, 'POST', '/api/v1/segments', {
          token: acme.tokens.agent,
          json: { name: 'x', filter: {} },
        })
      ).status,
    ).toBe(403);

    const members = await call<{ items: Member[] }>(t, 'GET', `/api/v1/segments/${saved.body.id}/customers`, {
      token: acme.tokens.agent,
    });
    expect(members.body.items.map((m) => m.name).sort()).toEqual(['张伟', '李娜'].sort());
    expect(members.body.items.find((m) => m.name === '张伟')?.primaryPhone).toBe('*********5678');

    const csv = await fetch(`${t.baseUrl}/api/v1/segments/${saved.body.id}/export?format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // A UTF-8 byte-order mark, so Excel opens the Chinese text right.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('客户编号,姓名,电话');
    expect(text).toContain('+8613812345678');
    expect(text).toContain('持续');

    const xlsx = await fetch(`${t.baseUrl}/api/v1/segments/${saved.body.id}/export?format=xlsx`, {
      headers: { authorization: `Bearer ${acme.tokens.analyst}` },
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    const phones = [2, 3].map((r) => String(sheet.getRow(r).getCell(3).value));
    expect(phones).toContain('*********5678');
  });

  it('defuses spreadsheet formulas in exports', async () => {
    const saved = await call<Segment>(t, 'POST', '/api/v1/segments', {
      token,
      json: { name: '浙江', filter: { provinces: ['浙江省'] } },
    });
    const csv = await fetch(`${t.baseUrl}/api/v1/segments/${saved.body.id}/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await csv.text()).toContain("'=cmd|calc");
  });

  it('refuses bad filters and changes nothing', async () => {
    for (const filter of [
      { tiers: ['gold'] },
      { lastOrderDays: { min: 30, max: 10 } },
      { lastOrderDays: { min: -1 } },
      { colour: 'red' },
      { satisfaction: { kind: 'nps', min: 9, max: 3 } },
    ]) {
      const res = await call<{ error: { message: string } }>(t, 'POST', '/api/v1/segments', {
        token,
        json: { name: `bad ${JSON.stringify(filter)}`, filter },
      });
      expect(res.status, JSON.stringify(filter)).toBe(400);
    }
    const list = await call<{ items: Segment[] }>(t, 'GET', '/api/v1/segments', { token });
    expect(list.body.items.every((s) => !s.name.startsWith('bad'))).toBe(true);
  });

  it('updates and deletes a segment', async () => {
    const saved = await call<Segment>(t, 'POST', '/api/v1/segments', {
      token,
      json: { name: '临时', filter: {} },
    });
    const put = await call<Segment>(t, 'PUT', `/api/v1/segments/${saved.body.id}`, {
      token,
      json: { name: '临时（浙江）', filter: { provinces: ['浙江省'] } },
    });
    expect(put.body).toMatchObject({ name: '临时（浙江）', count: 2 });
    expect((await call(t, 'DELETE', `/api/v1/segments/${saved.body.id}`, { token })).status).toBe(204);
    expect((await call(t, 'GET', `/api/v1/segments/${saved.body.id}`, { token })).status).toBe(404);
  });
});
