import { describe, expect, it } from 'vitest';
import type { ValueTier } from '../value/value-rules.ts';
import {
  assign,
  assignAmongFew,
  bestAgentFor,
  CHANNELS,
  DEFAULT_TIER_RULES,
  findOverflows,
  isFreeFor,
  meetsRequirements,
  nextInteractionFor,
  type Offer,
  priorityScore,
  type RoutingAgent,
  type RoutingQueue,
  type RoutingSnapshot,
  rankInteractions,
  requiredSkillLevels,
  type WaitingInteraction,
} from './routing.engine.ts';

const NOW = new Date('2026-11-01T10:00:00Z');
const secAgo = (s: number) => new Date(NOW.getTime() - s * 1000);

function agent(id: string, partial: Partial<RoutingAgent> = {}): RoutingAgent {
  return {
    id,
    state: 'available',
    stateSince: secAgo(600),
    idleSince: secAgo(60),
    skills: { billing: 3 },
    capacity: { voice: 1, chat: 3, email: 5 },
    load: {},
    ...partial,
  };
}

function queue(id: string, partial: Partial<RoutingQueue> = {}): RoutingQueue {
  return {
    id,
    requiredSkills: [{ skill: 'billing', minLevel: 1 }],
    basePriority: 10,
    maxWaitSeconds: 120,
    overflowQueueId: null,
    stickyWaitSeconds: 30,
    tierRules: DEFAULT_TIER_RULES,
    ...partial,
  };
}

function call(id: string, partial: Partial<WaitingInteraction> = {}): WaitingInteraction {
  return {
    id,
    queueId: 'billing',
    channel: 'voice',
    enqueuedAt: secAgo(10),
    valueTier: null,
    lastAgentId: null,
    declinedBy: [],
    ...partial,
  };
}

const BILLING = queue('billing');

function snapshot(partial: Partial<RoutingSnapshot>): RoutingSnapshot {
  return { queues: [BILLING], agents: [], interactions: [], ...partial };
}

/** Every offer's agent could take it and no interaction or capacity slot is used twice. */
function expectValidOffers(snap: RoutingSnapshot, offers: Offer[]) {
  const ids = offers.map((o) => o.interactionId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const a of snap.agents) {
    const mine = offers.filter((o) => o.agentId === a.id);
    const channels = mine.map((o) => snap.interactions.find((i) => i.id === o.interactionId)!.channel);
    for (const c of CHANNELS) {
      const added = channels.filter((x) => x === c).length;
      expect((a.load[c] ?? 0) + added).toBeLessThanOrEqual(Math.max(a.load[c] ?? 0, a.capacity[c] ?? 0));
    }
    if (channels.includes('voice')) expect(mine).toHaveLength(1);
  }
}

describe('priorityScore', () => {
  it.each<{ name: string; i: Partial<WaitingInteraction>; q?: Partial<RoutingQueue>; want: number }>([
    { name: 'base priority for a customer without a tier', i: { enqueuedAt: NOW }, want: 10 },
    { name: 'high value adds 30', i: { enqueuedAt: NOW, valueTier: 'high' }, want: 40 },
    { name: 'secondary adds 15', i: { enqueuedAt: NOW, valueTier: 'secondary' }, want: 25 },
    { name: 'potential adds 5', i: { enqueuedAt: NOW, valueTier: 'potential' }, want: 15 },
    { name: 'low adds nothing', i: { enqueuedAt: NOW, valueTier: 'low' }, want: 10 },
    { name: 'one point per 10 s of waiting', i: { enqueuedAt: secAgo(60) }, want: 16 },
    { name: 'part-points for part-waits', i: { enqueuedAt: secAgo(15) }, want: 11.5 },
    { name: 'tier and wait add up', i: { enqueuedAt: secAgo(90), valueTier: 'high' }, want: 49 },
    {
      name: 'an explicit priority replaces base and tier, waiting still counts',
      i: { enqueuedAt: secAgo(60), valueTier: 'high', priority: 100 },
      want: 106,
    },
    { name: 'a null explicit priority is ignored', i: { enqueuedAt: NOW, priority: null }, want: 10 },
    { name: 'a future enqueuedAt counts as no wait', i: { enqueuedAt: secAgo(-30) }, want: 10 },
    {
      name: "the queue's own tier rules",
      i: { enqueuedAt: NOW, valueTier: 'potential' },
      q: { tierRules: { ...DEFAULT_TIER_RULES, potential: { priorityBoost: 50 } } },
      want: 60,
    },
  ])('$name', ({ i, q, want }) => {
    expect(priorityScore(call('i', i), queue('billing', q), NOW)).toBe(want);
  });

  it.each([
    { perMinute: 0, want: 10 },
    { perMinute: 60, want: 70 },
    { perMinute: 1, want: 11 },
  ])('takes the wait weight from the config ($perMinute a minute)', ({ perMinute, want }) => {
    expect(
      priorityScore(call('i', { enqueuedAt: secAgo(60) }), BILLING, NOW, { waitPointsPerMinute: perMinute }),
    ).toBe(want);
  });
});

