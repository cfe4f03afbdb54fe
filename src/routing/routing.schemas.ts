import { z } from 'zod';
import { VALUE_TIERS } from '../value/value-rules.ts';
import { minutesOf, WEEKDAYS } from './business-hours.ts';
import { AGENT_STATES, CHANNELS } from './routing.engine.ts';

/** HTTP request and response shapes of the routing slice: queues, agents, interactions. */

const trimmed = (max: number) => z.string().trim().min(1).max(max);
const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, - and _ (up to 40)');

export const channel = z.enum(CHANNELS);
export const idParams = z.strictObject({ id: z.uuid() });

// ---------------------------------------------------------------------------------- queues

const hhmm = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, "a time 'HH:MM' (00:00–24:00)");
const openingWindow = z
  .strictObject({ open: hhmm, close: hhmm })
  .refine((w) => minutesOf(w.open) < minutesOf(w.close), 'a window must open before it closes');
const businessHours = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((d) => [d, z.array(openingWindow).max(6).optional()])) as Record<
    (typeof WEEKDAYS)[number],
    z.ZodOptional<z.ZodArray<typeof openingWindow>>
  >,
);
const tierRule = z.strictObject({
  priorityBoost: z.number().int().min(-1000).max(1000),
  minSkillLevel: z.number().int().min(1).max(5).optional(),
});
const tierRules = z.strictObject(
  Object.fromEntries(VALUE_TIERS.map((t) => [t, tierRule])) as Record<
    (typeof VALUE_TIERS)[number],
    typeof tierRule
  >,
);
const skillRequirement = z.strictObject({ skill: code, minLevel: z.number().int().min(1).max(5) });
const timeZone = z
  .string()
  .max(64)
  .refine((zone) => zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone), 'unknown time zone');

const queueFields = {
  code,
  name: trimmed(100),
  channels: z
    .array(channel)
    .min(1)
    .max(3)
    .refine((c) => new Set(c).size === c.length, 'each channel once'),
  requiredSkills: z
    .array(skillRequirement)
    .max(20)
    .refine((s) => new Set(s.map((r) => r.skill)).size === s.length, 'each skill once'),
  priority: z.number().int().min(-100).max(100).describe('Base priority; higher goes first'),
  timeZone: timeZone.nullable().describe("IANA zone of the business hours; null: the tenant's"),
  alwaysOpen: z.boolean().describe('7×24: business hours and holidays are ignored'),
  businessHours: businessHours.describe("Opening windows per weekday ('mon'…'sun'); a missing day is closed"),
  holidays: z.array(z.iso.date()).max(400).describe('Local dates the queue is closed all day'),
  serviceLevel: z
    .strictObject({
      percent: z.number().int().min(1).max(100),
      withinSeconds: z.number().int().min(1).max(3600),
    })
    .describe('Target, e.g. 80 % answered within 20 s'),
  maxWaitSeconds: z
    .number()
    .int()
    .min(1)
    .max(86_400)
    .nullable()
    .describe('Overflow after this wait in the queue'),
  overflowQueueId: z.uuid().nullable(),
  stickyWaitSeconds: z
    .number()
    .int()
    .min(0)
    .max(3600)
    .describe("How long an interaction waits for the customer's last agent"),
  wrapUpSeconds: z.number().int().min(0).max(3600).describe('After-work time once an interaction ends'),
  offlineMessage: z.string().trim().max(2000).nullable().describe('Chat outside hours: shown above the form'),
  emailAutoReply: z.string().trim().max(5000).nullable().describe('Email outside hours: the auto-reply'),
  tierRules: tierRules
    .nullable()
    .describe('Priority boost and skill level per value tier; null: the defaults'),
};

export const createQueueBody = z
  .strictObject({
    code: queueFields.code,
    name: queueFields.name,
    channels: queueFields.channels.default(['chat', 'email', 'voice']),
    requiredSkills: queueFields.requiredSkills.default([]),
    priority: queueFields.priority.default(0),
    timeZone: queueFields.timeZone.default(null),
    alwaysOpen: queueFields.alwaysOpen.default(true),
    businessHours: queueFields.businessHours.default({}),
    holidays: queueFields.holidays.default([]),
    serviceLevel: queueFields.serviceLevel.default({ percent: 80, withinSeconds: 20 }),
    maxWaitSeconds: queueFields.maxWaitSeconds.default(null),
    overflowQueueId: queueFields.overflowQueueId.default(null),
    stickyWaitSeconds: queueFields.stickyWaitSeconds.default(30),
    wrapUpSeconds: queueFields.wrapUpSeconds.default(30),
    offlineMessage: queueFields.offlineMessage.default(null),
    emailAutoReply: queueFields.emailAutoReply.default(null),
    tierRules: queueFields.tierRules.default(null),
  })
  .superRefine(checkOpeningHours);
