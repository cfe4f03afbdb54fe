/**
 * What the next simulated contact is: which channel (by the configured mix), which demo
 * tenant, which of its customers acts as the contact, and what they will do (how long a
 * caller stays on the line and which keys they press, what a chat visitor writes and when
 * they leave, what an email says). Pure: all chance comes from the given Random, so one seed
 * always plans the same traffic. The drivers (sip-caller, chat-visitor, email-sender) carry
 * a plan out against the running server.
 */
import type { DemoTrafficMix } from '../../kernel/config.ts';
import { type CustomerLocale, emailBody, STRANGER_NAMES, type Topic, topicsFor } from './customer-lines.ts';
import { intBetween, pickOne, pickWeighted, type Random } from './seeded-random.ts';

export type TrafficChannel = keyof DemoTrafficMix;
export const TRAFFIC_CHANNELS: readonly TrafficChannel[] = ['calls', 'chats', 'emails'];

/** A demo customer as the API lists them (admins see phone numbers in full). */
export interface TrafficContact {
  name: string;
  /** E.164 with +, as stored. */
  phone: string | null;
  email: string | null;
}

/** A demo tenant the traffic goes to, and what it can take. */
export interface TrafficTenant {
  slug: string;
  /** Its share of the traffic among the tenants that take a channel. */
  weight: number;
  /** The channels it is set up for (a hotline number, a chat site, a mailbox). */
  channels: readonly TrafficChannel[];
  contacts: readonly TrafficContact[];
}

export type Range = readonly [min: number, max: number];

/** How long things take; tests shorten them. */
export interface TrafficTiming {
  /** From the call being answered to the caller hanging up (waiting and talking). */
  callMs: Range;
  /** When a caller presses a key after the answer (an IVR menu's first choice). */
  digitAfterMs: Range;
  /** Share of callers who press a key. */
  digitShare: number;
  /** From the chat starting to the visitor leaving. */
  chatStayMs: Range;
  /** Between a chat visitor's messages. */
  chatPauseMs: Range;
  /** Share of contacts written in English (the rest in Chinese). */
  englishShare: number;
  /** Share of chat visitors who fill in the pre-chat form (so the chat finds their card). */
  chatFormShare: number;
}

export const DEFAULT_TIMING: TrafficTiming = {
  callMs: [20_000, 120_000],
  digitAfterMs: [3_000, 6_000],
  digitShare: 0.4,
  chatStayMs: [45_000, 180_000],
  chatPauseMs: [5_000, 20_000],
  englishShare: 0.15,
  chatFormShare: 0.8,
};

interface PlannedBase {
  tenantSlug: string;
  contact: TrafficContact;
  locale: CustomerLocale;
}

export interface PlannedCall extends PlannedBase {
  channel: 'calls';
  /** The caller hangs up this long after the answer (unless Hotline ends the call first). */
  hangUpAfterMs: number;
  /** Keys pressed by RFC 4733 telephone-events, at these times after the answer. */
  digits: { digit: string; afterMs: number }[];
}

export interface PlannedChat extends PlannedBase {
  channel: 'chats';
  /** Whether the visitor gives name, phone and email in the pre-chat form. */
  fillsForm: boolean;
  opening: string;
  /** Sent one by one, each after a pause, while the visitor stays. */
  followUps: { text: string; afterMs: number }[];
  leaveAfterMs: number;
}

export interface PlannedEmail extends PlannedBase {
  channel: 'emails';
  subject: string;
  body: string;
}

export type PlannedContact = PlannedCall | PlannedChat | PlannedEmail;

/** Which channels can carry traffic: weighted above 0 and taken by at least one tenant. */
export function liveChannels(mix: DemoTrafficMix, tenants: readonly TrafficTenant[]): TrafficChannel[] {
  return TRAFFIC_CHANNELS.filter(
    (c) => mix[c] > 0 && tenants.some((t) => t.weight > 0 && t.channels.includes(c)),
  );
}

/**
 * The next contact, or null when no channel of the mix has a tenant to go to.
 *
 * @example
 * const rng = seededRandom(7);
 * planContact(rng, { calls: 2, chats: 2, emails: 1 }, tenants); // { channel: 'chats', … }
 */
export function planContact(
  rng: Random,
  mix: DemoTrafficMix,
  tenants: readonly TrafficTenant[],
  timing: TrafficTiming = DEFAULT_TIMING,
): PlannedContact | null {
  const channels = liveChannels(mix, tenants);
  if (channels.length === 0) return null;
  const channel = pickWeighted(
    rng,
    channels.map((c) => ({ item: c, weight: mix[c] })),
  );
  const tenant = pickWeighted(
    rng,
    tenants.filter((t) => t.channels.includes(channel)).map((t) => ({ item: t, weight: t.weight })),
  );
  const contact = pickContact(rng, tenant.contacts, channel);
  const locale: CustomerLocale = rng.next() < timing.englishShare ? 'en' : 'zh-CN';
  const base = { tenantSlug: tenant.slug, contact, locale };
  const topic = pickOne(rng, topicsFor(tenant.slug, locale));
  switch (channel) {
    case 'calls':
      return {
        ...base,
        channel,
        hangUpAfterMs: between(rng, timing.callMs),
        digits:
          rng.next() < timing.digitShare ? [{ digit: '1', afterMs: between(rng, timing.digitAfterMs) }] : [],
      };
    case 'chats':
      return { ...base, channel, ...chatScript(rng, topic, timing) };
    case 'emails':
      return { ...base, channel, subject: topic.subject, body: emailBody(topic, contact.name, locale) };
  }
}

/**
 * A customer of the tenant who can use the channel (a phone to call from, an email address to
 * write from); a stranger when the tenant has none, so traffic flows even without a pool.
 */
export function pickContact(
  rng: Random,
  contacts: readonly TrafficContact[],
  channel: TrafficChannel,
): TrafficContact {
  const usable = contacts.filter((c) =>
    channel === 'calls' ? c.phone !== null : channel === 'emails' ? c.email !== null : true,
  );
  if (usable.length > 0) return pickOne(rng, usable);
  return stranger(rng);
}

/** Someone who is not a customer yet: a made-up mobile number (the 139 0000 block) and address. */
export function stranger(rng: Random): TrafficContact {
  const digits = String(intBetween(rng, 0, 9999)).padStart(4, '0');
  return {
    name: pickOne(rng, STRANGER_NAMES),
    phone: `+86139000${digits}`,
    email: `visitor${digits}@example.com`,
  };
}

function chatScript(rng: Random, topic: Topic, timing: TrafficTiming) {
  const leaveAfterMs = between(rng, timing.chatStayMs);
  const followUps: PlannedChat['followUps'] = [];
  let at = 0;
  for (const text of topic.followUps.slice(0, intBetween(rng, 1, topic.followUps.length))) {
    at += between(rng, timing.chatPauseMs);
    // A visitor who has already left says nothing more.
    if (at >= leaveAfterMs) break;
    followUps.push({ text, afterMs: at });
  }
  return { fillsForm: rng.next() < timing.chatFormShare, opening: topic.opening, followUps, leaveAfterMs };
}

function between(rng: Random, [min, max]: Range): number {
  return intBetween(rng, Math.round(min), Math.round(Math.max(min, max)));
}