describe('rankInteractions', () => {
  it.each<{ name: string; queues?: RoutingQueue[]; interactions: WaitingInteraction[]; want: string[] }>([
    {
      name: 'tiers in order at the same wait',
      interactions: (['low', 'high', 'potential', 'secondary'] as const).map((t) =>
        call(t, { valueTier: t, enqueuedAt: secAgo(10) }),
      ),
      want: ['high', 'secondary', 'potential', 'low'],
    },
    {
      name: 'longer wait first within a tier',
      interactions: [call('new', { enqueuedAt: secAgo(5) }), call('old', { enqueuedAt: secAgo(50) })],
      want: ['old', 'new'],
    },
    {
      name: 'a low-value customer waiting over 5 minutes overtakes a new high-value one',
      interactions: [
        call('vip', { valueTier: 'high', enqueuedAt: NOW }),
        call('low', { valueTier: 'low', enqueuedAt: secAgo(301) }),
      ],
      want: ['low', 'vip'],
    },
    {
      name: 'a low-value customer just under 5 minutes still yields',
      interactions: [
        call('low', { valueTier: 'low', enqueuedAt: secAgo(299) }),
        call('vip', { valueTier: 'high', enqueuedAt: NOW }),
      ],
      want: ['vip', 'low'],
    },
    {
      name: 'an exact tie goes to who came first',
      interactions: [
        call('vip', { valueTier: 'high', enqueuedAt: NOW }),
        call('low', { valueTier: 'low', enqueuedAt: secAgo(300) }),
      ],
      want: ['low', 'vip'],
    },
    {
      name: 'a tie in score and arrival goes to the smaller id',
      interactions: [call('b'), call('c'), call('a')],
      want: ['a', 'b', 'c'],
    },
    {
      name: 'base priority differs between queues',
      queues: [queue('billing'), queue('vip-line', { basePriority: 50 })],
      interactions: [call('billing', { enqueuedAt: secAgo(100) }), call('vip', { queueId: 'vip-line' })],
      want: ['vip', 'billing'],
    },
    {
      name: 'interactions of unknown queues are left out',
      interactions: [call('lost', { queueId: 'nowhere' }), call('ok')],
      want: ['ok'],
    },
    { name: 'nothing waiting', interactions: [], want: [] },
  ])('$name', ({ queues = [BILLING], interactions, want }) => {
    expect(rankInteractions(queues, interactions, NOW).map((r) => r.interaction.id)).toEqual(want);
  });
});

describe('skill requirements', () => {
  const twoSkills = queue('q', {
    requiredSkills: [
      { skill: 'billing', minLevel: 1 },
      { skill: 'english', minLevel: 4 },
    ],
  });

  it.each<{
    name: string;
    q: RoutingQueue;
    tier: ValueTier | null;
    want: { skill: string; minLevel: number }[];
  }>([
    {
      name: 'queue levels without a tier',
      q: twoSkills,
      tier: null,
      want: [
        { skill: 'billing', minLevel: 1 },
        { skill: 'english', minLevel: 4 },
      ],
    },
    {
      name: 'high value raises levels below 3 to 3 and keeps higher ones',
      q: twoSkills,
      tier: 'high',
      want: [
        { skill: 'billing', minLevel: 3 },
        { skill: 'english', minLevel: 4 },
      ],
    },
    {
      name: 'low value keeps queue levels',
      q: BILLING,
      tier: 'low',
      want: [{ skill: 'billing', minLevel: 1 }],
    },
    {
      name: 'a tier adds no skills to a queue that requires none',
      q: queue('q', { requiredSkills: [] }),
      tier: 'high',
      want: [],
    },
  ])('$name', ({ q, tier, want }) => {
    expect(requiredSkillLevels(q, tier)).toEqual(want);
  });

  it.each<{ skills: Record<string, number>; want: boolean }>([
    { skills: { billing: 3, english: 4 }, want: true },
    { skills: { billing: 5, english: 3 }, want: false },
    { skills: { billing: 5 }, want: false },
    { skills: {}, want: false },
  ])('meetsRequirements with $skills is $want', ({ skills, want }) => {
    expect(meetsRequirements(agent('a', { skills }), requiredSkillLevels(twoSkills, null))).toBe(want);
  });
});

