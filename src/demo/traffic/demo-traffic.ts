/**
 * The demo traffic generator: simulated customers calling, chatting and mailing the demo
 * tenants at a chosen mean rate (Poisson arrivals, the channel mix from the settings), so the
 * wallboard and the agent desktop have something to show. Every contact goes through the
 * server's real front doors (the SIP edge, the public chat API, the SMTP listener), never
 * straight into the database, so what the demo shows is what a real contact would do.
 *
 * `hotline start` runs it in demo mode when HOTLINE_DEMO_TRAFFIC (or --traffic) is above 0;
 * stop() hangs up the calls, closes the chats and waits for them.
 *
 * @example
 * const traffic = await DemoTraffic.start({ settings, baseUrl, sip, smtp, log });
 * …
 * await traffic.stop();
 */
import type { DemoTrafficSettings } from '../../kernel/config.ts';
import { ChatVisitor } from './chat-visitor.ts';
import { type DemoTarget, discoverDemoTargets } from './demo-targets.ts';
import { chooseDeskAgents } from './desk-agents.ts';
import { sendCustomerEmail } from './email-sender.ts';
import { exponentialDelayMs, intBetween, type Random, seededRandom } from './seeded-random.ts';
import { type AgentTiming, SimulatedAgent } from './simulated-agent.ts';
import { SipCaller } from './sip-caller.ts';
import {
  DEFAULT_TIMING,
  liveChannels,
  type PlannedContact,
  planContact,
  TRAFFIC_CHANNELS,
  type TrafficChannel,
  type TrafficTiming,
} from './traffic-plan.ts';

export type TrafficLog = (level: 'debug' | 'info' | 'warn', line: string) => void;

export interface DemoTrafficOptions {
  settings: DemoTrafficSettings;
  /** The running server's HTTP address (chat API, and the admin API for discovery). */
  baseUrl: string;
  /** The SIP edge; null: no calls. */
  sip: { address: string; port: number } | null;
  /** The inbound SMTP listener; null: no emails. */
  smtp: { host: string; port: number } | null;
  log: TrafficLog;
  /** Same seed, same traffic (given the same demo data); default: the clock. */
  seed?: number;
  /** Shorter calls and chats (tests). */
  timing?: Partial<TrafficTiming>;
  /** How often a chat visitor's page looks for news (tests shorten it). */
  chatPollMs?: number;
  /** The simulated agents' pace (tests shorten it). */
  agentTiming?: Partial<AgentTiming>;
  agentPollMs?: number;
}

/** Per channel: contacts begun, and those the server refused or that failed to start. */
export interface TrafficStats {
  started: Record<TrafficChannel, number>;
  refused: Record<TrafficChannel, number>;
}

/** A contact in progress: how to end it early, and when it is over. */
interface Running {
  channel: TrafficChannel;
  stop(): void;
  /** Ends it without waiting for the server (after stop() got no answer in time). */
  abandon(): void;
  done: Promise<unknown>;
}

/** How long stop() waits for calls and chats to say goodbye before dropping them. */
const STOP_GRACE_MS = 5000;

export class DemoTraffic {
  readonly stats: TrafficStats = { started: zeroes(), refused: zeroes() };
  private readonly running = new Set<Running>();
  /** Contacts still being set up (a phone binding its sockets): stop() waits for them too. */
  private readonly launching = new Set<Promise<void>>();
  private readonly rng: Random;
  private readonly timing: TrafficTiming;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The simulated agents at the desk (HOTLINE_DEMO_TRAFFIC_AGENTS). */
  readonly agents: SimulatedAgent[] = [];

