import type { ValueTier } from '../value/value-rules.ts';

/**
 * The ACD engine: decides which waiting interaction goes to which agent. Pure: a snapshot
 * of queues, agents and waiting interactions comes in with the current time, offers and
 * overflow moves come out. The store and the job runner own persistence and timing.
 *
 * Rules, in the order they are applied:
 *
 * - **Priority.** `score = (interaction.priority ?? queue.basePriority + tier boost)
 *   + waited minutes × config.waitPointsPerMinute`, waited from `enqueuedAt`. Ties go to the
 *   earlier `enqueuedAt`, then the smaller id. With the defaults (high +30, 6 points a
 *   minute) a low-value customer who has waited 5 minutes draws level with a high-value one
 *   who just arrived, and wins the tie by having come first.
 * - **Qualified agent.** Not offline; has every skill the queue requires at the needed level,
 *   which is the higher of the queue's minimum and the customer's tier minimum (a tier
 *   minimum raises the queue's requirements, it adds none when the queue requires none);
 *   has a capacity above zero for the interaction's channel.
 * - **Free for a channel.** `state === 'available'` (the state the agent chose; the engine
 *   never infers it from load), `load[channel] < capacity[channel]`, and voice is exclusive:
 *   an agent on a voice call takes nothing else, and a voice call goes only to an agent who
 *   holds nothing at all. A voice capacity above 1 therefore has no effect.
 * - **Sticky window.** While `waited < queue.stickyWaitSeconds` and the customer's last agent
 *   is qualified, not offline and has not declined this interaction, the interaction is
 *   reserved for that agent: it goes to them as soon as they are free and to nobody else.
 *   An agent on break or in wrap-up still holds the reservation; an offline or unknown one
 *   does not. At `stickyWaitSeconds` the window closes and anyone may take it.
 * - **Declined.** An agent in `declinedBy` is offered the interaction again only when no other
 *   qualified agent (free or not) exists, so a one-agent queue is not stuck after a missed
 *   ring. A busy colleague who qualifies is worth waiting for; overflow bounds that wait.
 * - **Best agent.** Among the free agents allowed to take it: the earliest `idleSince`
 *   (longest idle) first, then the higher sum of levels on the required skills (the better
 *   fit, so the stronger agent handles the harder contact), then the smaller id.
 * - **Overflow.** At or past `maxWaitSeconds` in its current queue (from `queueEnteredAt`), an
 *   interaction moves to `overflowQueueId`, unless it already left that queue before.
 */

