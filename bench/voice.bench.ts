/**
 * The SIP edge under load: the real server in this process with its SIP edge, N agents whose
 * phones are one sipp (registered through the edge's registrar, each answering and talking
 * back with a looped tone), and customers' calls from a second sipp at a set rate and
 * concurrency, each talking for a set time. Every call is queued, offered by the ACD, rung on
 * the agent's phone, bridged both ways and recorded as stereo WAV; the benchmark wraps each
 * call up as the agent's desktop would, so the agent takes the next call.
 *
 * Prints a table and, as JSON, calls attempted / answered / recorded, calls a second handled,
 * the most calls bridged and recorded at once, the lateness of the RTP packets the edge sent
 * against their 20 ms schedule (p50/p99/max, from the edge's own media clock), packets lost
 * both ways (sequence gaps at the edge, datagrams the kernel dropped on either side's
 * sockets), the recordings' durations against the calls', and the CPU of the server, of each
 * sipp and of the machine. Run with `npm run bench:voice`; record the figures in bench/README.md.
 *
 *   BENCH_DATABASE_URL      a PostgreSQL server where a scratch database may be created
 *                           (default postgres://postgres@127.0.0.1:5432/postgres); `pglite`: the
 *                           embedded engine in a temporary folder
 *   BENCH_CPS               new calls a second (default 20)
 *   BENCH_CALLS_CONCURRENT  calls to hold bridged at once (default BENCH_CPS × BENCH_HOLD_SECONDS)
 *   BENCH_HOLD_SECONDS      how long each customer talks once answered (default 5)
 *   BENCH_SECONDS           how long calls arrive (default 30): BENCH_CPS × BENCH_SECONDS calls
 *   BENCH_AGENTS            agents with a phone (default concurrent + 2 × cps: two seconds'
 *                           slack for ringing and wrap-up); the customers' sipp may hold these plus the
 *                           callers still in the welcome or queued (-l)
 *   BENCH_SIP_PORT          the edge's SIP port (default 16060; the phones take the next ones)
 *   BENCH_RTP_PORTS         the edge's RTP ports (default 41000-44999, apart from the tests')
 *   BENCH_PROBE=1           files the event loop's stalls over 30 ms by cause (voice-stall-probe.ts)
 *   BENCH_LOG=1             the server's warnings and errors on stderr
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { builtInPrompt } from '../src/channels/voice/edge/players.ts';
import { ha1 } from '../src/channels/voice/sip/digest-auth.ts';
import { hashPassword } from '../src/kernel/auth/password.ts';
import { hashSessionToken, newSessionToken } from '../src/kernel/auth/session-token.ts';
import { loadConfig } from '../src/kernel/config.ts';
import type { Role } from '../src/kernel/db/schema.ts';
import { createTenant } from '../src/kernel/tenancy/tenancy.service.ts';
import { createServer, type Server } from '../src/server.ts';
import { toneWav } from '../test/support/sipp.ts';
import {
  BackendCpu,
  machineTicks,
  processTicks,
  readSippStats,
  type SippInstance,
  SocketDrops,
  schedStat,
  startSipp,
  udpCounters,
} from './voice-sipp.ts';
import { type StallReport, startStallProbe } from './voice-stall-probe.ts';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PGLITE = ADMIN_URL === 'pglite';
const CPS = num('BENCH_CPS', 20);
const HOLD_SECONDS = num('BENCH_HOLD_SECONDS', 5);
const CONCURRENT = num('BENCH_CALLS_CONCURRENT', Math.ceil(CPS * HOLD_SECONDS));
const SECONDS = num('BENCH_SECONDS', 30);
const CALLS = Math.round(CPS * SECONDS);
const AGENTS = num('BENCH_AGENTS', CONCURRENT + Math.ceil(2 * CPS));
// The edge answers at once and plays its welcome before queueing: a customer stays on for the
// welcome, a second for queueing and ringing, then BENCH_HOLD_SECONDS with the agent.
const WELCOME_MS = Math.round(builtInPrompt('welcome', 'zh').length / 8);
const TALK_MS = WELCOME_MS + 1000 + Math.round(HOLD_SECONDS * 1000);
const CUSTOMER_LIMIT = AGENTS + Math.ceil((CPS * (WELCOME_MS + 2000)) / 1000);
const SIP_PORT = num('BENCH_SIP_PORT', 16060);
const RTP_PORTS = process.env.BENCH_RTP_PORTS ?? '41000-44999';
const AGENT_PHONES = { sip: SIP_PORT + 2, media: 50_000, mediaMax: 53_999 };
const CUSTOMERS = { sip: SIP_PORT + 4, media: 54_000, mediaMax: 57_999 };
/** The phones' registrations come from ports above this one, one sipp each. */
const REGISTRAR_PORT = SIP_PORT + 6;
const HOTLINE_NUMBER = '4008009000';
const REALM = 'hotline';
const CALLER_HZ = 440;