  private constructor(
    private readonly options: DemoTrafficOptions,
    readonly targets: readonly DemoTarget[],
  ) {
    this.rng = seededRandom(options.seed ?? Date.now());
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  /** Finds the demo tenants' numbers, chat site, mailboxes and customers, then starts the arrivals. */
  static async start(options: DemoTrafficOptions): Promise<DemoTraffic> {
    // Agents alone (no traffic) need no targets: nothing is set up for traffic that never comes.
    const found =
      options.settings.perMinute > 0
        ? await discoverDemoTargets(options.baseUrl, options.log, { email: options.smtp !== null })
        : [];
    // A channel whose front door is closed (SIP edge or SMTP listener off) carries nothing.
    const targets = found.map((t) => ({
      ...t,
      channels: t.channels.filter(
        (c) => (c !== 'calls' || options.sip !== null) && (c !== 'emails' || options.smtp !== null),
      ),
    }));
    const traffic = new DemoTraffic(options, targets);
    await traffic.seatAgents();
    const { perMinute, mix } = options.settings;
    if (perMinute <= 0) return traffic;
    const channels = liveChannels(mix, targets);
    if (channels.length === 0) {
      options.log('warn', 'demo traffic: nothing to send to (no demo tenant takes the channels of the mix)');
      return traffic;
    }
    const where = targets
      .map((t) => {
        const doors = { calls: t.number, chats: `chat ${t.siteKey}`, emails: t.mailbox };
        return `${t.slug}: ${t.channels.map((c) => doors[c]).join(', ') || 'nothing'}`;
      })
      .join('; ');
    options.log(
      'info',
      `demo traffic: about ${perMinute} contacts a minute (${channels.map((c) => `${c} ${mix[c]}`).join(', ')}) to ${where}`,
    );
    traffic.scheduleNext();
    return traffic;
  }

  /** Stops new arrivals, hangs up the calls and ends the chats, and waits for them (a few seconds at most). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.launching]);
    const running = [...this.running];
    for (const r of running) r.stop();
    let grace: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      grace = setTimeout(resolve, STOP_GRACE_MS);
    });
    await Promise.race([Promise.allSettled(running.map((r) => r.done)), late]);
    clearTimeout(grace);
    for (const r of this.running) r.abandon();
    await Promise.allSettled([...this.running].map((r) => r.done));
    // The agents leave last, so the calls above ended on their side first.
    await Promise.allSettled(this.agents.map((a) => a.stop()));
    const { started, refused } = this.stats;
    this.options.log(
      'info',
      `demo traffic stopped: ${TRAFFIC_CHANNELS.map((c) => `${c} ${started[c]} (${refused[c]} refused)`).join(', ')}`,
    );
  }

  /** Starts the simulated agents, one after another (the registrar limits REGISTER bursts). */
  private async seatAgents(): Promise<void> {
    const { settings, sip, baseUrl, log } = this.options;
    if (settings.agents <= 0) return;
    if (!sip) {
      log('warn', 'demo traffic: no simulated agents without the SIP edge (HOTLINE_SIP_PORT=off)');
      return;
    }
    const logins = await chooseDeskAgents(baseUrl, settings.agents);
    for (const login of logins) {
      try {
        this.agents.push(
          await SimulatedAgent.start({
            baseUrl,
            sip,
            login,
            rng: seededRandom(intBetween(this.rng, 1, 1_000_000)),
            ...(this.options.agentTiming ? { timing: this.options.agentTiming } : {}),
            ...(this.options.agentPollMs ? { pollMs: this.options.agentPollMs } : {}),
          }),
        );
      } catch (err) {
        log(
          'warn',
          `demo traffic: ${login.email} could not sit in: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }
    log(
      'info',
      `demo traffic: ${this.agents.length} simulated agent${this.agents.length === 1 ? '' : 's'} at the desk (${this.agents.map((a) => a.email).join(', ') || 'none could sit in'})`,
    );
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const delay = exponentialDelayMs(this.rng, this.options.settings.perMinute);
    this.timer = setTimeout(() => {
      const plan = planContact(this.rng, this.options.settings.mix, this.targets, this.timing);
      if (plan) this.launch(plan);
      this.scheduleNext();
    }, delay);
  }

  private launch(plan: PlannedContact): void {
    const target = this.targets.find((t) => t.slug === plan.tenantSlug)!;
    this.stats.started[plan.channel]++;
    this.options.log('debug', `demo traffic: ${describe(plan, target)}`);
    const started =
      plan.channel === 'calls'
        ? this.call(plan, target)
        : plan.channel === 'chats'
          ? Promise.resolve(this.chat(plan, target))
          : Promise.resolve(this.email(plan, target));
    const launched = started.then(
      (running) => {
        this.running.add(running);
        running.done.finally(() => this.running.delete(running)).catch(() => undefined);
      },
      (err: unknown) => this.refused(plan.channel, `could not start: ${String(err)}`),
    );
    this.launching.add(launched);
    launched.finally(() => this.launching.delete(launched)).catch(() => undefined);
  }

  private async call(plan: PlannedContact & { channel: 'calls' }, target: DemoTarget): Promise<Running> {
    const sip = this.options.sip!;
    const caller = await SipCaller.dial({
      edge: sip,
      localAddress: sip.address,
      number: target.number!,
      caller: { number: plan.contact.phone!, name: plan.contact.name },
      hangUpAfterMs: plan.hangUpAfterMs,
      digits: plan.digits,
      voiceSeed: intBetween(this.rng, 1, 1_000_000),
    });
    const done = caller.done.then((outcome) => {
      if (outcome.result === 'refused') this.refused('calls', `SIP ${outcome.status}`);
    });
    return { channel: 'calls', stop: () => caller.hangUp(), abandon: () => caller.abandon(), done };
  }

  private chat(plan: PlannedContact & { channel: 'chats' }, target: DemoTarget): Running {
    const visitor = ChatVisitor.start({
      baseUrl: this.options.baseUrl,
      siteKey: target.siteKey!,
      plan,
      ...(this.options.chatPollMs ? { pollMs: this.options.chatPollMs } : {}),
    });
    const done = visitor.done.then((outcome) => {
      if (outcome.result === 'refused') this.refused('chats', `${outcome.status} ${outcome.detail}`);
    });
    const leave = () => {
      visitor.leave().catch(() => undefined);
    };
    return { channel: 'chats', stop: leave, abandon: () => undefined, done };
  }

  private email(plan: PlannedContact & { channel: 'emails' }, target: DemoTarget): Running {
    const done = sendCustomerEmail({ smtp: this.options.smtp!, to: target.mailbox!, plan }).then(
      (outcome) => {
        if (outcome.result === 'refused') this.refused('emails', outcome.detail);
      },
    );
    return { channel: 'emails', stop: () => undefined, abandon: () => undefined, done };
  }

  private refused(channel: TrafficChannel, why: string): void {
    this.stats.refused[channel]++;
    // The first few say why; then one in fifty, so a closed door does not flood the log.
    const n = this.stats.refused[channel];
    if (n <= 3 || n % 50 === 0)
      this.options.log('warn', `demo traffic: a ${channel.slice(0, -1)} was refused (${n} so far): ${why}`);
  }
}

function describe(plan: PlannedContact, target: DemoTarget): string {
  switch (plan.channel) {
    case 'calls':
      return `${plan.contact.name} calls ${target.number} for ${Math.round(plan.hangUpAfterMs / 1000)} s`;
    case 'chats':
      return `${plan.contact.name} chats on ${target.siteKey}`;
    case 'emails':
      return `${plan.contact.name} writes to ${target.mailbox}: ${plan.subject}`;
  }
}

function zeroes(): Record<TrafficChannel, number> {
  return { calls: 0, chats: 0, emails: 0 };
}