describe('isFreeFor (state and capacity gate)', () => {
  it.each<{ name: string; a: Partial<RoutingAgent>; channel: 'voice' | 'chat' | 'email'; want: boolean }>([
    { name: 'available and empty takes voice', a: {}, channel: 'voice', want: true },
    { name: 'busy takes nothing', a: { state: 'busy' }, channel: 'chat', want: false },
    { name: 'wrap-up takes nothing', a: { state: 'wrap_up' }, channel: 'chat', want: false },
    {
      name: 'break takes nothing',
      a: { state: 'break', breakReason: 'lunch' },
      channel: 'email',
      want: false,
    },
    { name: 'offline takes nothing', a: { state: 'offline' }, channel: 'email', want: false },
    { name: 'chat below capacity', a: { load: { chat: 2 } }, channel: 'chat', want: true },
    { name: 'chat at capacity', a: { load: { chat: 3 } }, channel: 'chat', want: false },
    { name: 'no capacity for the channel', a: { capacity: { voice: 1 } }, channel: 'email', want: false },
    {
      name: 'capacity 0 for the channel',
      a: { capacity: { voice: 0, chat: 3 } },
      channel: 'voice',
      want: false,
    },
    { name: 'on a voice call: no chat', a: { load: { voice: 1 } }, channel: 'chat', want: false },
    { name: 'on a voice call: no email', a: { load: { voice: 1 } }, channel: 'email', want: false },
    { name: 'holding a chat: no voice', a: { load: { chat: 1 } }, channel: 'voice', want: false },
    { name: 'holding an email: no voice', a: { load: { email: 1 } }, channel: 'voice', want: false },
    { name: 'chats and emails mix', a: { load: { chat: 2, email: 4 } }, channel: 'email', want: true },
    {
      name: 'voice capacity above 1 still means one call',
      a: { capacity: { voice: 2 }, load: { voice: 1 } },
      channel: 'voice',
      want: false,
    },
  ])('$name', ({ a, channel, want }) => {
    expect(isFreeFor(agent('a', a), channel)).toBe(want);
  });
});

describe('bestAgentFor', () => {
  it.each<{ name: string; agents: RoutingAgent[]; i?: Partial<WaitingInteraction>; want: string | null }>([
    { name: 'nobody logged in', agents: [], want: null },
    { name: 'agent without the skill', agents: [agent('a', { skills: { sales: 5 } })], want: null },
    {
      name: 'agent below the queue level',
      agents: [agent('a', { skills: { billing: 1 } })],
      i: { queueId: 'senior' },
      want: null,
    },
    {
      name: 'agent exactly at the queue level',
      agents: [agent('a', { skills: { billing: 2 } })],
      i: { queueId: 'senior' },
      want: 'a',
    },
    {
      name: 'high value refuses a level-2 agent',
      agents: [agent('a', { skills: { billing: 2 } })],
      i: { valueTier: 'high' },
      want: null,
    },
    {
      name: 'high value accepts a level-3 agent',
      agents: [agent('a', { skills: { billing: 3 } })],
      i: { valueTier: 'high' },
      want: 'a',
    },
    {
      name: 'high value passes over a longer-idle level-2 agent',
      agents: [
        agent('junior', { skills: { billing: 2 }, idleSince: secAgo(900) }),
        agent('senior', { skills: { billing: 4 } }),
      ],
      i: { valueTier: 'high' },
      want: 'senior',
    },
    {
      name: 'low value may go to the level-2 agent',
      agents: [
        agent('junior', { skills: { billing: 2 }, idleSince: secAgo(900) }),
        agent('senior', { skills: { billing: 4 } }),
      ],
      i: { valueTier: 'low' },
      want: 'junior',
    },
    { name: 'agent on break', agents: [agent('a', { state: 'break' })], want: null },
    {
      name: 'agent at chat capacity',
      agents: [agent('a', { load: { chat: 3 } })],
      i: { channel: 'chat' },
      want: null,
    },
    {
      name: 'the agent with room when the other is full',
      agents: [
        agent('full', { load: { chat: 3 }, idleSince: secAgo(900) }),
        agent('room', { load: { chat: 1 } }),
      ],
      i: { channel: 'chat' },
      want: 'room',
    },
    {
      name: 'longest idle first',
      agents: [
        agent('recent', { idleSince: secAgo(10) }),
        agent('longest', { idleSince: secAgo(300) }),
        agent('mid'),
      ],
      want: 'longest',
    },
    {
      name: 'equal idle time: higher level on the required skills',
      agents: [agent('a', { skills: { billing: 2 } }), agent('b', { skills: { billing: 5 } })],
      want: 'b',
    },
    {
      name: 'equal idle time and level: smaller id',
      agents: [agent('b'), agent('c'), agent('a')],
      want: 'a',
    },
    { name: 'an unknown queue is never routed', agents: [agent('a')], i: { queueId: 'nowhere' }, want: null },
  ])('$name', ({ agents, i, want }) => {
    const queues = [BILLING, queue('senior', { requiredSkills: [{ skill: 'billing', minLevel: 2 }] })];
    expect(bestAgentFor(call('i', i), { queues, agents }, NOW)?.agentId ?? null).toBe(want);
  });
});

