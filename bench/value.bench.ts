/**
 * Value and lifecycle at scale: generates customers and orders in SQL, then times the full
 * rescore + restaging, the incremental update after one order (p50/p99), and the customer
 * analytics report. Run with `npm run bench:value`; record results in bench/README.md.
 *
 *   BENCH_CUSTOMERS   default 1,000,000
 *   BENCH_ORDERS      default 10,000,000
 *   BENCH_ENGINES     comma list of pglite,postgres (default: both when BENCH_DATABASE_URL is set)
 *   BENCH_DATABASE_URL  a PostgreSQL server where a scratch database may be created
 *   BENCH_INCREMENTAL how many single-order updates to time (default 300)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { customerAnalytics } from '../src/insight/customer-analytics.ts';
import { openDatabase } from '../src/kernel/db/database.ts';
import { migrateToLatest } from '../src/kernel/db/migrate.ts';
import { withTenant } from '../src/kernel/db/tenant-scope.ts';
import { createTenant } from '../src/kernel/tenancy/tenancy.service.ts';
import { refreshStanding } from '../src/lifecycle/customer-standing.ts';
import { restageTenant } from '../src/lifecycle/lifecycle.service.ts';
import { rescoreTenant } from '../src/value/tenant-rescore.ts';
import { loadValueRules, saveValueRules } from '../src/value/value.store.ts';
import { DEFAULT_VALUE_RULES } from '../src/value/value-rules.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000_000);
const INCREMENTAL = Number(process.env.BENCH_INCREMENTAL ?? 300);
const ADMIN_URL = process.env.BENCH_DATABASE_URL;
const ENGINES = (process.env.BENCH_ENGINES ?? (ADMIN_URL ? 'postgres,pglite' : 'pglite')).split(',');

const seconds = (ms: number) => +(ms / 1000).toFixed(1);
const pct = (sorted: number[], p: number) =>
  +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(2);

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

// Each step's figures go to stderr as soon as they exist: a full run takes many minutes.
function progress(step: string, figures: unknown) {
  process.stderr.write(`${new Date().toISOString()} ${step} ${JSON.stringify(figures)}\n`);
}

async function run(engine: string) {
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  // BENCH_KEEP=1 keeps the generated PostgreSQL database and reuses it on the next run.
  const keep = process.env.BENCH_KEEP === '1' && engine === 'postgres';
  const scratch = keep ? `hotline_bench_value_${CUSTOMERS}` : `hotline_bench_value_${Date.now()}`;
  let reuse = false;
  if (engine === 'postgres') {
    if (!ADMIN_URL) throw new Error('set BENCH_DATABASE_URL for the postgres run');
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    reuse =
      keep && (await admin.query('select 1 from pg_database where datname = $1', [scratch])).rowCount === 1;
    if (!reuse) await admin.query(`create database ${scratch}`);
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = `/${scratch}`;
    databaseUrl = url.toString();
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-value-'));
  }
  const database = await openDatabase({ databaseUrl, dataDir });
  const db = database.db;
  const out: Record<string, unknown> = { engine, customers: CUSTOMERS, orders: ORDERS };
  try {
    await migrateToLatest(db);
    const existing = reuse
      ? await db.selectFrom('tenants').select(['id']).where('slug', '=', 'bench').executeTakeFirst()
      : undefined;
    const tenant = existing ?? (await createTenant(db, { slug: 'bench', name: 'Bench' }));

    // Customers, then orders skewed towards a few (random()^3 picks low indexes far more
    // often), so revenue is concentrated as in a real business, over two years.
    const [, generateMs] = await timed(async () => {
      if (existing) return;
      await sql`
        create table bench_idx as
        select i, gen_random_uuid() as id from generate_series(1, ${CUSTOMERS}) i
      `.execute(db);
      await sql`alter table bench_idx add primary key (i)`.execute(db);
      await sql`
        insert into customers (id, tenant_id, name, external_ref, province, tags, created_at, referred_by_id)
        select id, ${tenant.id}, '客户' || i, 'B' || i,
          (array['广东省','浙江省','江苏省','北京市','上海市'])[1 + i % 5],
          case when i % 10 = 0 then array['VIP'] else '{}' end,
          now() - interval '800 days' + (i::float / ${CUSTOMERS}) * interval '790 days',
          null
        from bench_idx
      `.execute(db);
      await sql`
        insert into orders (tenant_id, customer_id, product, category, amount_minor, margin_minor, currency, status, ordered_at)
        select ${tenant.id}, b.id,
          (array['空调','冰箱','洗衣机','电视','热水器'])[1 + s.g % 5] || ' 型号' || (s.g % 40),
          (array['空调','冰箱','洗衣机','电视','热水器'])[1 + s.g % 5],
          (5000 + floor(random() * 800000))::bigint, (1000 + floor(random() * 100000))::bigint, 'CNY',
          case when s.g % 50 = 0 then 'refunded' when s.g % 70 = 0 then 'cancelled' else 'completed' end,
          now() - random() * interval '730 days'
        from (select g, 1 + floor(power(random(), 3) * ${CUSTOMERS})::int as pick
              from generate_series(1, ${ORDERS}) g) s
        join bench_idx b on b.i = s.pick
      `.execute(db);
      // A sprinkle of referrals.
      await sql`
        update customers c set referred_by_id = b.id
        from bench_idx b, bench_idx me
        where me.id = c.id and me.i % 97 = 0 and b.i = me.i / 97
      `.execute(db);
      await sql`analyze`.execute(db);
    });
    out.generateSeconds = seconds(generateMs);
    progress('generated', out.generateSeconds);

    // A full run is what the rescore job does: value tiers, then stages, in one transaction.
    const fullRun = async (at: Date, options: { rebuild?: boolean } = {}) => {
      const [result, ms] = await timed(() =>
        withTenant(db, tenant.id, async (tx) => {
          const value = await rescoreTenant(tx, tenant.id, at, options);
          const stage = await restageTenant(tx, tenant.id, at);
          return { value, stage };
        }),
      );
      return {
        mode: result.value.mode,
        totalSeconds: seconds(ms),
        rescoreSeconds: seconds(result.value.milliseconds),
        rescoreParts: {
          factsSeconds: seconds(result.value.aggregateMs),
          scoreSeconds: seconds(result.value.scoreMs),
          writeSeconds: seconds(result.value.writeMs),
        },
        restageSeconds: seconds(result.stage.milliseconds),
        changed: {
          value: result.value.changed,
          stages: result.stage.changed,
          stageDetails: result.stage.refreshed,
        },
        tiers: result.value.tiers,
        stages: result.stage.stages,
      };
    };
    // 1. The first run over the generated data: no stored order facts yet, so a rebuild.
    out.firstRun = await fullRun(new Date(), { rebuild: true });
    progress('firstRun', out.firstRun);
    // 2. The next night's run: everyone's last order is a day older, few tiers or stages change.
    const tomorrow = new Date(Date.now() + 86_400_000);
    out.nightlyRun = await fullRun(tomorrow);
    progress('nightlyRun', out.nightlyRun);
    // 3. After the admin shortens the look-back window from 24 to 12 months: every
    //    customer's window figures are counted again.
    await withTenant(db, tenant.id, async (tx) => {
      const { rules } = await loadValueRules(tx);
      await saveValueRules(tx, tenant.id, { ...rules, lookbackMonths: 12 }, null);
    });
    out.rulesChangeRun = await fullRun(tomorrow);
    progress('rulesChangeRun', out.rulesChangeRun);
    await withTenant(db, tenant.id, (tx) => saveValueRules(tx, tenant.id, DEFAULT_VALUE_RULES, null));

    // The nightly run rewrote many rows; autovacuum would tidy them within minutes of it.
    // Do it now, so the incremental figures are the day's, not those of a table mid-vacuum.
    const [, vacuumMs] = await timed(() =>
      sql`vacuum analyze customer_value, customer_stages, stage_transitions, outbox_events`.execute(db),
    );
    out.vacuumSeconds = seconds(vacuumMs);
    progress('vacuum', out.vacuumSeconds);

    // Incremental: one order for a random customer, then the customer's refresh.
    const picks = await sql<{ id: string }>`
      select id from bench_idx where i in (select 1 + floor(random() * ${CUSTOMERS})::int from generate_series(1, ${INCREMENTAL}))
    `.execute(db);
    const times: number[] = [];
    for (const { id } of picks.rows) {
      await withTenant(db, tenant.id, async (tx) => {
        await tx
          .insertInto('orders')
          .values({
            tenant_id: tenant.id,
            customer_id: id,
            product: '空调 型号1',
            category: '空调',
            amount_minor: 399_900,
            currency: 'CNY',
            ordered_at: new Date(),
          })
          .execute();
        const started = performance.now();
        await refreshStanding(tx, tenant.id, [id]);
        times.push(performance.now() - started);
      });
    }
    times.sort((a, b) => a - b);
    out.incrementalMs = {
      samples: times.length,
      p50: pct(times, 0.5),
      p99: pct(times, 0.99),
      max: pct(times, 1),
    };
    progress('incremental', out.incrementalMs);

    const analytics: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [, ms] = await timed(() =>
        customerAnalytics((work) => withTenant(db, tenant.id, work), tenant.id, {
          from: new Date(Date.now() - 365 * 86_400_000),
          to: new Date(),
        }),
      );
      analytics.push(ms);
    }
    analytics.sort((a, b) => a - b);
    out.analyticsSeconds = { best: seconds(analytics[0]!), median: seconds(analytics[1]!) };
  } finally {
    await database.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    if (engine === 'postgres' && ADMIN_URL && !keep) {
      const admin = new pg.Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${scratch} with (force)`);
      await admin.end();
    }
  }
  return out;
}

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);
for (const engine of ENGINES) {
  const result = await run(engine.trim());
  console.log(JSON.stringify(result, null, 2));
}
