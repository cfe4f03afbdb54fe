import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  DATABASES,
  seedTenant,
  startTestServer,
  type TestServer,
  type TestTenant,
} from '../support/test-server.ts';

interface Report {
  encoding: string;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  errorCount: number;
  errors: { line: number; field: string | null; reason: string }[];
  ignoredColumns: string[];
}

const CUSTOMERS_CSV = [
  '客户编号,姓名,电话,邮箱,省份,城市,标签,免打扰,营销授权,推荐人编号,微信',
  'C001,张伟,138 1234 5678,zw@example.com,广东省,深圳市,VIP|老客户,否,是,,',
  'C002,王芳,13987654321,,浙江省,杭州市,,是,否,C001,wangfang88',
  'C003,李娜,12345,ln@example.com,北京市,北京市,,,,,', // bad phone
  'C004,,13700000000,,,,,,,,', // no name
  'C005,刘洋,13600000000,not-an-email,,,,,,,', // bad email
  'C006,陈静,13500000000,,,,,maybe,,,', // bad flag
  'C007,杨磊,13400000000,,,,,,,C999,', // unknown referrer
  'C008,"赵,敏",13300000000,zm@example.com,四川省,成都市,,,,,', // quoted comma
  'C009,黄强,13812345678,,,,,,,,', // phone of C001
  'C010,周杰,13200000000,,,,', // short row
].join('\r\n');

const ORDERS_CSV = [
  '订单号,客户编号,电话,产品,品类,金额,币种,下单时间,状态',
  'O1,C001,,格力空调 KFR-35GW,空调,"3,999.00",CNY,2025-06-01,已完成',
  'O2,,13987654321,美的冰箱,冰箱,2599,,2025/7/15 14:30,已完成',
  'O3,C001,,滤芯,配件,99.5,CNY,2025-08-01,已退款',
  'O4,C404,,空调,空调,100,CNY,2025-08-01,已完成', // unknown customer
  'O5,C001,,空调,空调,abc,CNY,2025-08-01,已完成', // bad amount
  'O6,C001,,空调,空调,100,CNY,someday,已完成', // bad date
  ',C001,,空调,空调,100,CNY,2025-08-01,已完成', // no order number
].join('\n');

