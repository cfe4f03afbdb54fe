/**
 * The ACD under load on PostgreSQL: the real server in this process, 1,000 agents on the
 * WebSocket feed and 200 new chats a second for 60 s from a child process (routing-load.ts).
 * Prints, as JSON, arrival → offer (p50/p95/p99/max) as the agent's client saw it and as the
 * database dates it, interactions lost and offered twice, the ACD's passes, memory and CPU of
 * the server, the load generator and PostgreSQL, and the machine. Run with
 * `npm run bench:routing`; record the figures in bench/README.md.
 *
 *   BENCH_DATABASE_URL   a PostgreSQL server where a scratch database may be created
 *                        (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_AGENTS         agents, each with a WebSocket (default 1000)
 *   BENCH_RATE           new chats a second (default 200)
 *   BENCH_SECONDS        how long chats arrive (default 60)
 *   BENCH_DRAIN_SECONDS  how long to wait afterwards for the last offers and wrap-ups (default 30)
 *   BENCH_CHAT_CAPACITY  chats an agent holds at once (default 3)
 *   BENCH_THINK_MS       an agent's time to accept, min-max (default 50-150)
 *   BENCH_HANDLE_MS      a chat's handling time, min-max (default 2000-6000)
 *   BENCH_ARRIVALS       webchat (the widget's public start, default) or api (POST /api/v1/interactions)
 *   BENCH_LOG=1          the server's warnings and errors on stderr
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { hashPassword } from '../src/kernel/auth/password.ts';
import { hashSessionToken, newSessionToken } from '../src/kernel/auth/session-token.ts';
import { loadConfig } from '../src/kernel/config.ts';
import type { Role } from '../src/kernel/db/schema.ts';
import { createTenant } from '../src/kernel/tenancy/tenancy.service.ts';
import { createServer, type Server } from '../src/server.ts';
import type { FromLoad, LoadPlan, LoadResult, ToLoad } from './routing-load.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const AGENTS = int('BENCH_AGENTS', 1000);
const RATE = int('BENCH_RATE', 200);
const SECONDS = int('BENCH_SECONDS', 60);
const DRAIN_SECONDS = int('BENCH_DRAIN_SECONDS', 30);
const CAPACITY = int('BENCH_CHAT_CAPACITY', 3);
const THINK_MS = range('BENCH_THINK_MS', [50, 150]);
const HANDLE_MS = range('BENCH_HANDLE_MS', [2000, 6000]);
const ARRIVALS = process.env.BENCH_ARRIVALS === 'api' ? 'api' : 'webchat';

function int(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function range(name: string, fallback: [number, number]): [number, number] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const [lo, hi] = raw.split('-').map(Number);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo! > hi!) throw new Error(`${name}: min-max in ms`);
  return [lo!, hi!];
}

function progress(step: string, figures: unknown = '') {
  process.stderr.write(`${new Date().toISOString()} ${step} ${JSON.stringify(figures)}\n`);
}

function summary(values: number[]) {
  if (values.length === 0) return { n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    +sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!.toFixed(1);
  return {
    n: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: +sorted.at(-1)!.toFixed(1),
    mean: +(sorted.reduce((s, v) => s + v, 0) / sorted.length).toFixed(1),
  };
}

const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);

// ---------------------------------------------------------------------------------- machine

/** Busy and total jiffies of the whole machine (/proc/stat), to show what else ran. */
function machineTicks(): { busy: number; total: number } {
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = fields[3]! + (fields[4] ?? 0);
  const total = fields.reduce((s, v) => s + v, 0);
  return { busy: total - idle, total };
}

/** utime + stime of a process in clock ticks, or null when it is gone (or not readable). */
function processTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU of the PostgreSQL backends serving the scratch database, sampled every second and split
 * by application_name (the requests' pool `hotline`, the ACD's `hotline-acd`, the listener): a
 * backend seen at the start counts from there, one that appears later counts whole, one that
 * exits keeps its last sample. Readable because PostgreSQL runs on this host.
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly kind = new Map<number, string>();
  private started = false;

  constructor(
    private readonly admin: pg.Client,
    private readonly database: string,
  ) {}

  async sample() {
    const { rows } = await this.admin.query<{ pid: number; name: string }>(
      `select pid, coalesce(nullif(application_name, ''), backend_type) as name
       from pg_stat_activity where datname = $1`,
      [this.database],
    );
    for (const { pid, name } of rows) {
      const ticks = processTicks(pid);
      if (ticks === null) continue;
      if (!this.last.has(pid)) this.first.set(pid, this.started ? 0 : ticks);
      this.last.set(pid, ticks);
      this.kind.set(pid, name);
    }
    this.started = true;
  }

  /** Seconds of CPU since the first sample, in all and by application_name. */
  seconds(): { total: number; byConnection: Record<string, number> } {
    const byConnection: Record<string, number> = {};
    let total = 0;
    for (const [pid, last] of this.last) {
      const s = (last - this.first.get(pid)!) / 100;
      total += s;
      const kind = this.kind.get(pid)!;
      byConnection[kind] = (byConnection[kind] ?? 0) + s;
    }
    return { total, byConnection };
  }

  get backends() {
    return this.last.size;
  }
}

