/**
 * The load side of `npm run bench:routing`, run as a child process of routing.bench.ts so its
 * CPU is not counted as the server's: 1,000 agents' desktops on the WebSocket feed, and the
 * customers starting chats at a fixed rate through the public HTTP API.
 *
 * Each agent's client signs in to `/api/v1/stream`, turns available, and on every
 * `interaction.offered` addressed to it accepts after a short think time, holds the chat for a
 * random handling time and wraps it up (the queue has no wrap-up time, so the slot frees at
 * once). An agent the ACD set busy for a missed offer turns available again.
 *
 * Timings are `performance.now()` of this process: an arrival's send and the moment its offer
 * reached the agent's socket are read on one clock.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface LoadPlan {
  baseUrl: string;
  /** `webchat`: the widget's public start; `api`: POST /api/v1/interactions as a supervisor. */
  arrivals: 'webchat' | 'api';
  siteKey: string;
  queueId: string;
  supervisorToken: string;
  agents: { id: string; token: string }[];
  rate: number;
  seconds: number;
  drainSeconds: number;
  thinkMs: [number, number];
  handleMs: [number, number];
}

export interface Arrival {
  sentAt: number;
  respondedAt: number;
  status: number;
  /** The interaction id (api) or the web chat conversation id (webchat); null on failure. */
  ref: string | null;
}

export interface LoadResult {
  arrivals: Arrival[];
  /** Interaction id → when its first offer reached an agent's socket. */
  firstOffers: Record<string, number>;
  counts: Record<string, number>;
  /** CPU of this process over the arrivals, µs. */
  cpu: NodeJS.CpuUsage;
  maxRssBytes: number;
  arrivalsMs: number;
}

export type ToLoad = { kind: 'plan'; plan: LoadPlan } | { kind: 'go' };
export type FromLoad =
  | { kind: 'ready'; connectMs: number }
  | { kind: 'arrivals_done' }
  | { kind: 'done'; result: LoadResult }
  | { kind: 'failed'; message: string };

const counts: Record<string, number> = {
  offers: 0,
  accepted: 0,
  acceptFailed: 0,
  wrappedUp: 0,
  wrapUpFailed: 0,
  backFromMissedOffer: 0,
  socketsClosed: 0,
  streamErrors: 0,
  arrivalErrors: 0,
};
const firstOffers: Record<string, number> = {};
let inFlight = 0;
let maxRss = 0;

const send = (message: FromLoad) => process.send?.(message);
const between = ([lo, hi]: [number, number]) => lo + Math.random() * (hi - lo);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Plain node:http with kept-alive sockets: fetch costs this process several times the CPU,
// which on a 2-core machine comes out of the server's share.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function request(plan: LoadPlan, method: string, url: string, token: string | null, json?: unknown) {
  const body = json === undefined ? undefined : JSON.stringify(json);
  const headers: Record<string, string | number> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise<{ status: number; body: Record<string, unknown> | null }>((resolve, reject) => {
    const req = http.request(`${plan.baseUrl}${url}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
          });
        } catch (err) {
          reject(err);
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `work` counted as in flight, so the drain knows when the agents are done. */
async function tracked(work: () => Promise<void>) {
  inFlight++;
  try {
    await work();
  } finally {
    inFlight--;
  }
}

class AgentClient {
  private socket: WebSocket | null = null;

  constructor(
    private readonly plan: LoadPlan,
    readonly id: string,
    private readonly token: string,
  ) {}

  /** Opens the stream; resolves once the hub says it is live. */
  connect(): Promise<void> {
    const url = `${this.plan.baseUrl.replace('http', 'ws')}/api/v1/stream?token=${this.token}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.on('close', () => counts.socketsClosed!++);
      socket.on('message', (data) => {
        const at = performance.now();
        const message = JSON.parse(String(data)) as {
          kind: string;
          type?: string;
          aggregateId?: string;
          payload?: Record<string, unknown>;
        };
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'error') counts.streamErrors!++;
        else if (message.kind === 'event')
          this.onEvent(message.type!, message.aggregateId!, message.payload!, at);
      });
    });
  }

  async available() {
    const res = await request(this.plan, 'PUT', `/api/v1/agents/${this.id}/state`, this.token, {
      state: 'available',
    });
    if (res.status !== 200) throw new Error(`agent ${this.id} available: ${res.status}`);
  }

  close() {
    this.socket?.close();
  }

  private onEvent(type: string, interactionId: string, payload: Record<string, unknown>, at: number) {
    if (payload.agentId !== this.id) return;
    if (type === 'interaction.offered') {
      counts.offers!++;
      firstOffers[interactionId] ??= at;
      void tracked(() => this.answer(interactionId));
    } else if (type === 'agent.state_changed' && payload.to === 'busy' && payload.reason === 'missed_offer') {
      counts.backFromMissedOffer!++;
      void tracked(() => this.available().catch(() => undefined));
    }
  }

  private async answer(interactionId: string) {
    await sleep(between(this.plan.thinkMs));
    const accepted = await request(
      this.plan,
      'POST',
      `/api/v1/interactions/${interactionId}/accept`,
      this.token,
    );
    if (accepted.status !== 200) {
      counts.acceptFailed!++;
      return;
    }
    counts.accepted!++;
    await sleep(between(this.plan.handleMs));
    const done = await request(
      this.plan,
      'POST',
      `/api/v1/interactions/${interactionId}/wrap-up`,
      this.token,
      {
        code: 'bench',
      },
    );
    if (done.status === 200) counts.wrappedUp!++;
    else counts.wrapUpFailed!++;
  }
}