export const CHANNELS = ['voice', 'chat', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const AGENT_STATES = ['available', 'busy', 'wrap_up', 'break', 'offline'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Interactions held at once, per channel; a missing channel counts as 0. */
export type ChannelCounts = Readonly<Partial<Record<Channel, number>>>;

export interface RoutingAgent {
  id: string;
  /** The state the agent set (or the desktop set for them); capacity, not state, tracks load. */
  state: AgentState;
  /** Why the agent is on break (lunch, training …); informational. */
  breakReason?: string | null;
  /** When `state` last changed; informational, the engine ranks on `idleSince`. */
  stateSince: Date;
  /**
   * When the agent last became free: the later of finishing an interaction (after wrap-up)
   * and turning available. The earliest `idleSince` is the longest-idle agent.
   */
  idleSince: Date;
  /** Skill name → level 1–5; a missing skill is level 0. */
  skills: Readonly<Record<string, number>>;
  /** How many interactions of each channel the agent handles at once (e.g. voice 1, chat 3). */
  capacity: ChannelCounts;
  /** How many interactions of each channel the agent holds now. */
  load: ChannelCounts;
}

export interface SkillRequirement {
  skill: string;
  /** 1–5. */
  minLevel: number;
}

export interface TierRule {
  /** Points added to the queue's base priority for customers of this tier. */
  priorityBoost: number;
  /** Every required skill must be at least this level for customers of this tier. */
  minSkillLevel?: number;
}

export type TierRules = Readonly<Record<ValueTier, TierRule>>;

/** What a queue gets until an admin changes it: high-value customers go first, to skilled agents. */
export const DEFAULT_TIER_RULES: TierRules = {
  high: { priorityBoost: 30, minSkillLevel: 3 },
  secondary: { priorityBoost: 15 },
  potential: { priorityBoost: 5 },
  low: { priorityBoost: 0 },
};

export interface RoutingQueue {
  id: string;
  requiredSkills: readonly SkillRequirement[];
  basePriority: number;
  /** Service-level target (e.g. 80 % within 20 s); reported on, not used for decisions. */
  serviceLevel?: { percent: number; withinSeconds: number };
  /** Seconds in this queue before the interaction overflows; null = never. */
  maxWaitSeconds: number | null;
  overflowQueueId: string | null;
  /** How long an interaction waits for the customer's last agent before anyone may take it. */
  stickyWaitSeconds: number;
  tierRules: TierRules;
}

export interface WaitingInteraction {
  id: string;
  queueId: string;
  channel: Channel;
  /** When the customer started waiting; survives overflow, so priority keeps growing. */
  enqueuedAt: Date;
  /** When it entered its current queue (set on overflow); defaults to `enqueuedAt`. */
  queueEnteredAt?: Date;
  valueTier: ValueTier | null;
  /** The agent who last served this customer, for sticky routing. */
  lastAgentId: string | null;
  /** Agents who declined this interaction or let the offer time out. */
  declinedBy: readonly string[];
  /** Replaces base priority + tier boost (e.g. a supervisor's bump); waiting still adds. */
  priority?: number | null;
  /** Queues this interaction has already overflowed out of, oldest first. */
  overflowedFrom?: readonly string[];
}

/** One queue set as the store sees it at one moment. */
export interface RoutingSnapshot {
  queues: readonly RoutingQueue[];
  agents: readonly RoutingAgent[];
  interactions: readonly WaitingInteraction[];
}

/**
 * Why the agent was chosen: `sticky` = the customer's last agent, `standard` = the usual
 * rules, `reoffer` = the agent declined it before but nobody else qualifies.
 */
export type OfferReason = 'sticky' | 'standard' | 'reoffer';

export interface Offer {
  interactionId: string;
  agentId: string;
  reason: OfferReason;
}

export interface OverflowMove {
  interactionId: string;
  fromQueueId: string;
  toQueueId: string;
  /** The interaction's new `overflowedFrom`, to store with the move. */
  overflowedFrom: string[];
}

export interface RankedInteraction {
  interaction: WaitingInteraction;
  score: number;
}

export interface RoutingConfig {
  /** Priority points an interaction gains per minute of waiting (6 = 1 point per 10 s). */
  waitPointsPerMinute: number;
}

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = { waitPointsPerMinute: 6 };

const MINUTE_MS = 60_000;

function waitedMs(since: Date, now: Date): number {
  // A clock a little ahead on the writer must not give a negative wait.
  return Math.max(0, now.getTime() - since.getTime());
}

/**
 * Priority of a waiting interaction in its queue; higher goes first.
 *
 * @example
 * // base 10, high tier (+30), waited 2 minutes at 6 points a minute
 * priorityScore(call, queue, now); // 10 + 30 + 12 = 52
 */
export function priorityScore(
  interaction: WaitingInteraction,
  queue: RoutingQueue,
  now: Date,
  config: RoutingConfig = DEFAULT_ROUTING_CONFIG,
): number {
  const boost = interaction.valueTier ? queue.tierRules[interaction.valueTier].priorityBoost : 0;
  const base = interaction.priority ?? queue.basePriority + boost;
  // Multiply before dividing: whole-minute waits then give exact scores and exact ties.
  return base + (waitedMs(interaction.enqueuedAt, now) * config.waitPointsPerMinute) / MINUTE_MS;
}

/**
 * Waiting interactions in the order they should be served. Interactions whose queue is not
 * in `queues` are left out: the engine cannot judge them.
 *
 * @example
 * rankInteractions(snapshot.queues, snapshot.interactions, now)[0]?.interaction; // served next
 */
export function rankInteractions(
  queues: readonly RoutingQueue[],
  interactions: readonly WaitingInteraction[],
  now: Date,
  config: RoutingConfig = DEFAULT_ROUTING_CONFIG,
): RankedInteraction[] {
  const byId = queueMap(queues);
  const ranked: RankedInteraction[] = [];
  for (const interaction of interactions) {
    const queue = byId.get(interaction.queueId);
    if (queue) ranked.push({ interaction, score: priorityScore(interaction, queue, now, config) });
  }
  return ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.interaction.enqueuedAt.getTime() - b.interaction.enqueuedAt.getTime() ||
      compareIds(a.interaction.id, b.interaction.id),
  );
}

/** The queue's skill requirements, each raised to the customer's tier minimum level. */
export function requiredSkillLevels(queue: RoutingQueue, tier: ValueTier | null): SkillRequirement[] {
  const tierMin = tier ? (queue.tierRules[tier].minSkillLevel ?? 0) : 0;
  return queue.requiredSkills.map((r) => ({ skill: r.skill, minLevel: Math.max(r.minLevel, tierMin) }));
}

/** Whether the agent has every required skill at its level. */
export function meetsRequirements(agent: RoutingAgent, requirements: readonly SkillRequirement[]): boolean {
  return requirements.every((r) => (agent.skills[r.skill] ?? 0) >= r.minLevel);
}

/** Whether the agent could take one more interaction of this channel right now. */
export function isFreeFor(agent: RoutingAgent, channel: Channel): boolean {
  if (agent.state !== 'available') return false;
  if ((agent.load[channel] ?? 0) >= (agent.capacity[channel] ?? 0)) return false;
  if ((agent.load.voice ?? 0) > 0) return false;
  return channel !== 'voice' || totalLoad(agent) === 0;
}

/**
 * The agent to offer this interaction to now, or null when it must keep waiting (nobody
 * free qualifies, or it is reserved for its sticky agent who is not free yet).
 *
 * @example
 * bestAgentFor(chat, snapshot, now); // { interactionId: 'i1', agentId: 'a7', reason: 'standard' }
 */
export function bestAgentFor(
  interaction: WaitingInteraction,
  snapshot: Pick<RoutingSnapshot, 'queues' | 'agents'>,
  now: Date,
): Offer | null {
  const queue = queueMap(snapshot.queues).get(interaction.queueId);
  if (!queue) return null;
  return pickAgent(interaction, queue, snapshot.agents, now);
}

/**
 * The highest-priority waiting interaction this agent may take now, for the moment an agent
 * becomes free. Null when the agent is not free or nothing waiting suits them.
 *
 * @example
 * nextInteractionFor('a7', snapshot, now); // { interactionId: 'i3', agentId: 'a7', reason: 'sticky' }
 */
export function nextInteractionFor(
  agentId: string,
  snapshot: RoutingSnapshot,
  now: Date,
  config: RoutingConfig = DEFAULT_ROUTING_CONFIG,
): Offer | null {
  const agent = snapshot.agents.find((a) => a.id === agentId);
  if (agent?.state !== 'available') return null;
  const queues = queueMap(snapshot.queues);
  for (const { interaction } of rankInteractions(snapshot.queues, snapshot.interactions, now, config)) {
    if (!isFreeFor(agent, interaction.channel)) continue;
    const allowed = allowedAgents(interaction, queues.get(interaction.queueId)!, snapshot.agents, now);
    if (allowed.agents.includes(agent)) {
      return { interactionId: interaction.id, agentId: agent.id, reason: allowed.reason };
    }
  }
  return null;
}

/**
 * One routing pass over a snapshot: offers for as many waiting interactions as free agents
 * allow, highest priority first. Each offer counts against the agent's capacity for the rest
 * of the pass (an agent with chat capacity 3 and load 1 gets at most 2 chats) and makes the
 * agent the most recently busy, so a pass spreads work instead of filling the longest-idle
 * agent first. An interaction is offered at most once, even if listed twice. A sticky
 * agent is not kept back for their reserved customer: a higher-priority interaction may take
 * them first, and the reserved one then waits out its window.
 *
 * @example
 * const offers = assign(await store.snapshot(queueSetId), new Date());
 * // [{ interactionId: 'i1', agentId: 'a2', reason: 'standard' }, …]
 */
export function assign(
  snapshot: RoutingSnapshot,
  now: Date,
  config: RoutingConfig = DEFAULT_ROUTING_CONFIG,
): Offer[] {
  const queues = queueMap(snapshot.queues);
  const agents = snapshot.agents.map((a): WorkingAgent => ({ ...a, load: { ...a.load } }));
  const offered = new Set<string>();
  const offers: Offer[] = [];
  for (const { interaction } of rankInteractions(snapshot.queues, snapshot.interactions, now, config)) {
    if (offered.has(interaction.id)) continue;
    const offer = pickAgent(interaction, queues.get(interaction.queueId)!, agents, now);
    if (!offer) continue;
    offered.add(interaction.id);
    offers.push(offer);
    const agent = agents.find((a) => a.id === offer.agentId)!;
    agent.load[interaction.channel] = (agent.load[interaction.channel] ?? 0) + 1;
    agent.idleSince = now;
  }
  return offers;
}

/**
 * `assign` over only some of the agents, for a floor too large to read whole on every pass:
 * - `free`: the longest-idle agents free for one of the waiting channels, longest idle first
 *   (ties by id), as many as were read;
 * - `firstLeftOut`: the next free agent after them, or null when `free` holds every free one;
 * - `named`: other agents the interactions name (their customers' last agents), not offline.
 *
 * Returns the offers when they are provably the ones `assign` makes over every agent, else
 * null (the caller then reads every agent). They are when no offer gives an interaction back
 * to an agent who declined it (that rule weighs every qualified agent, busy ones too), and,
 * if free agents were left out, when every other offer went to a sticky agent or to an agent
 * not yet served in this pass who has been idle longer than `firstLeftOut` (so longer than any
 * agent left out), and whatever got no offer waits for its sticky agent.
 *
 * @example
 * assignAmongFew({ queues, interactions, free: longestIdle, firstLeftOut, named }, now);
 * // [{ interactionId: 'i1', agentId: 'a2', reason: 'standard' }] or null
 */
export function assignAmongFew(
  input: Pick<RoutingSnapshot, 'queues' | 'interactions'> & {
    free: readonly RoutingAgent[];
    firstLeftOut: RoutingAgent | null;
    named: readonly RoutingAgent[];
  },
  now: Date,
  config: RoutingConfig = DEFAULT_ROUTING_CONFIG,
): Offer[] | null {
  const read = new Set(input.free.map((a) => a.id));
  const agents = [...input.free, ...input.named.filter((a) => !read.has(a.id))];
  const offers = assign({ queues: input.queues, agents, interactions: input.interactions }, now, config);
  if (offers.some((o) => o.reason === 'reoffer')) return null;
  if (!input.firstLeftOut) return offers;
  const leftOutIdle = input.firstLeftOut.idleSince.getTime();
  const idleOf = new Map(input.free.map((a) => [a.id, a.idleSince.getTime()]));
  const served = new Set<string>();
  for (const offer of offers) {
    if (offer.reason !== 'sticky') {
      // Once served in this pass an agent counts as idle since now, behind everyone left out.
      const idle = idleOf.get(offer.agentId);
      if (idle === undefined || served.has(offer.agentId) || idle >= leftOutIdle) return null;
    }
    served.add(offer.agentId);
  }
  const offered = new Set(offers.map((o) => o.interactionId));
  const queues = queueMap(input.queues);
  for (const interaction of input.interactions) {
    const queue = queues.get(interaction.queueId);
    if (offered.has(interaction.id) || !queue) continue;
    if (allowedAgents(interaction, queue, agents, now).reason !== 'sticky') return null;
  }
  return offers;
}

/**
 * Interactions that have waited `maxWaitSeconds` or more in their current queue and must
 * move to its overflow queue. A queue without an overflow queue or a timeout keeps its
 * interactions, and so does one whose overflow queue the interaction already left (A → B → A
 * would loop forever). The target queue need not be in `queues`.
 *
 * @example
 * findOverflows(queues, waiting, now);
 * // [{ interactionId: 'i9', fromQueueId: 'sales', toQueueId: 'general', overflowedFrom: ['sales'] }]
 */
export function findOverflows(
  queues: readonly RoutingQueue[],
  interactions: readonly WaitingInteraction[],
  now: Date,
): OverflowMove[] {
  const byId = queueMap(queues);
  const moves: OverflowMove[] = [];
  for (const interaction of interactions) {
    const queue = byId.get(interaction.queueId);
    if (!queue || queue.maxWaitSeconds === null || queue.overflowQueueId === null) continue;
    const target = queue.overflowQueueId;
    const history = interaction.overflowedFrom ?? [];
    if (target === queue.id || history.includes(target)) continue;
    const entered = interaction.queueEnteredAt ?? interaction.enqueuedAt;
    if (waitedMs(entered, now) < queue.maxWaitSeconds * 1000) continue;
    moves.push({
      interactionId: interaction.id,
      fromQueueId: queue.id,
      toQueueId: target,
      overflowedFrom: [...history, queue.id],
    });
  }
  return moves;
}

/** An agent whose load and idle time change as a pass hands out offers. */
type WorkingAgent = RoutingAgent & { load: Partial<Record<Channel, number>> };

interface AllowedAgents {
  /** Agents who may take the interaction once free; whether they are free is checked apart. */
  agents: readonly RoutingAgent[];
  reason: OfferReason;
}

function allowedAgents(
  interaction: WaitingInteraction,
  queue: RoutingQueue,
  agents: readonly RoutingAgent[],
  now: Date,
): AllowedAgents {
  const requirements = requiredSkillLevels(queue, interaction.valueTier);
  const qualified = agents.filter(
    (a) =>
      a.state !== 'offline' &&
      (a.capacity[interaction.channel] ?? 0) > 0 &&
      meetsRequirements(a, requirements),
  );
  const declined = new Set(interaction.declinedBy);
  const fresh = qualified.filter((a) => !declined.has(a.id));

  if (
    interaction.lastAgentId !== null &&
    waitedMs(interaction.enqueuedAt, now) < queue.stickyWaitSeconds * 1000
  ) {
    const sticky = fresh.find((a) => a.id === interaction.lastAgentId);
    if (sticky) return { agents: [sticky], reason: 'sticky' };
  }
  return fresh.length > 0 ? { agents: fresh, reason: 'standard' } : { agents: qualified, reason: 'reoffer' };
}

function pickAgent(
  interaction: WaitingInteraction,
  queue: RoutingQueue,
  agents: readonly RoutingAgent[],
  now: Date,
): Offer | null {
  const allowed = allowedAgents(interaction, queue, agents, now);
  const requirements = requiredSkillLevels(queue, interaction.valueTier);
  let best: RoutingAgent | null = null;
  let bestFit = 0;
  for (const agent of allowed.agents) {
    if (!isFreeFor(agent, interaction.channel)) continue;
    const fit = skillSum(agent, requirements);
    if (!best || isBetter(agent, fit, best, bestFit)) {
      best = agent;
      bestFit = fit;
    }
  }
  return best ? { interactionId: interaction.id, agentId: best.id, reason: allowed.reason } : null;
}

function isBetter(agent: RoutingAgent, fit: number, than: RoutingAgent, thanFit: number): boolean {
  const byIdle = agent.idleSince.getTime() - than.idleSince.getTime();
  if (byIdle !== 0) return byIdle < 0;
  if (fit !== thanFit) return fit > thanFit;
  return compareIds(agent.id, than.id) < 0;
}

function skillSum(agent: RoutingAgent, requirements: readonly SkillRequirement[]): number {
  return requirements.reduce((sum, r) => sum + (agent.skills[r.skill] ?? 0), 0);
}

function totalLoad(agent: RoutingAgent): number {
  return CHANNELS.reduce((sum, c) => sum + (agent.load[c] ?? 0), 0);
}

function queueMap(queues: readonly RoutingQueue[]): Map<string, RoutingQueue> {
  return new Map(queues.map((q) => [q.id, q]));
}

// Code-unit order, not localeCompare: the same ids must sort the same on every server.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