// ------------------------------------------------------------------------------------- setup

async function http<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  url: string,
  token: string,
  json?: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/**
 * Users and their sessions straight into the database: signing in 1,000 agents through the
 * API would spend minutes in scrypt, which is not what this measures. Everything routing
 * sees (queue, site, agent profiles, states) goes through the API.
 */
async function seedUsers(server: Server, tenantId: string, count: number, role: Role, prefix: string) {
  const db = server.database.db;
  const hash = await hashPassword(randomUUID());
  const users = await db
    .insertInto('users')
    .values(
      Array.from({ length: count }, (_, i) => ({
        tenant_id: tenantId,
        email: `${prefix}${i}@bench.test`,
        display_name: `${prefix} ${String(i).padStart(4, '0')}`,
        password_hash: hash,
        role,
        locale: 'en' as const,
      })),
    )
    .returning('id')
    .execute();
  const tokens = users.map(() => newSessionToken());
  await db
    .insertInto('sessions')
    .values(
      users.map((u, i) => ({
        token_hash: hashSessionToken(tokens[i]!),
        user_id: u.id,
        tenant_id: tenantId,
        expires_at: new Date(Date.now() + 24 * 3_600_000),
      })),
    )
    .execute();
  return users.map((u, i) => ({ id: u.id, token: tokens[i]! }));
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function pooled<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

// ------------------------------------------------------------------------------------ checks

interface OfferSpan {
  interaction_id: string;
  agent_id: string;
  status: string;
  from: number;
  to: number;
}

/** The most spans open at one moment (an end and a start at the same instant do not overlap). */
function maxOverlap(spans: OfferSpan[]): number {
  const points = spans.flatMap((s): [number, number][] => [
    [s.from, 1],
    [s.to, -1],
  ]);
  points.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let open = 0;
  let max = 0;
  for (const [, delta] of points) {
    open += delta;
    max = Math.max(max, open);
  }
  return max;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

// -------------------------------------------------------------------------------------- run

async function main() {
  const scratch = `hotline_bench_routing_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${scratch}`;
  const databaseUrl = url.toString();
  const pgVersion = (await admin.query<{ v: string }>('show server_version')).rows[0]!.v;

  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    HOTLINE_DEMO: '0',
    LOG_LEVEL: 'warn',
    // The arrivals all come from 127.0.0.1: the widget's per-IP limits would refuse most.
    HOTLINE_WEBCHAT_IP_PER_MINUTE: String(1e9),
    HOTLINE_WEBCHAT_STARTS_PER_MINUTE: String(1e9),
  });
  let server: Server | undefined;
  const child = fork(fileURLToPath(new URL('./routing-load.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    server = await createServer(config, { logger: process.env.BENCH_LOG === '1' });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const tenant = await createTenant(server.database.db, { slug: 'bench', name: 'Bench' });
    const [tenantAdmin] = await seedUsers(server, tenant.id, 1, 'tenant_admin', 'admin');
    const [supervisor] = await seedUsers(server, tenant.id, 1, 'supervisor', 'supervisor');
    const agents = await seedUsers(server, tenant.id, AGENTS, 'agent', 'agent');
    const queue = await http<{ id: string }>(baseUrl, 'POST', '/api/v1/queues', supervisor!.token, {
      code: 'chat',
      name: 'Chat',
      channels: ['chat'],
      wrapUpSeconds: 0,
    });
    const site = await http<{ siteKey: string }>(
      baseUrl,
      'POST',
      '/api/v1/webchat-sites',
      tenantAdmin!.token,
      {
        name: 'Bench shop',
        queueId: queue.id,
      },
    );
    await pooled(agents, 8, async (agent) => {
      await http(baseUrl, 'PUT', `/api/v1/agents/${agent.id}`, supervisor!.token, {
        skills: [],
        capacity: { voice: 0, chat: CAPACITY, email: 0 },
      });
    });
    // A database in service has statistics; a scratch one gets them before autovacuum would.
    await sql`analyze`.execute(server.database.db);
    progress('seeded', { agents: AGENTS, database: scratch });

    const messages: FromLoad[] = [];
    let wake: (() => void) | null = null;
    child.on('message', (message: FromLoad) => {
      messages.push(message);
      wake?.();
    });
    const next = async <K extends FromLoad['kind']>(kind: K): Promise<Extract<FromLoad, { kind: K }>> => {
      for (;;) {
        const failed = messages.find((m) => m.kind === 'failed');
        if (failed && failed.kind === 'failed') throw new Error(`load generator: ${failed.message}`);
        const found = messages.find((m) => m.kind === kind);
        if (found) return found as Extract<FromLoad, { kind: K }>;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    };
    const plan: LoadPlan = {
      baseUrl,
      arrivals: ARRIVALS,
      siteKey: site.siteKey,
      queueId: queue.id,
      supervisorToken: supervisor!.token,
      agents,
      rate: RATE,
      seconds: SECONDS,
      drainSeconds: DRAIN_SECONDS,
      thinkMs: THINK_MS,
      handleMs: HANDLE_MS,
    };
    child.send({ kind: 'plan', plan } satisfies ToLoad);
    const ready = await next('ready');
    // The passes and feed reads set off by 1,000 agents turning available settle first.
    await server.routing.idle();
    await new Promise((r) => setTimeout(r, 2000));
    progress('agents connected and available', {
      connectSeconds: ready.connectMs / 1000,
      streams: server.events.clientCount,
    });

    // ---- measured window
    const backendCpu = new BackendCpu(admin, scratch);
    await backendCpu.sample();
    const statsBefore = { ...server.routing.stats };
    const cpuBefore = process.cpuUsage();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const machineBefore = machineTicks();
    let maxRss = 0;
    let maxHeap = 0;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      maxRss = Math.max(maxRss, memory.rss);
      maxHeap = Math.max(maxHeap, memory.heapUsed);
      void backendCpu.sample().catch(() => undefined);
    }, 1000);
    const started = Date.now();
    child.send({ kind: 'go' } satisfies ToLoad);
    progress('arrivals', { rate: RATE, seconds: SECONDS, via: ARRIVALS });
    await next('arrivals_done');
    const windowSeconds = (Date.now() - started) / 1000;
    const serverCpu = process.cpuUsage(cpuBefore);
    loopDelay.disable();
    await backendCpu.sample();
    const pgSeconds = backendCpu.seconds();
    const machineAfter = machineTicks();
    const loadAverage = os.loadavg();
    const memoryAtEnd = process.memoryUsage();
    progress('arrivals done; draining', { seconds: windowSeconds });
    const { result } = await next('done');
    clearInterval(sampler);
    const routingStats = Object.fromEntries(
      Object.entries(server.routing.stats).map(([k, v]) => [
        k,
        v - statsBefore[k as keyof typeof statsBefore],
      ]),
    );
    progress('drained', result.counts);

    const figures = await analyse(server, tenant.id, result);
    const cpuPercent = (micros: number) => +(micros / 1e4 / windowSeconds).toFixed(1);
    const out = {
      when: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGiB: +(os.totalmem() / 1024 ** 3).toFixed(1),
        node: process.version,
        postgres: pgVersion,
        // Busy share of all cores over the arrivals, everything on the machine included.
        machineBusyPercent: +(
          (100 * (machineAfter.busy - machineBefore.busy)) /
          (machineAfter.total - machineBefore.total)
        ).toFixed(1),
        loadAverage: loadAverage.map((v) => +v.toFixed(2)),
      },
      settings: {
        agents: AGENTS,
        rate: RATE,
        seconds: SECONDS,
        chatCapacity: CAPACITY,
        thinkMs: THINK_MS,
        handleMs: HANDLE_MS,
        arrivals:
          ARRIVALS === 'webchat'
            ? 'POST /api/v1/webchat/sites/:siteKey/conversations'
            : 'POST /api/v1/interactions',
        loadGenerator: 'child process',
        offerTimeoutSeconds: config.offerTimeoutSeconds,
      },
      ...figures,
      routing: routingStats,
      load: result.counts,
      resources: {
        arrivalsSeconds: +windowSeconds.toFixed(1),
        server: {
          cpuPercentOfOneCore: cpuPercent(serverCpu.user + serverCpu.system),
          maxRssMiB: mib(maxRss),
          maxHeapUsedMiB: mib(maxHeap),
          rssAtEndMiB: mib(memoryAtEnd.rss),
          heapUsedAtEndMiB: mib(memoryAtEnd.heapUsed),
          eventLoopDelayMs: {
            p50: +(loopDelay.percentile(50) / 1e6).toFixed(1),
            p99: +(loopDelay.percentile(99) / 1e6).toFixed(1),
            max: +(loopDelay.max / 1e6).toFixed(1),
          },
        },
        loadGenerator: {
          cpuPercentOfOneCore: cpuPercent(result.cpu.user + result.cpu.system),
          maxRssMiB: mib(result.maxRssBytes),
        },
        postgres: {
          cpuPercentOfOneCore: +((100 * pgSeconds.total) / windowSeconds).toFixed(1),
          byConnection: Object.fromEntries(
            Object.entries(pgSeconds.byConnection).map(([k, v]) => [
              k,
              +((100 * v) / windowSeconds).toFixed(1),
            ]),
          ),
          backends: backendCpu.backends,
        },
      },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    child.kill();
    await server?.close().catch(() => undefined);
    await admin.query(`drop database if exists ${scratch} with (force)`);
    await admin.end();
  }
}

/** Latencies and the safety checks, from the client's timings and the database's history. */
async function analyse(server: Server, tenantId: string, result: LoadResult) {
  const db = server.database.db;
  const created = result.arrivals.filter((a) => a.ref !== null);
  // Web chat answers with the conversation; its interaction is in the database.
  const interactionOf = new Map<string, string>();
  if (ARRIVALS === 'webchat') {
    const rows = await db
      .selectFrom('webchat_conversations')
      .select(['id', 'interaction_id'])
      .where('tenant_id', '=', tenantId)
      .execute();
    for (const r of rows) interactionOf.set(r.id, r.interaction_id);
  }
  const clientMs: number[] = [];
  for (const arrival of created) {
    const id = ARRIVALS === 'webchat' ? interactionOf.get(arrival.ref!) : arrival.ref!;
    const offeredAt = id ? result.firstOffers[id] : undefined;
    if (offeredAt !== undefined) clientMs.push(offeredAt - arrival.sentAt);
  }

  const { rows: firstOffers } = await sql<{ id: string; status: string; offers: number; ms: number | null }>`
    select i.id, i.status, count(o.id)::int as offers,
      extract(epoch from (min(o.offered_at) - i.enqueued_at)) * 1000 as ms
    from interactions i left join offers o on o.interaction_id = i.id
    where i.tenant_id = ${tenantId}
    group by i.id
  `.execute(db);
  const offers = await db
    .selectFrom('offers')
    .select(['interaction_id', 'agent_id', 'status', 'offered_at', 'answered_at', 'ended_at'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const capacity = new Map(
    (
      await db
        .selectFrom('agents')
        .select(['user_id', 'capacity_chat'])
        .where('tenant_id', '=', tenantId)
        .execute()
    ).map((a) => [a.user_id, a.capacity_chat]),
  );
  const spans: OfferSpan[] = offers.map((o) => ({
    interaction_id: o.interaction_id,
    agent_id: o.agent_id,
    status: o.status,
    from: o.offered_at.getTime(),
    to: (o.status === 'accepted' ? o.ended_at : o.answered_at)?.getTime() ?? Number.POSITIVE_INFINITY,
  }));
  // Two live offers at once, to one agent or to two: the offers' spans of one interaction overlap.
  const offeredTwice = [...groupBy(spans, (s) => s.interaction_id).values()].filter(
    (list) => maxOverlap(list) > 1,
  ).length;
  const overCapacity = [...groupBy(spans, (s) => s.agent_id).entries()].filter(
    ([agent, list]) => maxOverlap(list) > (capacity.get(agent) ?? 0),
  ).length;
  const statuses: Record<string, number> = {};
  for (const r of firstOffers) statuses[r.status] = (statuses[r.status] ?? 0) + 1;

  return {
    arrivals: {
      sent: result.arrivals.length,
      created: created.length,
      failed: result.arrivals.length - created.length,
      failedStatuses: countBy(result.arrivals.filter((a) => a.ref === null).map((a) => String(a.status))),
      requestMs: summary(created.map((a) => a.respondedAt - a.sentAt)),
    },
    arrivalToOfferMs: {
      /** Request sent → `interaction.offered` read from the agent's WebSocket. */
      atAgentSocket: summary(clientMs),
      /** offers.offered_at − interactions.enqueued_at (server clock, from the arrival's transaction). */
      inDatabase: summary(firstOffers.filter((r) => r.ms !== null).map((r) => Number(r.ms))),
    },
    safety: {
      interactions: firstOffers.length,
      // Acknowledged but with no interaction, or ended without ever reaching an agent. An
      // interaction still queued when the drain ends is not lost: it is the backlog, below.
      lost:
        Math.max(0, created.length - firstOffers.length) +
        firstOffers.filter((r) => r.offers === 0 && r.status !== 'queued').length,
      stillQueuedAtEnd: firstOffers.filter((r) => r.offers === 0 && r.status === 'queued').length,
      offeredTwice,
      agentsOverCapacity: overCapacity,
      offeredMoreThanOnce: firstOffers.filter((r) => r.offers > 1).length,
      statusAtEnd: statuses,
    },
  };
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
