/**
 * A simulated agent at the desk, for a demo with nobody on the floor: signs in as a demo
 * agent, registers the agent's desk phone (agent-phone.ts), goes Available, and then works
 * like a person would through the same API the desktop uses: the phone picks up calls after
 * a few rings; chat and email offers are accepted after a moment; a chat gets a greeting and,
 * a while later, a goodbye; every interaction is wrapped up when it is done. Emails get no
 * written reply (sending one needs an SMTP relay the demo does not have).
 */
import { AgentPhone } from './agent-phone.ts';
import { HotlineApi } from './api-client.ts';
import type { DeskAgentLogin } from './desk-agents.ts';
import { intBetween, type Random } from './seeded-random.ts';
import type { Range } from './traffic-plan.ts';

export interface AgentTiming {
  /** Rings before the phone is picked up. */
  ringMs: Range;
  /** From picking up to hanging up (the caller may leave first). */
  talkMs: Range;
  /** From a chat or email offer to accepting it. */
  acceptMs: Range;
  /** From accepting a chat to saying goodbye and wrapping it up. */
  chatMs: Range;
  /** From accepting an email to wrapping it up ("read and dealt with"). */
  emailMs: Range;
}

export const DEFAULT_AGENT_TIMING: AgentTiming = {
  ringMs: [2000, 6000],
  talkMs: [20_000, 90_000],
  acceptMs: [1500, 4000],
  chatMs: [30_000, 90_000],
  emailMs: [10_000, 30_000],
};

export interface SimulatedAgentOptions {
  baseUrl: string;
  sip: { address: string; port: number };
  login: DeskAgentLogin;
  rng: Random;
  timing?: Partial<AgentTiming>;
  /** How often the agent looks at their work (the desktop would hold a WebSocket). */
  pollMs?: number;
}

interface WorkItem {
  id: string;
  channel: 'voice' | 'chat' | 'email';
  status: string;
  offer: { agentId: string; status: string } | null;
}

/** When each interaction in hand is due its next step. */
interface Progress {
  dueAt: number;
  step: 'accept' | 'greet' | 'finish' | 'wrap_up';
}

const GREETING = '您好，我是华信家电客服，很高兴为您服务。请问有什么可以帮您？';
const GOODBYE = '感谢您的耐心，问题已经为您记录，稍后会有专人跟进。再见！';

export class SimulatedAgent {
  private readonly timing: AgentTiming;
  private readonly progress = new Map<string, Progress>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private userId = '';
  readonly handled = { calls: 0, chats: 0, emails: 0 };

  private constructor(
    private readonly options: SimulatedAgentOptions,
    private readonly api: HotlineApi,
    private readonly phone: AgentPhone,
  ) {
    this.timing = { ...DEFAULT_AGENT_TIMING, ...options.timing };
  }

  get email(): string {
    return this.options.login.email;
  }

  /** Signs in, registers the phone and goes Available; throws when any of it is refused. */
  static async start(options: SimulatedAgentOptions): Promise<SimulatedAgent> {
    const timing = { ...DEFAULT_AGENT_TIMING, ...options.timing };
    const api = new HotlineApi(options.baseUrl);
    await api.login(options.login.email, options.login.password);
    const { rng } = options;
    let agent: SimulatedAgent | undefined;
    const phone = await AgentPhone.open({
      edge: options.sip,
      localAddress: options.sip.address,
      username: options.login.sipUsername,
      password: options.login.sipPassword,
      ringMs: () => intBetween(rng, ...timing.ringMs),
      talkMs: () => intBetween(rng, ...timing.talkMs),
      voiceSeed: intBetween(rng, 1, 1_000_000),
      onCallEnded: () => {
        if (agent) agent.handled.calls++;
      },
    });
    try {
      await phone.register();
      agent = new SimulatedAgent(options, api, phone);
      agent.userId = (await api.get<{ id: string }>('/api/v1/auth/me')).id;
      await api.put(`/api/v1/agents/${agent.userId}/state`, { state: 'available' });
    } catch (err) {
      await phone.close();
      throw err;
    }
    agent.look();
    return agent;
  }

  /** Hangs up, wraps up what is in hand, goes offline and unregisters the phone. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.phone.hangUp();
    const inHand = await this.work().catch(() => [] as WorkItem[]);
    for (const item of inHand.filter((i) => i.status === 'active'))
      await this.wrapUp(item.id).catch(() => undefined);
    await this.api.put(`/api/v1/agents/${this.userId}/state`, { state: 'offline' }).catch(() => undefined);
    await this.phone.close();
  }

  private look(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.step()
        .catch(() => undefined) // a refused step (an offer already gone) is retried or dropped on the next look
        .finally(() => this.look());
    }, this.options.pollMs ?? 1000);
  }

  private work(): Promise<WorkItem[]> {
    return this.api
      .get<{ items: WorkItem[] }>('/api/v1/interactions?status=offered,active&limit=50')
      .then((r) => r.items);
  }

  /** One look at the desk: what is offered or in hand, and what each needs now. */
  private async step(): Promise<void> {
    const now = Date.now();
    const items = await this.work();
    const seen = new Set(items.map((i) => i.id));
    for (const id of this.progress.keys()) if (!seen.has(id)) this.progress.delete(id);
    for (const item of items) {
      if (this.stopped) return;
      let progress = this.progress.get(item.id);
      if (!progress) {
        progress = this.firstStep(item, now);
        if (!progress) continue;
        this.progress.set(item.id, progress);
      }
      if (now < progress.dueAt) continue;
      await this.advance(item, progress, now);
    }
  }

  private firstStep(item: WorkItem, now: number): Progress | undefined {
    const { timing } = this;
    if (item.status === 'offered') {
      // A call is answered on the phone; chats and emails on the desk.
      if (item.channel === 'voice' || item.offer?.agentId !== this.userId) return undefined;
      return { step: 'accept', dueAt: now + intBetween(this.options.rng, ...timing.acceptMs) };
    }
    if (item.channel === 'voice') return { step: 'wrap_up', dueAt: now };
    if (item.channel === 'chat') return { step: 'greet', dueAt: now };
    return { step: 'wrap_up', dueAt: now + intBetween(this.options.rng, ...timing.emailMs) };
  }

  private async advance(item: WorkItem, progress: Progress, now: number): Promise<void> {
    const { rng } = this.options;
    switch (progress.step) {
      case 'accept':
        if (item.status !== 'offered') return;
        await this.api.post(`/api/v1/interactions/${item.id}/accept`);
        this.progress.delete(item.id); // seen again as active, it gets its next step
        return;
      case 'greet':
        await this.api.post(`/api/v1/interactions/${item.id}/messages`, { body: GREETING });
        Object.assign(progress, { step: 'finish', dueAt: now + intBetween(rng, ...this.timing.chatMs) });
        return;
      case 'finish':
        await this.api.post(`/api/v1/interactions/${item.id}/messages`, { body: GOODBYE });
        Object.assign(progress, { step: 'wrap_up', dueAt: now + 2000 });
        return;
      case 'wrap_up':
        // A call is wrapped up once the phone has hung up.
        if (item.channel === 'voice' && this.phone.busy) return;
        await this.wrapUp(item.id);
        if (item.channel === 'chat') this.handled.chats++;
        if (item.channel === 'email') this.handled.emails++;
        this.progress.delete(item.id);
        return;
    }
  }

  private wrapUp(id: string) {
    return this.api.post(`/api/v1/interactions/${id}/wrap-up`, {
      code: 'resolved',
      notes: 'Demo: handled by a simulated agent',
    });
  }
}