describe('sticky routing', () => {
  const longIdle = agent('other', { idleSince: secAgo(3600) });
  it.each<{
    name: string;
    last: Partial<RoutingAgent> | null;
    i?: Partial<WaitingInteraction>;
    want: Offer['reason'] | null;
    to?: string;
  }>([
    {
      name: 'inside the window the free last agent wins over a longer-idle one',
      last: {},
      want: 'sticky',
      to: 'last',
    },
    {
      name: 'inside the window it waits for the last agent on a call',
      last: { load: { voice: 1 } },
      want: null,
    },
    {
      name: 'inside the window it waits for the last agent on break',
      last: { state: 'break', breakReason: 'coffee' },
      want: null,
    },
    {
      name: 'inside the window it waits for the last agent in wrap-up',
      last: { state: 'wrap_up' },
      want: null,
    },
    {
      name: 'an offline last agent frees it at once',
      last: { state: 'offline' },
      want: 'standard',
      to: 'other',
    },
    { name: 'a last agent not in the snapshot frees it at once', last: null, want: 'standard', to: 'other' },
    {
      name: 'at the end of the window anyone may take it',
      last: { load: { voice: 1 } },
      i: { enqueuedAt: secAgo(30) },
      want: 'standard',
      to: 'other',
    },
    {
      name: 'after the window the last agent has no preference',
      last: {},
      i: { enqueuedAt: secAgo(45) },
      want: 'standard',
      to: 'other',
    },
    {
      name: 'a last agent below the high-value level holds no reservation',
      last: { skills: { billing: 2 }, load: { voice: 1 } },
      i: { valueTier: 'high' },
      want: 'standard',
      to: 'other',
    },
    {
      name: 'a last agent who declined holds no reservation',
      last: {},
      i: { declinedBy: ['last'] },
      want: 'standard',
      to: 'other',
    },
    {
      name: 'a last agent without capacity for the channel holds no reservation',
      last: { capacity: { voice: 1 } },
      i: { channel: 'chat' },
      want: 'standard',
      to: 'other',
    },
  ])('$name', ({ last, i, want, to }) => {
    const agents = last ? [longIdle, agent('last', last)] : [longIdle];
    const offer = bestAgentFor(call('i', { lastAgentId: 'last', ...i }), { queues: [BILLING], agents }, NOW);
    expect(offer?.reason ?? null).toBe(want);
    if (to) expect(offer?.agentId).toBe(to);
  });

  it('has no window when stickyWaitSeconds is 0', () => {
    const queues = [queue('billing', { stickyWaitSeconds: 0 })];
    const agents = [longIdle, agent('last', { load: { voice: 1 } })];
    const offer = bestAgentFor(call('i', { lastAgentId: 'last', enqueuedAt: NOW }), { queues, agents }, NOW);
    expect(offer).toEqual({ interactionId: 'i', agentId: 'other', reason: 'standard' });
  });
});