export type CreateQueueBody = z.infer<typeof createQueueBody>;

export const updateQueueBody = z
  .strictObject(
    Object.fromEntries(Object.entries(queueFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof queueFields]: z.ZodOptional<(typeof queueFields)[K]>;
    },
  )
  .refine((body) => Object.keys(body).length > 0, 'Nothing to change');
export type UpdateQueueBody = z.infer<typeof updateQueueBody>;
export type QueueSettings = Omit<CreateQueueBody, 'code' | 'name'> & { code: string; name: string };

/** A queue that is not 7×24 needs at least one opening window, or it would never open. */
export function checkOpeningHours(
  q: { alwaysOpen?: boolean | undefined; businessHours?: Record<string, unknown[] | undefined> | undefined },
  ctx: z.RefinementCtx,
) {
  if (q.alwaysOpen === false && !Object.values(q.businessHours ?? {}).some((w) => (w?.length ?? 0) > 0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['businessHours'],
      message: 'a queue that is not always open needs business hours',
    });
  }
}

export const queueView = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  channels: z.array(channel),
  requiredSkills: z.array(z.object({ skill: z.string(), minLevel: z.number() })),
  priority: z.number(),
  timeZone: z.string().nullable(),
  alwaysOpen: z.boolean(),
  businessHours: z.record(z.string(), z.array(z.object({ open: z.string(), close: z.string() }))),
  holidays: z.array(z.string()),
  serviceLevel: z.object({ percent: z.number(), withinSeconds: z.number() }),
  maxWaitSeconds: z.number().nullable(),
  overflowQueueId: z.string().nullable(),
  stickyWaitSeconds: z.number(),
  wrapUpSeconds: z.number(),
  offlineMessage: z.string().nullable(),
  emailAutoReply: z.string().nullable(),
  tierRules: z.record(
    z.string(),
    z.object({ priorityBoost: z.number(), minSkillLevel: z.number().optional() }),
  ),
  open: z.boolean().describe('Open right now'),
  nextOpening: z.string().nullable().describe('When it opens next (now if open; null: not within two weeks)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type QueueView = z.infer<typeof queueView>;

// ---------------------------------------------------------------------------------- agents

const channelCounts = z.object({ voice: z.number(), chat: z.number(), email: z.number() });

export const agentProfileBody = z.strictObject({
  skills: z
    .array(z.strictObject({ skill: code, level: z.number().int().min(1).max(5) }))
    .max(50)
    .refine((s) => new Set(s.map((r) => r.skill)).size === s.length, 'each skill once'),
  capacity: z
    .strictObject({
      voice: z.number().int().min(0).max(1).describe('A call is exclusive: 0 or 1'),
      chat: z.number().int().min(0).max(20),
      email: z.number().int().min(0).max(50),
    })
    .describe('Interactions held at once, per channel'),
});
export type AgentProfileBody = z.infer<typeof agentProfileBody>;

/** `wrap_up` is set by the ACD when an interaction ends, not chosen. */
export const agentStateBody = z
  .strictObject({
    state: z.enum(['available', 'busy', 'break', 'offline']),
    reason: z.string().trim().min(1).max(100).nullish().describe('Required for a break (lunch, training…)'),
  })
  .refine((b) => b.state !== 'break' || !!b.reason, { path: ['reason'], message: 'say why (e.g. lunch)' });
export type AgentStateBody = z.infer<typeof agentStateBody>;

export const agentView = z.object({
  id: z.string().describe("The agent's user id"),
  displayName: z.string(),
  email: z.string(),
  role: z.string(),
  state: z.enum(AGENT_STATES),
  stateReason: z.string().nullable(),
  stateSince: z.string(),
  idleSince: z.string(),
  wrapUpUntil: z.string().nullable(),
  skills: z.array(z.object({ skill: z.string(), level: z.number() })),
  capacity: channelCounts,
  load: channelCounts.describe('Interactions offered to or held by the agent now'),
});
export type AgentView = z.infer<typeof agentView>;

// ---------------------------------------------------------------------------- interactions

const attachment = z.strictObject({
  name: trimmed(255),
  contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a MIME type such as image/png'),
  sizeBytes: z
    .number()
    .int()
    .min(0)
    .max(25 * 1024 * 1024),
  url: z.url().max(2000).optional(),
});

export const messageInput = z.strictObject({
  body: z.string().trim().min(1).max(10_000),
  attachments: z.array(attachment).max(10).default([]),
});

export const createInteractionBody = z.strictObject({
  channel,
  queueId: z.uuid(),
  subject: trimmed(300).nullish(),
  customerId: z.uuid().nullish().describe('Known customer; otherwise found from the contact fields'),
  contact: z
    .strictObject({
      name: trimmed(100).nullish(),
      phone: trimmed(40).nullish(),
      email: trimmed(254).nullish(),
      chatId: trimmed(128).nullish(),
    })
    .optional(),
  priority: z
    .number()
    .int()
    .min(-1000)
    .max(1000)
    .nullish()
    .describe('Replaces base priority + tier boost (supervisors)'),
  message: messageInput.optional().describe("The customer's first message"),
});
export type CreateInteractionBody = z.infer<typeof createInteractionBody>;

export const postMessageBody = messageInput.extend({
  author: z
    .enum(['agent', 'customer', 'system'])
    .optional()
    .describe("Default 'agent'; 'customer' and 'system' are for internal channels (supervisors)"),
});

// No body at all is fine too (Fastify passes null).
export const declineBody = z.strictObject({ reason: trimmed(200).optional() }).nullish();

export const moveBody = z
  .strictObject({
    queueId: z.uuid().optional(),
    agentId: z.uuid().optional(),
    note: z.string().trim().max(1000).optional(),
  })
  .refine((b) => (b.queueId === undefined) !== (b.agentId === undefined), 'give either queueId or agentId');
export type MoveBody = z.infer<typeof moveBody>;

export const wrapUpBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$/, 'a disposition code (letters, digits, _ . -)'),
  notes: z.string().trim().max(5000).nullish(),
});