describe.each(DATABASES)('CSV import on %s', (kind) => {
  let t: TestServer;
  let acme: TestTenant;
  const post = (what: 'customers' | 'orders', body: Buffer | string, query = '') =>
    call<Report>(t, 'POST', `/api/v1/imports/${what}?filename=test.csv${query}`, {
      token: acme.tokens.supervisor,
      body: typeof body === 'string' ? Buffer.from(body) : body,
      headers: { 'content-type': 'text/csv' },
    });

  beforeAll(async () => {
    t = await startTestServer(kind);
    acme = await seedTenant(t, 'acme');
  });
  afterAll(() => t?.close());

  it('keeps the good customer rows and reports each bad row with its line and reason', async () => {
    const res = await post('customers', CUSTOMERS_CSV);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      encoding: 'utf-8',
      totalRows: 10,
      created: 3,
      updated: 0,
      unchanged: 0,
      errorCount: 7,
    });
    expect(res.body.errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'phone'],
      [5, 'name'],
      [6, 'email'],
      [7, 'doNotCall'],
      [8, 'referredBy'],
      [10, 'phone'],
      [11, null],
    ]);
    expect(res.body.errors[0]!.reason).toContain('12345');
    const wang = await call<{ items: { id: string; doNotCall: boolean }[] }>(
      t,
      'GET',
      '/api/v1/customers?q=王芳',
      { token: acme.tokens.supervisor },
    );
    const card = await call<{
      referredBy: { name: string };
      contacts: { kind: string; value: string }[];
      doNotCall: boolean;
    }>(t, 'GET', `/api/v1/customers/${wang.body.items[0]!.id}`, { token: acme.tokens.supervisor });
    expect(card.body.referredBy.name).toBe('张伟');
    expect(card.body.doNotCall).toBe(true);
    expect(card.body.contacts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'chat', value: 'wangfang88' }),
        expect.objectContaining({ value: '+8613987654321' }),
      ]),
    );
    const zhao = await call<{ items: { name: string }[] }>(t, 'GET', '/api/v1/customers?q=赵', {
      token: acme.tokens.supervisor,
    });
    expect(zhao.body.items[0]!.name).toBe('赵,敏');
  });

  it('creates no duplicates when the same file is imported again', async () => {
    const res = await post('customers', CUSTOMERS_CSV);
    expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, errorCount: 7 });
    const count = await t.server.database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('updates a matched customer and audits the change', async () => {
    const res = await post('customers', '客户编号,姓名,城市\nC001,张伟,广州市\n');
    expect(res.body).toMatchObject({ created: 0, updated: 1, errorCount: 0 });
    const found = await call<{ items: { id: string; city: string }[] }>(
      t,
      'GET',
      '/api/v1/customers?q=C001',
      { token: acme.tokens.supervisor },
    );
    expect(found.body.items[0]!.city).toBe('广州市');
    const audit = await call<{ items: { action: string; actorName: string }[] }>(
      t,
      'GET',
      `/api/v1/customers/${found.body.items[0]!.id}/audit`,
      {
        token: acme.tokens.supervisor,
      },
    );
    expect(audit.body.items[0]).toMatchObject({ action: 'update', actorName: 'supervisor acme (import)' });
  });

  it('reads a GBK export the way Excel on Chinese Windows writes it', async () => {
    const gbk = iconv.encode('姓名,手机,城市\r\n孙悦,13100000000,南京市\r\n', 'gbk');
    const res = await post('customers', gbk);
    expect(res.body).toMatchObject({ encoding: 'gb18030', created: 1, errorCount: 0 });
    const found = await call<{ items: { name: string; city: string }[] }>(
      t,
      'GET',
      `/api/v1/customers?q=${encodeURIComponent('孙悦')}`,
      {
        token: acme.tokens.supervisor,
      },
    );
    expect(found.body.items[0]).toMatchObject({ name: '孙悦', city: '南京市' });
  });

  it('imports orders by customer number or phone, with every bad row reported, and is idempotent', async () => {
    const first = await post('orders', ORDERS_CSV);
    expect(first.body).toMatchObject({ totalRows: 7, created: 3, errorCount: 4 });
    expect(first.body.errors.map((e) => [e.line, e.field])).toEqual([
      [5, 'customerRef'],
      [6, 'amount'],
      [7, 'orderedAt'],
      [8, 'orderRef'],
    ]);
    const again = await post('orders', ORDERS_CSV);
    expect(again.body).toMatchObject({ created: 0, unchanged: 3, errorCount: 4 });
    const zhang = await call<{ items: { orderCount: number; lifetimeValueMinor: number }[] }>(
      t,
      'GET',
      '/api/v1/customers?q=C001',
      {
        token: acme.tokens.supervisor,
      },
    );
    expect(zhang.body.items[0]).toMatchObject({ orderCount: 1, lifetimeValueMinor: 399900 });
    const refund = await post(
      'orders',
      '订单号,客户编号,产品,金额,下单时间,状态\nO1,C001,格力空调 KFR-35GW,3999,2025-06-01,已退款\n',
    );
    expect(refund.body).toMatchObject({ updated: 1 });
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'INVALID_ENCODING'],
    [
      'a binary file',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0x08, 0, 0xff, 0xfe, 0x9c]),
      'INVALID_ENCODING',
    ],
    ['a file without the name column', Buffer.from('phone,city\n138,x\n'), 'INVALID_CSV'],
  ])('refuses %s with a clear error and stores nothing', async (_label, body, code) => {
    const before = await t.server.database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await call<{ error: { code: string; message: string } }>(
      t,
      'POST',
      '/api/v1/imports/customers',
      {
        token: acme.tokens.supervisor,
        body,
        headers: { 'content-type': 'text/csv' },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe(code);
    const after = await t.server.database.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps a history of imports with their reports', async () => {
    const res = await call<{ items: Report[] }>(t, 'GET', '/api/v1/imports', { token: acme.tokens.analyst });
    expect(res.body.items.length).toBeGreaterThanOrEqual(5);
    expect(res.body.items.some((r) => r.errors.length === 7)).toBe(true);
  });
  it("scores a big file's customers by a rescore job within seconds", async () => {
    const rows = ['客户编号,姓名,电话'];
    for (let i = 0; i < 260; i++) rows.push(`BIG${i},批量客户${i},139${String(10_000_000 + i)}`);
    const res = await post('customers', `${rows.join('\n')}\n`);
    expect(res.status).toBe(200);
    expect((res.body as { created: number }).created).toBe(260);
    const list = await call<{ items: { id: string }[] }>(t, 'GET', '/api/v1/customers?q=BIG259', {
      token: acme.tokens.supervisor,
    });
    const id = list.body.items[0]!.id;
    const deadline = Date.now() + 30_000;
    let stage: string | undefined;
    while (Date.now() < deadline) {
      const s = await call<{ stage: { code: string } | null }>(t, 'GET', `/api/v1/customers/${id}/standing`, {
        token: acme.tokens.supervisor,
      });
      stage = s.body.stage?.code;
      if (stage) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(stage).toBe('contact');
  });
});