function num(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

function progress(step: string, figures: unknown = '') {
  process.stderr.write(`${new Date().toISOString()} ${step} ${JSON.stringify(figures)}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (v: number, digits = 1) => +v.toFixed(digits);

function summary(values: number[]) {
  if (values.length === 0) return { n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!);
  return {
    n: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    min: round(sorted[0]!),
    max: round(sorted.at(-1)!),
  };
}

/** Events a second over the span from the first to the last. */
function ratePerSecond(times: number[]): number {
  if (times.length < 2) return 0;
  const sorted = [...times].sort((a, b) => a - b);
  return round(((sorted.length - 1) * 1000) / (sorted.at(-1)! - sorted[0]!), 2);
}

/** The most intervals open at one moment (an end and a start at the same instant do not overlap). */
function maxOverlap(spans: { from: number; to: number }[]): number {
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

async function http<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  url: string,
  token: string,
  json?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

async function must<T = Record<string, unknown>>(...args: Parameters<typeof http>): Promise<T> {
  const res = await http<T>(...args);
  if (res.status >= 300) throw new Error(`${args[1]} ${args[2]}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Users and sessions straight into the database (signing 200 agents in is scrypt, not voice). */
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
  return users.map((u, i) => ({ id: u.id, token: tokens[i]!, sipUser: `bench.${prefix}${i}` }));
}

async function pooled<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** A scratch database on PostgreSQL (dropped afterwards), or PGlite in a temporary folder. */
async function scratchDatabase(): Promise<{
  env: Record<string, string>;
  label: string;
  /** The scratch database's name on PostgreSQL. */
  name?: string;
  drop(): Promise<void>;
}> {
  if (PGLITE) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-voice-db-'));
    return {
      env: { HOTLINE_DATA_DIR: dir },
      label: 'PGlite (in-process)',
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const scratch = `hotline_bench_voice_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${scratch}`);
  const version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!
    .v;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${scratch}`;
  return {
    env: { DATABASE_URL: url.toString() },
    label: `PostgreSQL ${version}`,
    name: scratch,
    drop: async () => {
      await admin.query(`drop database if exists ${scratch} with (force)`);
      await admin.end();
    },
  };
}

// -------------------------------------------------------------------------------------- run

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-voice-'));
  const recordings = path.join(work, 'recordings');
  const database = await scratchDatabase();
  const config = loadConfig({
    ...process.env,
    ...database.env,
    HOTLINE_DEMO: '0',
    LOG_LEVEL: 'warn',
    HOTLINE_SIP_PORT: String(SIP_PORT),
    HOTLINE_SIP_HOST: '127.0.0.1',
    HOTLINE_RTP_PORTS: RTP_PORTS,
    HOTLINE_RECORDINGS_DIR: recordings,
    // The customers' sipp is the trunk: every call from 127.0.0.1, as from a carrier's gateway.
    HOTLINE_SIP_TRUSTED: '127.0.0.1',
    HOTLINE_ROUTING_SWEEP_MS: '250',
  });
  const [rtpMin, rtpMax] = [config.voice.rtpPortMin, config.voice.rtpPortMax];
  const sipps: SippInstance[] = [];
  let server: Server | undefined;
  try {
    server = await createServer(config, { logger: process.env.BENCH_LOG === '1' });
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const edge = `127.0.0.1:${server.voice.port}`;
    const db = server.database.db;

    // ---- a tenant, a voice queue and number, agents with SIP accounts
    const tenant = await createTenant(db, { slug: 'bench', name: 'Bench' });
    const [supervisor] = await seedUsers(server, tenant.id, 1, 'supervisor', 'supervisor');
    const agents = await seedUsers(server, tenant.id, AGENTS, 'agent', 'agent');
    const queue = await must<{ id: string }>(baseUrl, 'POST', '/api/v1/queues', supervisor!.token, {
      code: 'hotline',
      name: 'Hotline',
      channels: ['voice'],
      wrapUpSeconds: 0,
    });
    await db
      .insertInto('voice_numbers')
      .values({ number: HOTLINE_NUMBER, tenant_id: tenant.id, queue_id: queue.id, label: 'Bench hotline' })
      .execute();
    await pooled(agents, 8, async (agent) => {
      await must(baseUrl, 'PUT', `/api/v1/agents/${agent.id}`, supervisor!.token, {
        skills: [],
        capacity: { voice: 1, chat: 0, email: 0 },
      });
    });
    await db
      .insertInto('sip_accounts')
      .values(
        agents.map((a) => ({
          user_id: a.id,
          tenant_id: tenant.id,
          username: a.sipUser,
          ha1_md5: ha1(a.sipUser, REALM, `${a.sipUser}-secret`, 'MD5'),
          ha1_sha256: ha1(a.sipUser, REALM, `${a.sipUser}-secret`, 'SHA-256'),
        })),
      )
      .execute();

    // ---- the phones register through the edge (digest auth), all at the agents' sipp
    // One short sipp per phone (register.xml from the tests), a few at a time: sipp cannot
    // take each phone's credentials from an injection file into its digest answer.
    let port = REGISTRAR_PORT;
    const failures: string[] = [];
    await pooled(agents, 6, async (agent) => {
      port += 2;
      const registering = startSipp({
        scenario: 'register.xml',
        target: edge,
        service: agent.sipUser,
        sipPort: port,
        mediaPort: 58_000 + (port % 1000) * 2,
        keys: { answer_port: AGENT_PHONES.sip },
        args: ['-m', '1', '-au', agent.sipUser, '-ap', `${agent.sipUser}-secret`, '-timeout', '20s'],
        workDir: work,
      });
      if ((await registering.done) !== 0) failures.push(registering.output().slice(-1000));
    });
    const bindings = await db
      .selectFrom('sip_registrations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(bindings.n) !== AGENTS)
      throw new Error(`${bindings.n} of ${AGENTS} phones registered: ${failures[0] ?? ''}`);

    const audio = path.join(work, 'audio');
    fs.mkdirSync(audio);
    const callerWav = toneWav(path.join(audio, 'caller.wav'), CALLER_HZ, 10);
    const phones = startSipp({
      scenario: 'bench-agent.xml',
      sipPort: AGENT_PHONES.sip,
      mediaPort: AGENT_PHONES.media,
      keys: { ring_ms: 200 },
      args: ['-rtp_echo', '-timeout', `${SECONDS + HOLD_SECONDS + 600}s`],
      workDir: work,
    });
    sipps.push(phones);
    await pooled(agents, 8, async (agent) => {
      await must(baseUrl, 'PUT', `/api/v1/agents/${agent.id}/state`, agent.token, { state: 'available' });
    });
    await server.routing.idle();
    await sleep(1000);
    progress('ready', { agents: AGENTS, phones: Number(bindings.n), database: database.label });

    // ---- the agents' desktops: wrap each call up once it has ended, so the agent is free again
    const tokenOf = new Map(agents.map((a) => [a.id, a.token]));
    const wrapped = new Set<string>();
    let wrapUpFailed = 0;
    let wrapping = true;
    const desktops = (async () => {
      while (wrapping) {
        const ended = await db
          .selectFrom('interactions as i')
          .innerJoin('voice_calls as c', 'c.interaction_id', 'i.id')
          .select(['i.id', 'i.agent_id'])
          .where('i.tenant_id', '=', tenant.id)
          .where('i.status', '=', 'active')
          .where('c.ended_at', 'is not', null)
          .execute();
        await pooled(
          ended.filter((e) => e.agent_id && !wrapped.has(e.id)),
          4,
          async (e) => {
            const res = await http(
              baseUrl,
              'POST',
              `/api/v1/interactions/${e.id}/wrap-up`,
              tokenOf.get(e.agent_id!)!,
              {
                code: 'bench',
              },
            );
            if (res.status === 200) wrapped.add(e.id);
            else wrapUpFailed++;
          },
        );
        await sleep(250);
      }
    })();

    // ---- measured window: the customers call
    const drops = new SocketDrops({
      edge: [rtpMin, rtpMax],
      agentPhones: [AGENT_PHONES.media, AGENT_PHONES.mediaMax],
      // sipp's rtp_stream never reads its socket: drops here only say the customers' sipp is deaf.
      customers: [CUSTOMERS.media, CUSTOMERS.mediaMax],
    });
    const udpBefore = udpCounters();
    const mediaBefore = server.voice.media;
    const cpuBefore = process.cpuUsage();
    const schedBefore = schedStat(process.pid);
    const probe = process.env.BENCH_PROBE === '1' ? startStallProbe() : undefined;
    const postgres = database.name ? new BackendCpu(database.name) : undefined;
    postgres?.sample();
    const machineBefore = machineTicks();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const started = Date.now();
    const customers = startSipp({
      scenario: 'bench-caller.xml',
      target: edge,
      service: HOTLINE_NUMBER,
      sipPort: CUSTOMERS.sip,
      mediaPort: CUSTOMERS.media,
      keys: { caller_audio: callerWav, talk_ms: TALK_MS },
      args: [
        '-r',
        String(CPS),
        '-l',
        String(CUSTOMER_LIMIT),
        '-m',
        String(CALLS),
        '-recv_timeout',
        '60000',
        '-timeout',
        `${SECONDS + HOLD_SECONDS + 300}s`,
      ],
      workDir: work,
    });
    sipps.push(customers);
    const sippTicks = { phones: processTicks(phones.child.pid) ?? 0, customers: 0 };
    let customersTicks = 0;
    let phonesTicks = sippTicks.phones;
    let maxInProgress = 0;
    let maxRss = 0;
    const sampler = setInterval(() => {
      drops.sample();
      customersTicks = processTicks(customers.child.pid) ?? customersTicks;
      phonesTicks = processTicks(phones.child.pid) ?? phonesTicks;
      maxInProgress = Math.max(maxInProgress, server!.voice.stats.callsInProgress);
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
    }, 1000);
    const exit = await customers.done;
    const windowSeconds = (Date.now() - started) / 1000;
    const serverCpu = process.cpuUsage(cpuBefore);
    const schedAfter = schedStat(process.pid);
    const stalls: StallReport | undefined = await probe?.stop();
    postgres?.sample();
    const machineAfter = machineTicks();
    loopDelay.disable();
    clearInterval(sampler);
    drops.sample();
    progress('customers done', { exit, seconds: windowSeconds });

    // Every call's record closed and recording saved, then the agents' wrap-ups.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const open = await db
        .selectFrom('voice_calls')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenant.id)
        .where('ended_at', 'is', null)
        .executeTakeFirstOrThrow();
      if (Number(open.n) === 0 && server.voice.stats.callsInProgress === 0) break;
      await sleep(250);
    }
    await sleep(500);
    wrapping = false;
    await desktops;
    const media = server.voice.media;
    const udpAfter = udpCounters();
    phones.stop();
    await phones.done;

    // ---- figures
    const customerStats = readSippStats(customers.statFile);
    const phoneStats = readSippStats(phones.statFile);
    const calls = await db
      .selectFrom('voice_calls as c')
      .leftJoin('voice_recordings as r', 'r.id', 'c.recording_id')
      .select([
        'c.arrived_at',
        'c.answered_at',
        'c.ended_at',
        'c.ended_by',
        'c.end_reason',
        'r.file',
        'r.duration_ms',
        'r.bytes',
      ])
      .where('c.tenant_id', '=', tenant.id)
      .execute();
    const events = await db
      .selectFrom('voice_call_events')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', tenant.id)
      .groupBy('kind')
      .execute();
    const answered = calls.filter((c) => c.answered_at && c.ended_at);
    const recorded = answered.filter((c) => c.file);
    const bridgedSpans = recorded.map((c) => ({ from: c.answered_at!.getTime(), to: c.ended_at!.getTime() }));
    // A recording should last as long as the call was bridged (both ends on one clock).
    const recordingShortfallMs = recorded.map(
      (c) => c.ended_at!.getTime() - c.answered_at!.getTime() - c.duration_ms!,
    );
    const filesOk = recorded.filter((c) => {
      const file = path.join(recordings, c.file!);
      return fs.existsSync(file) && fs.statSync(file).size === c.bytes;
    }).length;
    const answerMs = answered.map((c) => c.answered_at!.getTime() - c.arrived_at.getTime());
    const endReasons: Record<string, number> = {};
    for (const c of calls) {
      const key = `${c.ended_by ?? 'open'}: ${c.end_reason ?? ''}`;
      endReasons[key] = (endReasons[key] ?? 0) + 1;
    }
    const attempted = Number(customerStats.TotalCallCreated ?? CALLS);
    const succeeded = Number(customerStats['SuccessfulCall(C)'] ?? 0);
    const lateness = media.lateness;
    // The window's own packets: the run before it (registration) sent none, but be exact.
    const packetsOut = media.packetsOut - mediaBefore.packetsOut;
    const packetsIn = media.packetsIn - mediaBefore.packetsIn;
    const ticks = (t: number) => round(t / windowSeconds, 1); // ticks are 1/100 s: % of one core
    const socketDrops = drops.totals();
    const udp = Object.fromEntries(
      ['InDatagrams', 'OutDatagrams', 'InErrors', 'RcvbufErrors', 'SndbufErrors'].map((k) => [
        k,
        (udpAfter[k] ?? 0) - (udpBefore[k] ?? 0),
      ]),
    );

    const out = {
      when: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        database: database.label,
        machineBusyPercent: round(
          (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total),
        ),
        loadAverage: os.loadavg().map((v) => round(v, 2)),
      },
      settings: {
        welcomeMs: WELCOME_MS,
        customerTalkMs: TALK_MS,
        customersSippLimit: CUSTOMER_LIMIT,
        cps: CPS,
        concurrent: CONCURRENT,
        holdSeconds: HOLD_SECONDS,
        seconds: SECONDS,
        calls: CALLS,
        agents: AGENTS,
      },
      calls: {
        attempted,
        succeededAtCaller: succeeded,
        failedAtCaller: Number(customerStats['FailedCall(C)'] ?? 0),
        answeredAndEnded: answered.length,
        recorded: recorded.length,
        recordingFilesOk: filesOk,
        wrappedUp: wrapped.size,
        wrapUpFailed,
        agentPhonesSucceeded: Number(phoneStats['SuccessfulCall(C)'] ?? 0),
        agentPhonesFailed: Number(phoneStats['FailedCall(C)'] ?? 0),
        endReasons,
        callEvents: Object.fromEntries(events.map((e) => [e.kind, Number(e.n)])),
        arrivalsPerSecond: ratePerSecond(calls.map((c) => c.arrived_at.getTime())),
        // Calls answered by an agent and recorded, by when they arrived.
        handledPerSecond: ratePerSecond(recorded.map((c) => c.arrived_at.getTime())),
        maxBridgedAndRecorded: maxOverlap(bridgedSpans),
        maxCallsInProgressAtEdge: maxInProgress,
        arrivalToAnsweredMs: summary(answerMs),
        recordingShortfallMs: summary(recordingShortfallMs),
        windowSeconds: round(windowSeconds),
      },
      media: {
        legs: media.legs - mediaBefore.legs,
        packetsOut,
        packetsIn,
        latenessMs: {
          p50: round(lateness.percentile(0.5)),
          p99: round(lateness.percentile(0.99)),
          p999: round(lateness.percentile(0.999)),
          max: round(lateness.maxMs),
        },
        framesSkippedOut: media.skippedOut - mediaBefore.skippedOut,
        lostIn: media.lostIn - mediaBefore.lostIn,
        socketDrops,
        udp,
      },
      cpu: {
        serverPercentOfOneCore: round((serverCpu.user + serverCpu.system) / 1e4 / windowSeconds),
        postgresPercentOfOneCore: postgres ? round((100 * postgres.seconds) / windowSeconds) : null,
        customersSippPercent: ticks(customersTicks),
        agentPhonesSippPercent: ticks(phonesTicks - sippTicks.phones),
        maxRssMiB: Math.round(maxRss / 1024 / 1024),
        // The server's main thread: time it was ready to run but another process had the CPU.
        mainThreadRunQueueWaitMs:
          schedBefore && schedAfter ? Math.round((schedAfter.waitNs - schedBefore.waitNs) / 1e6) : null,
        stalls,
        eventLoopDelayMs: {
          p50: round(loopDelay.percentile(50) / 1e6),
          p99: round(loopDelay.percentile(99) / 1e6),
          max: round(loopDelay.max / 1e6),
        },
      },
    };
    const clean =
      out.media.latenessMs.p99 <= 20 &&
      out.media.lostIn === 0 &&
      out.media.framesSkippedOut === 0 &&
      socketDrops.edge!.drops === 0 &&
      socketDrops.agentPhones!.drops === 0;
    const table: [string, string][] = [
      ['calls attempted / succeeded / failed', `${attempted} / ${succeeded} / ${out.calls.failedAtCaller}`],
      ['answered / recorded (files ok)', `${answered.length} / ${recorded.length} (${filesOk})`],
      [
        'calls a second: arrived / answered and recorded',
        `${out.calls.arrivalsPerSecond} / ${out.calls.handledPerSecond}`,
      ],
      ['most bridged + recorded at once', String(out.calls.maxBridgedAndRecorded)],
      [
        'RTP lateness p50 / p99 / p99.9 / max ms',
        `${out.media.latenessMs.p50} / ${out.media.latenessMs.p99} / ${out.media.latenessMs.p999} / ${out.media.latenessMs.max}`,
      ],
      ['packets out / in', `${packetsOut} / ${packetsIn}`],
      [
        'lost: seq gaps at edge / frames skipped / kernel drops edge, phones',
        `${out.media.lostIn} / ${out.media.framesSkippedOut} / ${socketDrops.edge!.drops}, ${socketDrops.agentPhones!.drops}`,
      ],
      [
        'arrival → answered p50 / p99 ms',
        `${out.calls.arrivalToAnsweredMs.p50} / ${out.calls.arrivalToAnsweredMs.p99}`,
      ],
      [
        'recording shorter than the call p50 / max ms',
        `${out.calls.recordingShortfallMs.p50} / ${out.calls.recordingShortfallMs.max}`,
      ],
      [
        'CPU: server / PostgreSQL / customers sipp / phones sipp / machine',
        `${out.cpu.serverPercentOfOneCore}% / ${out.cpu.postgresPercentOfOneCore ?? '-'}% / ${out.cpu.customersSippPercent}% / ${out.cpu.agentPhonesSippPercent}% / ${out.machine.machineBusyPercent}% of 2`,
      ],
      [
        'server main thread: waited for a CPU / event loop delay p99 / max ms',
        `${out.cpu.mainThreadRunQueueWaitMs} / ${out.cpu.eventLoopDelayMs.p99} / ${out.cpu.eventLoopDelayMs.max}`,
      ],
      ['audio clean (p99 ≤ 20 ms, no loss)', clean ? 'yes' : 'NO'],
    ];
    const width = Math.max(...table.map(([k]) => k.length));
    process.stderr.write(`\n${table.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n\n`);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    if (exit !== 0) progress('customers sipp exit', { exit, output: customers.output().slice(-2000) });
  } finally {
    for (const s of sipps) s.stop();
    await Promise.all(sipps.map((s) => s.done));
    await server?.close().catch(() => undefined);
    await database.drop().catch(() => undefined);
    if (process.env.BENCH_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    // Whatever still holds the event loop after the server closed is named, then the run ends.
    setTimeout(() => {
      progress('still open after close', process.getActiveResourcesInfo());
      process.exit();
    }, 5000).unref();
  });