export const linkCustomerBody = z.strictObject({ customerId: z.uuid() });

export const interactionStatus = z.enum(['queued', 'offered', 'active', 'wrap_up', 'closed', 'abandoned']);

export const listInteractionsQuery = z.strictObject({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(interactionStatus))
    .optional()
    .describe('One status or several, comma-separated'),
  queueId: z.uuid().optional(),
  agentId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

const messageView = z.object({
  id: z.string(),
  author: z.enum(['customer', 'agent', 'system']),
  authorUserId: z.string().nullable(),
  body: z.string(),
  attachments: z.array(
    z.object({
      name: z.string(),
      contentType: z.string(),
      sizeBytes: z.number(),
      url: z.string().optional(),
    }),
  ),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageView>;

export const interactionView = z.object({
  id: z.string(),
  channel,
  direction: z.enum(['inbound', 'outbound']),
  status: interactionStatus,
  queueId: z.string(),
  customerId: z.string().nullable(),
  subject: z.string().nullable(),
  contact: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    chatId: z.string().nullable(),
  }),
  valueTier: z.enum(VALUE_TIERS).nullable(),
  priority: z.number().nullable(),
  enqueuedAt: z.string(),
  queueEnteredAt: z.string(),
  overflowedFrom: z.array(z.string()),
  lastAgentId: z.string().nullable(),
  agentId: z.string().nullable().describe('Offered to, handling, or (once closed) handled by'),
  acceptedAt: z.string().nullable(),
  wrapUpUntil: z.string().nullable(),
  closedAt: z.string().nullable(),
  abandonedAt: z.string().nullable(),
  createdAt: z.string(),
  offer: z
    .object({
      id: z.string(),
      agentId: z.string(),
      status: z.enum(['pending', 'accepted']),
      reason: z.string(),
      offeredAt: z.string(),
      expiresAt: z.string(),
    })
    .nullable()
    .describe('The live offer: pending, or accepted and not ended'),
  disposition: z
    .object({
      code: z.string(),
      notes: z.string().nullable(),
      agentId: z.string().nullable(),
      at: z.string(),
    })
    .nullable(),
});
export type InteractionView = z.infer<typeof interactionView>;

export const interactionDetailView = interactionView.extend({ messages: z.array(messageView) });
export type InteractionDetailView = z.infer<typeof interactionDetailView>;

export const createdInteractionView = interactionDetailView.extend({
  afterHours: z
    .object({
      offlineMessage: z.string().nullable(),
      emailAutoReply: z.string().nullable(),
      nextOpening: z.string().nullable(),
    })
    .nullable()
    .describe('Set when the queue is closed now: what to tell the customer; it waits until opening'),
});