describe('declined agents', () => {
  it.each<{ name: string; agents: RoutingAgent[]; declinedBy: string[]; want: Offer | null }>([
    {
      name: 'skipped while another free agent qualifies',
      agents: [agent('decliner', { idleSince: secAgo(900) }), agent('b')],
      declinedBy: ['decliner'],
      want: { interactionId: 'i', agentId: 'b', reason: 'standard' },
    },
    {
      name: 'offered again when nobody else qualifies',
      agents: [agent('decliner'), agent('unskilled', { skills: {} })],
      declinedBy: ['decliner'],
      want: { interactionId: 'i', agentId: 'decliner', reason: 'reoffer' },
    },
    {
      name: 'not offered again while a qualified colleague is busy',
      agents: [agent('decliner'), agent('busy', { load: { voice: 1 } })],
      declinedBy: ['decliner'],
      want: null,
    },
    {
      name: 'offered again when the only other qualified agent is offline',
      agents: [agent('decliner'), agent('gone', { state: 'offline' })],
      declinedBy: ['decliner'],
      want: { interactionId: 'i', agentId: 'decliner', reason: 'reoffer' },
    },
    {
      name: 'among several decliners, the longest idle',
      agents: [agent('d1', { idleSince: secAgo(5) }), agent('d2', { idleSince: secAgo(500) })],
      declinedBy: ['d1', 'd2'],
      want: { interactionId: 'i', agentId: 'd2', reason: 'reoffer' },
    },
  ])('$name', ({ agents, declinedBy, want }) => {
    expect(bestAgentFor(call('i', { declinedBy }), { queues: [BILLING], agents }, NOW)).toEqual(want);
  });
});

describe('nextInteractionFor', () => {
  const queues = [BILLING, queue('tech', { requiredSkills: [{ skill: 'tech', minLevel: 1 }] })];

  it.each<{
    name: string;
    me?: Partial<RoutingAgent>;
    others?: RoutingAgent[];
    interactions: WaitingInteraction[];
    want: Offer | null;
  }>([
    {
      name: 'the highest priority interaction',
      interactions: [call('low', { valueTier: 'low' }), call('vip', { valueTier: 'high' })],
      want: { interactionId: 'vip', agentId: 'me', reason: 'standard' },
    },
    {
      name: 'skips queues the agent lacks the skill for',
      interactions: [
        call('tech', { queueId: 'tech', valueTier: 'high' }),
        call('bill', { valueTier: 'low' }),
      ],
      want: { interactionId: 'bill', agentId: 'me', reason: 'standard' },
    },
    {
      name: 'skips high value when below the tier level',
      me: { skills: { billing: 2 } },
      interactions: [call('vip', { valueTier: 'high' }), call('low', { valueTier: 'low' })],
      want: { interactionId: 'low', agentId: 'me', reason: 'standard' },
    },
    {
      name: 'skips what the agent declined when a colleague qualifies',
      others: [agent('colleague', { load: { voice: 1 } })],
      interactions: [call('declined', { declinedBy: ['me'], valueTier: 'high' }), call('fresh')],
      want: { interactionId: 'fresh', agentId: 'me', reason: 'standard' },
    },
    {
      name: 'takes back what it declined when nobody else qualifies',
      interactions: [call('declined', { declinedBy: ['me'] })],
      want: { interactionId: 'declined', agentId: 'me', reason: 'reoffer' },
    },
    {
      name: "skips an interaction reserved for a colleague's sticky window",
      others: [agent('colleague', { state: 'wrap_up' })],
      interactions: [call('theirs', { lastAgentId: 'colleague', valueTier: 'high' }), call('open')],
      want: { interactionId: 'open', agentId: 'me', reason: 'standard' },
    },
    {
      name: 'takes its own sticky customer',
      interactions: [call('mine', { lastAgentId: 'me', valueTier: 'high' }), call('open')],
      want: { interactionId: 'mine', agentId: 'me', reason: 'sticky' },
    },
    {
      name: 'takes email when chat is full',
      me: { load: { chat: 3 } },
      interactions: [
        call('chat', { channel: 'chat', valueTier: 'high' }),
        call('mail', { channel: 'email' }),
      ],
      want: { interactionId: 'mail', agentId: 'me', reason: 'standard' },
    },
    {
      name: 'takes no voice while holding a chat',
      me: { load: { chat: 1 } },
      interactions: [call('voice', { valueTier: 'high' }), call('chat', { channel: 'chat' })],
      want: { interactionId: 'chat', agentId: 'me', reason: 'standard' },
    },
    { name: 'nothing for an agent on break', me: { state: 'break' }, interactions: [call('i')], want: null },
    { name: 'nothing waiting', interactions: [], want: null },
    {
      name: 'nothing the agent may take',
      interactions: [call('tech', { queueId: 'tech' }), call('lost', { queueId: 'nowhere' })],
      want: null,
    },
  ])('$name', ({ me, others = [], interactions, want }) => {
    const snap = { queues, agents: [agent('me', me), ...others], interactions };
    expect(nextInteractionFor('me', snap, NOW)).toEqual(want);
  });

  it('returns null for an agent not in the snapshot', () => {
    expect(nextInteractionFor('ghost', snapshot({ interactions: [call('i')] }), NOW)).toBeNull();
  });
});

