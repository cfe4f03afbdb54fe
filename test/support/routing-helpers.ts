import WebSocket from 'ws';
import { call, login, PASSWORD, type TestServer, type TestTenant } from './test-server.ts';

/** Helpers for the routing tests: agents, queues, interactions, waiting, the event stream. */

export interface TestAgent {
  id: string;
  token: string;
  email: string;
}

export interface InteractionBody {
  id: string;
  status: string;
  queueId: string;
  agentId: string | null;
  customerId: string | null;
  valueTier: string | null;
  overflowedFrom: string[];
  enqueuedAt: string;
  offer: { id: string; agentId: string; status: string; expiresAt: string } | null;
  disposition: { code: string; notes: string | null } | null;
  messages: { author: string; body: string }[];
}

export interface AgentBody {
  id: string;
  state: string;
  stateReason: string | null;
  load: { voice: number; chat: number; email: number };
  capacity: { voice: number; chat: number; email: number };
}

/** A signed-in agent user with a profile (skills and capacity set by the tenant admin). */
export async function addAgent(
  t: TestServer,
  tenant: TestTenant,
  name: string,
  profile: { skills?: { skill: string; level: number }[]; capacity?: Partial<AgentBody['capacity']> } = {},
): Promise<TestAgent> {
  const email = `${name}@${tenant.slug}.test`;
  const created = await call<{ id: string }>(t, 'POST', '/api/v1/users', {
    token: tenant.tokens.tenant_admin,
    json: { email, displayName: name, password: PASSWORD, role: 'agent' },
  });
  if (created.status !== 201)
    throw new Error(`add user ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const res = await call(t, 'PUT', `/api/v1/agents/${id}`, {
    token: tenant.tokens.supervisor,
    json: {
      skills: profile.skills ?? [],
      capacity: { voice: 1, chat: 3, email: 5, ...profile.capacity },
    },
  });
  if (res.status !== 200) throw new Error(`profile ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id, email, token: await login(t, email) };
}

export async function setState(
  t: TestServer,
  token: string,
  agentId: string,
  state: string,
  reason?: string,
) {
  const res = await call<AgentBody>(t, 'PUT', `/api/v1/agents/${agentId}/state`, {
    token,
    json: { state, ...(reason ? { reason } : {}) },
  });
  if (res.status !== 200) throw new Error(`state ${state}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function addQueue(t: TestServer, token: string, body: Record<string, unknown>) {
  const res = await call<{ id: string; code: string }>(t, 'POST', '/api/v1/queues', { token, json: body });
  if (res.status !== 201) throw new Error(`queue: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function newInteraction(t: TestServer, token: string, body: Record<string, unknown>) {
  const res = await call<InteractionBody>(t, 'POST', '/api/v1/interactions', {
    token,
    json: { channel: 'chat', ...body },
  });
  if (res.status !== 201) throw new Error(`interaction: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function getInteraction(t: TestServer, token: string, id: string) {
  return (await call<InteractionBody>(t, 'GET', `/api/v1/interactions/${id}`, { token })).body;
}

/** Polls until `check` returns a value (not undefined/false); fails after `ms`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    last = value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the interaction is offered (to one of `agents` when given); returns it. */
export async function offered(t: TestServer, token: string, id: string, agents?: string[]) {
  return waitFor(`offer of ${id}`, async () => {
    const i = await getInteraction(t, token, id);
    return i.status === 'offered' && (!agents || agents.includes(i.agentId!)) ? i : undefined;
  });
}

export interface StreamMessage {
  kind: 'event' | 'ready' | 'resync' | 'error';
  id?: number;
  type?: string;
  aggregateId?: string;
  payload?: Record<string, unknown>;
  code?: string;
}

/** A WebSocket client of /api/v1/stream that keeps every message it got. */
export class StreamClient {
  readonly messages: StreamMessage[] = [];
  closeCode: number | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as StreamMessage));
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static async open(t: TestServer, query: Record<string, string | number>, firstMessage?: unknown) {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    const socket = new WebSocket(`${t.baseUrl.replace('http', 'ws')}/api/v1/stream${qs ? `?${qs}` : ''}`);
    const client = new StreamClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    if (firstMessage !== undefined) socket.send(JSON.stringify(firstMessage));
    return client;
  }

  get events() {
    return this.messages.filter((m) => m.kind === 'event');
  }

  /** Waits until `check` holds; `refresh` runs before each check (to re-read what to compare with). */
  async until(what: string, check: (c: StreamClient) => boolean, ms = 15_000, refresh?: () => Promise<void>) {
    return waitFor(
      what,
      async () => {
        await refresh?.();
        return check(this) || undefined;
      },
      ms,
    );
  }

  async close() {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
