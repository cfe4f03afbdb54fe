/**
 * Customer import throughput and search latency over real HTTP, on PGlite and (when
 * BENCH_DATABASE_URL is set) PostgreSQL. Run with `npm run bench:customers`; record the
 * figures in bench/README.md with the machine they ran on.
 *
 *   BENCH_CUSTOMERS  customers to import (default 5000, the demo tenant's size)
 *   BENCH_ORDERS     orders to import (default 20000)
 *   BENCH_SEARCHES   searches of each kind (default 200)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { base, en, Faker, zh_CN } from '@faker-js/faker';
import pg from 'pg';
import { loadConfig } from '../src/kernel/config.ts';
import { openDatabase } from '../src/kernel/db/database.ts';
import { createTenant, createUser } from '../src/kernel/tenancy/tenancy.service.ts';
import { createServer } from '../src/server.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 5000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 20000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const PASSWORD = 'bench-password-1';

interface Customer {
  ref: string;
  name: string;
  phone: string;
  email: string;
}

function makeCustomers(faker: Faker): Customer[] {
  const phones = new Set<string>();
  const out: Customer[] = [];
  for (let i = 0; out.length < CUSTOMERS; i++) {
    const phone = `1${faker.helpers.arrayElement(['38', '39', '58', '86', '77', '35'])}${faker.string.numeric(8)}`;
    if (phones.has(phone)) continue;
    phones.add(phone);
    out.push({
      ref: `B${String(i).padStart(6, '0')}`,
      name: `${faker.person.lastName()}${faker.person.firstName()}`,
      phone,
      email: `user${i}@example.com`,
    });
  }
  return out;
}

function customersCsv(customers: Customer[], faker: Faker): string {
  const lines = ['客户编号,姓名,电话,邮箱,省份,城市,标签'];
  for (const c of customers) {
    lines.push(
      [
        c.ref,
        c.name,
        c.phone,
        c.email,
        '广东省',
        '深圳市',
        faker.helpers.arrayElement(['VIP', '老客户', '']),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function ordersCsv(customers: Customer[], faker: Faker): string {
  const lines = ['订单号,客户编号,产品,品类,金额,下单时间'];
  for (let i = 0; i < ORDERS; i++) {
    const c = faker.helpers.arrayElement(customers);
    const day = faker.date.between({ from: '2024-11-01', to: '2026-11-01' }).toISOString().slice(0, 10);
    lines.push(
      [`BO${i}`, c.ref, '格力空调 KFR-35GW', '空调', faker.number.int({ min: 99, max: 9999 }), day].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function runOn(kind: 'pglite' | 'postgres') {
  const faker = new Faker({ locale: [zh_CN, en, base] });
  faker.seed(42);
  let dataDir: string | undefined;
  let dbName: string | undefined;
  const adminUrl = process.env.BENCH_DATABASE_URL;
  let databaseUrl: string | undefined;
  if (kind === 'pglite') {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
  } else {
    dbName = `hotline_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({ HOTLINE_DEMO: '0', LOG_LEVEL: 'warn' });
  const database = await openDatabase({ databaseUrl, dataDir });
  const server = await createServer(config, { database, logger: false });
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const tenant = await createTenant(database.db, { slug: 'bench', name: 'Bench' });
    await createUser(database.db, tenant.id, {
      email: 'admin@bench.test',
      displayName: 'Bench',
      password: PASSWORD,
      role: 'tenant_admin',
    });
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@bench.test', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const customers = makeCustomers(faker);
    const importFile = async (what: 'customers' | 'orders', csv: string, rows: number) => {
      const started = performance.now();
      const res = await fetch(`${baseUrl}/api/v1/imports/${what}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: csv,
      });
      const seconds = (performance.now() - started) / 1000;
      const report = (await res.json()) as { created: number; errorCount: number };
      if (res.status !== 200 || report.errorCount > 0)
        throw new Error(`${what} import failed: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
      return {
        rows,
        created: report.created,
        seconds: +seconds.toFixed(2),
        rowsPerSecond: Math.round(rows / seconds),
      };
    };
    const customerCsv = customersCsv(customers, faker);
    const importCustomers = await importFile('customers', customerCsv, customers.length);
    const importOrders = await importFile('orders', ordersCsv(customers, faker), ORDERS);
    const reimport = await importFile('customers', customerCsv, customers.length);

    const kinds: Record<string, (c: Customer) => string> = {
      'full name (zh)': (c) => c.name,
      'surname + given (prefix)': (c) => c.name.slice(0, 2),
      'phone, last 4 digits': (c) => c.phone.slice(-4),
      'phone, formatted': (c) => `+86 ${c.phone.slice(0, 3)} ${c.phone.slice(3, 7)} ${c.phone.slice(7)}`,
      email: (c) => c.email,
    };
    const search: Record<string, { p50: number; p95: number; p99: number }> = {};
    for (const [label, term] of Object.entries(kinds)) {
      const times: number[] = [];
      for (let i = 0; i < SEARCHES; i++) {
        const c = faker.helpers.arrayElement(customers);
        const started = performance.now();
        const res = await fetch(`${baseUrl}/api/v1/customers?q=${encodeURIComponent(term(c))}&limit=20`, {
          headers: auth,
        });
        const body = (await res.json()) as { items: { id: string }[] };
        times.push(performance.now() - started);
        if (res.status !== 200 || body.items.length === 0)
          throw new Error(`search "${term(c)}" found nothing`);
      }
      times.sort((a, b) => a - b);
      search[label] = {
        p50: +percentile(times, 50).toFixed(1),
        p95: +percentile(times, 95).toFixed(1),
        p99: +percentile(times, 99).toFixed(1),
      };
    }
    return { importCustomers, importOrders, reimport, searchMs: search };
  } finally {
    await server.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
console.log(`machine: ${machine}`);
console.log(`customers ${CUSTOMERS}, orders ${ORDERS}, searches ${SEARCHES} of each kind`);
const engines: ('pglite' | 'postgres')[] = [
  'pglite',
  ...(process.env.BENCH_DATABASE_URL ? (['postgres'] as const) : []),
];
for (const engine of engines) {
  const result = await runOn(engine);
  console.log(`\n== ${engine}`);
  console.log(JSON.stringify(result, null, 2));
}