describe('findOverflows', () => {
  const queues = [
    queue('a', { maxWaitSeconds: 60, overflowQueueId: 'b' }),
    queue('b', { maxWaitSeconds: 60, overflowQueueId: 'a' }),
    queue('c', { maxWaitSeconds: 60, overflowQueueId: 'd' }),
    queue('d', { maxWaitSeconds: 60, overflowQueueId: null }),
    queue('e', { maxWaitSeconds: null, overflowQueueId: 'a' }),
    queue('f', { maxWaitSeconds: 60, overflowQueueId: 'f' }),
    queue('g', { maxWaitSeconds: 60, overflowQueueId: 'elsewhere' }),
  ];

  it.each<{ name: string; i: Partial<WaitingInteraction>; want: { to: string; from: string[] } | null }>([
    { name: 'not before the timeout', i: { queueId: 'a', enqueuedAt: secAgo(59) }, want: null },
    { name: 'at the timeout', i: { queueId: 'a', enqueuedAt: secAgo(60) }, want: { to: 'b', from: ['a'] } },
    {
      name: 'past the timeout',
      i: { queueId: 'a', enqueuedAt: secAgo(600) },
      want: { to: 'b', from: ['a'] },
    },
    { name: 'no overflow queue', i: { queueId: 'd', enqueuedAt: secAgo(600) }, want: null },
    { name: 'no timeout', i: { queueId: 'e', enqueuedAt: secAgo(6000) }, want: null },
    {
      name: 'never back to a queue it left (A → B → A)',
      i: { queueId: 'b', enqueuedAt: secAgo(600), overflowedFrom: ['a'] },
      want: null,
    },
    {
      name: 'on along a chain (A → C → D)',
      i: { queueId: 'c', enqueuedAt: secAgo(600), overflowedFrom: ['a'] },
      want: { to: 'd', from: ['a', 'c'] },
    },
    {
      name: 'timed from entering the current queue',
      i: { queueId: 'b', enqueuedAt: secAgo(600), queueEnteredAt: secAgo(30), overflowedFrom: ['x'] },
      want: null,
    },
    {
      name: 'timed from entering the current queue, past the timeout',
      i: { queueId: 'c', enqueuedAt: secAgo(600), queueEnteredAt: secAgo(61) },
      want: { to: 'd', from: ['c'] },
    },
    { name: 'never to itself', i: { queueId: 'f', enqueuedAt: secAgo(600) }, want: null },
    {
      name: 'to a queue outside the snapshot',
      i: { queueId: 'g', enqueuedAt: secAgo(600) },
      want: { to: 'elsewhere', from: ['g'] },
    },
    { name: 'unknown queue', i: { queueId: 'nowhere', enqueuedAt: secAgo(600) }, want: null },
  ])('$name', ({ i, want }) => {
    const moves = findOverflows(queues, [call('i', i)], NOW);
    expect(moves).toEqual(
      want
        ? [{ interactionId: 'i', fromQueueId: i.queueId, toQueueId: want.to, overflowedFrom: want.from }]
        : [],
    );
  });

  it('returns nothing for nothing waiting', () => {
    expect(findOverflows(queues, [], NOW)).toEqual([]);
    expect(findOverflows([], [call('i', { enqueuedAt: secAgo(600) })], NOW)).toEqual([]);
  });
});

