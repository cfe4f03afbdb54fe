import { normalizeContact } from '../customers/contact-value.ts';
import { findContactByValue, findCustomer, tenantDefaults } from '../customers/customers.store.ts';
import type { ContactKind } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { AppError } from '../kernel/http/errors.ts';
import { customerTiers } from '../value/customer-tier.ts';
import { isOpenAt, nextOpening } from './business-hours.ts';
import { type InteractionRow, insertInteraction, insertMessage, lastAgentOf } from './interaction.store.ts';
import {
  type ChannelScope,
  isManager,
  moveContext,
  queueFor,
  type RoutingScope,
} from './interaction-access.ts';
import { type QueueRecord, queueHours } from './queue.store.ts';
import { emitRoutingEvent, requestRoutingPass } from './routing.events.ts';
import type { CreateInteractionBody } from './routing.schemas.ts';

/** How far back the customer's last agent counts for sticky routing. */
const STICKY_LOOKBACK_DAYS = 30;

export interface CreatedInteraction {
  interaction: InteractionRow;
  /** Set when the queue is closed now; the interaction waits for it to open. */
  afterHours: {
    offlineMessage: string | null;
    emailAutoReply: string | null;
    nextOpening: string | null;
  } | null;
}

/**
 * A new interaction enters its queue. The customer is the one given, or the one whose phone,
 * email or chat id matches the contact fields; their value tier (from the value slice) and
 * the agent who last served them (sticky routing) are read now.
 */
export async function createInteraction(
  scope: RoutingScope | ChannelScope,
  body: CreateInteractionBody,
): Promise<CreatedInteraction> {
  const { tx, tenantId } = scope;
  const ctx = moveContext(scope);
  if (body.priority != null && !(scope.user && isManager(scope))) {
    throw new AppError('FORBIDDEN', 'Only supervisors set an explicit priority');
  }
  const queue = await queueFor(tx, body.queueId, body.channel, 'queueId');
  const contact = await normalizedContact(tx, tenantId, body.contact);
  let customerId = body.customerId ?? null;
  if (customerId && !(await findCustomer(tx, customerId))) {
    throw new AppError('VALIDATION_FAILED', 'customerId: no such customer', [
      { path: 'customerId', message: 'no such customer' },
    ]);
  }
  customerId ??= await identifyCustomer(tx, contact);
  const tier = customerId ? ((await customerTiers(tx, [customerId])).get(customerId) ?? null) : null;
  const interaction = await insertInteraction(tx, {
    tenant_id: tenantId,
    channel: body.channel,
    queue_id: queue.id,
    customer_id: customerId,
    subject: body.subject ?? null,
    contact_name: body.contact?.name ?? null,
    contact_phone: contact.phone,
    contact_email: contact.email,
    contact_chat_id: contact.chatId,
    value_tier: tier,
    priority: body.priority ?? null,
    enqueued_at: ctx.now,
    queue_entered_at: ctx.now,
    last_agent_id: customerId ? await lastAgentOf(tx, customerId, STICKY_LOOKBACK_DAYS, ctx.now) : null,
    created_by: scope.user?.userId ?? null,
  });
  if (body.message) {
    await insertMessage(tx, {
      tenantId,
      interactionId: interaction.id,
      author: 'customer',
      authorUserId: null,
      body: body.message.body,
      attachments: body.message.attachments,
    });
  }
  const open = isOpenAt(queueHours(queue), ctx.now);
  await emitRoutingEvent(tx, tenantId, 'interaction.queued', interaction.id, {
    queueId: queue.id,
    channel: interaction.channel,
    customerId,
    valueTier: tier,
    cause: 'new',
    previousAgentId: null,
    afterHours: !open,
  });
  await requestRoutingPass(tx, tenantId);
  return { interaction, afterHours: open ? null : afterHoursInfo(queue, ctx.now) };
}

function afterHoursInfo(queue: QueueRecord, now: Date) {
  return {
    offlineMessage: queue.offlineMessage,
    emailAutoReply: queue.emailAutoReply,
    nextOpening: nextOpening(queueHours(queue), now)?.toISOString() ?? null,
  };
}

interface ContactFields {
  phone: string | null;
  email: string | null;
  chatId: string | null;
}

/** Contact fields in the customers slice's normal form; a value it cannot read is kept as given. */
async function normalizedContact(
  tx: TenantTx,
  tenantId: string,
  contact: CreateInteractionBody['contact'],
): Promise<ContactFields> {
  if (!contact) return { phone: null, email: null, chatId: null };
  const region = contact.phone ? (await tenantDefaults(tx, tenantId)).region : 'CN';
  const norm = (kind: ContactKind, raw: string | null | undefined) => {
    if (!raw) return null;
    const result = normalizeContact(kind, raw, region);
    return result.ok ? result.value : raw;
  };
  return {
    phone: norm('phone', contact.phone),
    email: norm('email', contact.email),
    chatId: norm('chat', contact.chatId),
  };
}

async function identifyCustomer(tx: TenantTx, contact: ContactFields): Promise<string | null> {
  for (const [kind, value] of [
    ['phone', contact.phone],
    ['email', contact.email],
    ['chat', contact.chatId],
  ] as const) {
    if (!value) continue;
    const match = await findContactByValue(tx, kind, value);
    if (match) return match.customer_id;
  }
  return null;
}