/** Opens the agents' streams a few at a time and turns them available. */
async function connectAll(plan: LoadPlan): Promise<AgentClient[]> {
  const clients = plan.agents.map((a) => new AgentClient(plan, a.id, a.token));
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < clients.length) {
        const client = clients[next++]!;
        await client.connect();
        await client.available();
      }
    }),
  );
  return clients;
}

async function arrive(plan: LoadPlan, n: number, arrivals: Arrival[]) {
  const sentAt = performance.now();
  const arrival: Arrival = { sentAt, respondedAt: 0, status: 0, ref: null };
  arrivals.push(arrival);
  try {
    const res =
      plan.arrivals === 'webchat'
        ? await request(plan, 'POST', `/api/v1/webchat/sites/${plan.siteKey}/conversations`, null, {
            name: `Visitor ${n}`,
            message: `Hello, this is chat ${n}`,
          })
        : await request(plan, 'POST', '/api/v1/interactions', plan.supervisorToken, {
            channel: 'chat',
            queueId: plan.queueId,
            subject: `chat ${n}`,
            contact: { name: `Visitor ${n}` },
            message: { body: `Hello, this is chat ${n}` },
          });
    arrival.status = res.status;
    const ref = plan.arrivals === 'webchat' ? res.body?.conversationId : res.body?.id;
    arrival.ref = res.status === 201 && typeof ref === 'string' ? ref : null;
  } catch {
    counts.arrivalErrors!++;
  }
  arrival.respondedAt = performance.now();
}

/** `rate` arrivals a second, spaced by the clock (a late timer sends what is due at once). */
async function runArrivals(plan: LoadPlan, arrivals: Arrival[]): Promise<Promise<void>[]> {
  const total = Math.round(plan.rate * plan.seconds);
  const pending: Promise<void>[] = [];
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * plan.rate) + 1);
    while (sent < due) pending.push(arrive(plan, sent++, arrivals));
    const nextAt = started + (sent / plan.rate) * 1000;
    await sleep(Math.max(0, nextAt - performance.now()));
  }
  return pending;
}

async function main(plan: LoadPlan) {
  const connectStarted = performance.now();
  const clients = await connectAll(plan);
  send({ kind: 'ready', connectMs: Math.round(performance.now() - connectStarted) });
  await new Promise<void>((resolve) => {
    process.on('message', (message: ToLoad) => {
      if (message.kind === 'go') resolve();
    });
  });
  const rssTimer = setInterval(() => {
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }, 1000);
  const arrivals: Arrival[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const pending = await runArrivals(plan, arrivals);
  const arrivalsMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  send({ kind: 'arrivals_done' });
  await Promise.all(pending);

  // Drain: every created interaction offered and every accepted chat wrapped up, or time out.
  const created = arrivals.filter((a) => a.ref !== null).length;
  const deadline = performance.now() + plan.drainSeconds * 1000;
  while (performance.now() < deadline) {
    if (Object.keys(firstOffers).length >= created && inFlight === 0) break;
    await sleep(100);
  }
  clearInterval(rssTimer);
  counts.inFlightAtEnd = inFlight;
  for (const client of clients) client.close();
  send({
    kind: 'done',
    result: { arrivals, firstOffers, counts, cpu, maxRssBytes: maxRss, arrivalsMs: Math.round(arrivalsMs) },
  });
}

process.once('message', (message: ToLoad) => {
  if (message.kind !== 'plan') return;
  main(message.plan).catch((err: unknown) => {
    send({ kind: 'failed', message: (err as Error).stack ?? String(err) });
  });
});