describe('assign', () => {
  it.each<{ name: string; snap: RoutingSnapshot; want: [string, string][] }>([
    { name: 'empty snapshot', snap: { queues: [], agents: [], interactions: [] }, want: [] },
    { name: 'nobody logged in', snap: snapshot({ interactions: [call('i')] }), want: [] },
    { name: 'nothing waiting', snap: snapshot({ agents: [agent('a')] }), want: [] },
    {
      name: 'chat capacity 3 with load 1 takes 2 more',
      snap: snapshot({
        agents: [agent('a', { load: { chat: 1 } })],
        interactions: ['c1', 'c2', 'c3', 'c4'].map((id, n) =>
          call(id, { channel: 'chat', enqueuedAt: secAgo(50 - n) }),
        ),
      }),
      want: [
        ['c1', 'a'],
        ['c2', 'a'],
      ],
    },
    {
      name: 'one voice agent, two calls: the higher priority gets the agent',
      snap: snapshot({
        agents: [agent('a')],
        interactions: [call('low', { valueTier: 'low' }), call('vip', { valueTier: 'high' })],
      }),
      want: [['vip', 'a']],
    },
    {
      name: 'a voice offer blocks chat for the rest of the pass',
      snap: snapshot({
        agents: [agent('a')],
        interactions: [call('voice', { valueTier: 'high' }), call('chat', { channel: 'chat' })],
      }),
      want: [['voice', 'a']],
    },
    {
      name: 'a chat offer blocks voice for the rest of the pass',
      snap: snapshot({
        agents: [agent('a')],
        interactions: [
          call('chat', { channel: 'chat', valueTier: 'high' }),
          call('voice'),
          call('chat2', { channel: 'chat' }),
        ],
      }),
      want: [
        ['chat', 'a'],
        ['chat2', 'a'],
      ],
    },
    {
      name: 'work is spread: each offer makes its agent the most recently busy',
      snap: snapshot({
        agents: [agent('a', { idleSince: secAgo(500) }), agent('b', { idleSince: secAgo(100) })],
        interactions: ['c1', 'c2', 'c3'].map((id, n) =>
          call(id, { channel: 'chat', enqueuedAt: secAgo(50 - n) }),
        ),
      }),
      want: [
        ['c1', 'a'],
        ['c2', 'b'],
        ['c3', 'a'],
      ],
    },
    {
      name: 'high value goes to the skilled agent, the rest to whoever is left',
      snap: snapshot({
        agents: [
          agent('junior', { skills: { billing: 1 }, idleSince: secAgo(900) }),
          agent('senior', { skills: { billing: 4 } }),
        ],
        interactions: [call('low', { valueTier: 'low' }), call('vip', { valueTier: 'high' })],
      }),
      want: [
        ['vip', 'senior'],
        ['low', 'junior'],
      ],
    },
    {
      name: 'an interaction listed twice is offered once',
      snap: snapshot({
        agents: [agent('a', { capacity: { chat: 3 } }), agent('b', { capacity: { chat: 3 } })],
        interactions: [call('same', { channel: 'chat' }), call('same', { channel: 'chat' })],
      }),
      want: [['same', 'a']],
    },
    {
      name: 'a sticky reservation is kept from free colleagues',
      snap: snapshot({
        agents: [agent('last', { load: { voice: 1 } }), agent('other')],
        interactions: [call('mine', { lastAgentId: 'last', valueTier: 'high' }), call('open')],
      }),
      want: [['open', 'other']],
    },
    {
      name: 'declined agents get another interaction instead',
      snap: snapshot({
        agents: [agent('a', { idleSince: secAgo(900) }), agent('b')],
        interactions: [call('first', { declinedBy: ['a'], valueTier: 'high' }), call('second')],
      }),
      want: [
        ['first', 'b'],
        ['second', 'a'],
      ],
    },
    {
      name: 'agents not available get nothing',
      snap: snapshot({
        agents: (['busy', 'wrap_up', 'break', 'offline'] as const).map((state) => agent(state, { state })),
        interactions: [call('v'), call('c', { channel: 'chat' }), call('e', { channel: 'email' })],
      }),
      want: [],
    },
  ])('$name', ({ snap, want }) => {
    const offers = assign(snap, NOW);
    expect(offers.map((o) => [o.interactionId, o.agentId])).toEqual(want);
    expectValidOffers(snap, offers);
  });

  it('keeps every capacity and offers each interaction once in a mixed floor', () => {
    const agents = Array.from({ length: 6 }, (_, n) =>
      agent(`a${n}`, {
        idleSince: secAgo(n * 37),
        skills: { billing: 1 + (n % 5) },
        load: n % 3 === 0 ? { chat: 1 } : n % 3 === 1 ? { email: 4 } : {},
      }),
    );
    const channels = ['voice', 'chat', 'email'] as const;
    const tiers = ['high', 'secondary', 'potential', 'low', null] as const;
    const interactions = Array.from({ length: 40 }, (_, n) =>
      call(`i${n}`, {
        channel: channels[n % 3]!,
        valueTier: tiers[n % 5]!,
        enqueuedAt: secAgo((n * 13) % 200),
      }),
    );
    const snap = snapshot({ agents, interactions });
    const offers = assign(snap, NOW);
    expect(offers.length).toBeGreaterThan(0);
    expectValidOffers(snap, offers);
    expect(assign(snap, NOW)).toEqual(offers);
  });

  it('processes interactions in priority order', () => {
    const interactions = [
      call('c', { channel: 'chat', valueTier: 'low' }),
      call('a', { channel: 'chat', valueTier: 'high' }),
      call('b', { channel: 'chat', valueTier: 'secondary' }),
    ];
    const offers = assign(snapshot({ agents: [agent('x')], interactions }), NOW);
    expect(offers.map((o) => o.interactionId)).toEqual(['a', 'b', 'c']);
  });

  it('does not change the snapshot it is given', () => {
    const a = agent('a', { load: { chat: 1 } });
    const snap = snapshot({ agents: [a], interactions: [call('c', { channel: 'chat' })] });
    assign(snap, NOW);
    expect(a.load).toEqual({ chat: 1 });
    expect(a.idleSince).toEqual(secAgo(60));
  });
});

describe('assignAmongFew', () => {
  /** A small deterministic PRNG (mulberry32), so a failure names its seed. */
  function random(seed: number) {
    let t = seed;
    return () => {
      t = (t + 0x6d2b79f5) | 0;
      let r = Math.imul(t ^ (t >>> 15), 1 | t);
      r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
      return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** A floor with skills, states, loads, tiers, sticky customers and declines. */
  function floor(seed: number) {
    const rnd = random(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
    const queues = [
      queue('billing', { requiredSkills: [{ skill: 'billing', minLevel: 1 + Math.floor(rnd() * 3) }] }),
      queue('general', { requiredSkills: [], stickyWaitSeconds: pick([0, 30]) }),
    ];
    const agents = Array.from({ length: 1 + Math.floor(rnd() * 40) }, (_, n) =>
      agent(`a${String(n).padStart(2, '0')}`, {
        state: pick(['available', 'available', 'available', 'busy', 'break', 'wrap_up', 'offline'] as const),
        // Whole seconds, so that ties in idle time happen.
        idleSince: secAgo(Math.floor(rnd() * 6)),
        skills: rnd() < 0.7 ? { billing: 1 + Math.floor(rnd() * 5) } : {},
        capacity: { voice: pick([0, 1]), chat: pick([0, 1, 3]), email: pick([0, 5]) },
        load: { chat: pick([0, 0, 1, 2]), voice: pick([0, 0, 0, 1]) },
      }),
    );
    const interactions = Array.from({ length: 1 + Math.floor(rnd() * 12) }, (_, n) =>
      call(`i${String(n).padStart(2, '0')}`, {
        queueId: pick(['billing', 'general']),
        channel: pick(['chat', 'chat', 'voice', 'email'] as const),
        enqueuedAt: secAgo(Math.floor(rnd() * 60)),
        valueTier: pick([null, 'high', 'low'] as const),
        lastAgentId: rnd() < 0.3 ? pick(agents).id : null,
        declinedBy: rnd() < 0.2 ? [pick(agents).id] : [],
      }),
    );
    return { queues, agents, interactions };
  }

  /** What the pass reads: the `limit` longest-idle agents free for a waiting channel, and the last agents. */
  function readFew(snap: RoutingSnapshot, limit: number) {
    const channels = new Set(snap.interactions.map((i) => i.channel));
    const free = snap.agents
      .filter((a) => [...channels].some((c) => isFreeFor(a, c)))
      .sort((x, y) => x.idleSince.getTime() - y.idleSince.getTime() || (x.id < y.id ? -1 : 1));
    const last = new Set(snap.interactions.flatMap((i) => (i.lastAgentId ? [i.lastAgentId] : [])));
    return {
      queues: snap.queues,
      interactions: snap.interactions,
      free: free.slice(0, limit),
      firstLeftOut: free[limit] ?? null,
      named: snap.agents.filter((a) => last.has(a.id) && a.state !== 'offline'),
    };
  }

  it('answers, when it answers, what assign answers over every agent', () => {
    let answered = 0;
    let truncatedAndAnswered = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const snap = floor(seed);
      for (const limit of [1, 3, 8, 100]) {
        const few = readFew(snap, limit);
        const offers = assignAmongFew(few, NOW);
        if (offers === null) continue;
        answered++;
        if (few.firstLeftOut) truncatedAndAnswered++;
        expect([seed, limit, offers]).toEqual([seed, limit, assign(snap, NOW)]);
      }
    }
    // The shortcut is taken often, also when agents were left out: it is worth having.
    expect(answered).toBeGreaterThan(6000);
    expect(truncatedAndAnswered).toBeGreaterThan(200);
  });

  it('gives up on giving an interaction back to an agent who declined it', () => {
    const snap = snapshot({
      agents: [agent('declined'), agent('busy', { state: 'busy' })],
      interactions: [call('i', { declinedBy: ['declined'] })],
    });
    // Over everyone: the busy colleague is worth waiting for, so no offer.
    expect(assign(snap, NOW)).toEqual([]);
    expect(assignAmongFew({ ...readFew(snap, 5), named: [] }, NOW)).toBeNull();
  });
});
