import { maskPhone } from '../customers/contact-value.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { AgentRecord } from './agent.store.ts';
import { isOpenAt, nextOpening } from './business-hours.ts';
import {
  type InteractionExtras,
  type InteractionRow,
  interactionExtras,
  type MessageRow,
} from './interaction.store.ts';
import { type QueueRecord, queueHours } from './queue.store.ts';
import { DEFAULT_TIER_RULES } from './routing.engine.ts';
import type {
  AgentView,
  InteractionDetailView,
  InteractionView,
  MessageView,
  QueueView,
} from './routing.schemas.ts';

/** Rows → the JSON the API returns. */

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export function queueToView(queue: QueueRecord, now = new Date()): QueueView {
  const hours = queueHours(queue);
  return {
    id: queue.id,
    code: queue.code,
    name: queue.name,
    channels: queue.channels,
    requiredSkills: queue.requiredSkills,
    priority: queue.priority,
    timeZone: queue.timeZone,
    alwaysOpen: queue.alwaysOpen,
    businessHours: Object.fromEntries(
      Object.entries(queue.businessHours).map(([day, windows]) => [day, [...(windows ?? [])]]),
    ),
    holidays: queue.holidays,
    serviceLevel: queue.serviceLevel,
    maxWaitSeconds: queue.maxWaitSeconds,
    overflowQueueId: queue.overflowQueueId,
    stickyWaitSeconds: queue.stickyWaitSeconds,
    wrapUpSeconds: queue.wrapUpSeconds,
    offlineMessage: queue.offlineMessage,
    emailAutoReply: queue.emailAutoReply,
    tierRules: queue.tierRules ?? DEFAULT_TIER_RULES,
    open: isOpenAt(hours, now),
    nextOpening: iso(nextOpening(hours, now)),
    createdAt: iso(queue.createdAt)!,
    updatedAt: iso(queue.updatedAt)!,
  };
}

export function agentToView(agent: AgentRecord): AgentView {
  return {
    id: agent.id,
    displayName: agent.displayName,
    email: agent.email,
    role: agent.role,
    state: agent.state,
    stateReason: agent.stateReason,
    stateSince: iso(agent.stateSince)!,
    idleSince: iso(agent.idleSince)!,
    wrapUpUntil: iso(agent.wrapUpUntil),
    skills: agent.skills,
    capacity: agent.capacity,
    load: agent.load,
  };
}

export function messageToView(m: MessageRow): MessageView {
  return {
    id: String(m.id),
    author: m.author,
    authorUserId: m.author_user_id,
    body: m.body,
    attachments: (m.attachments ?? []) as MessageView['attachments'],
    createdAt: iso(m.created_at)!,
  };
}

/** Interaction rows with their live offer and disposition; phones masked unless `fullPhones`. */
export async function interactionViews(
  tx: TenantTx,
  rows: readonly InteractionRow[],
  fullPhones: boolean,
): Promise<InteractionView[]> {
  const extras = await interactionExtras(
    tx,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, extras.get(r.id)!, fullPhones));
}

function toView(
  r: InteractionRow,
  { offer, disposition }: InteractionExtras,
  fullPhones: boolean,
): InteractionView {
  return {
    id: r.id,
    channel: r.channel,
    direction: r.direction,
    status: r.status,
    queueId: r.queue_id,
    customerId: r.customer_id,
    subject: r.subject,
    contact: {
      name: r.contact_name,
      phone: r.contact_phone && !fullPhones ? maskPhone(r.contact_phone) : r.contact_phone,
      email: r.contact_email,
      chatId: r.contact_chat_id,
    },
    valueTier: r.value_tier,
    priority: r.priority,
    enqueuedAt: iso(r.enqueued_at)!,
    queueEnteredAt: iso(r.queue_entered_at)!,
    overflowedFrom: r.overflowed_from,
    lastAgentId: r.last_agent_id,
    agentId: r.agent_id,
    acceptedAt: iso(r.accepted_at),
    wrapUpUntil: iso(r.wrap_up_until),
    closedAt: iso(r.closed_at),
    abandonedAt: iso(r.abandoned_at),
    createdAt: iso(r.created_at)!,
    offer: offer
      ? {
          id: offer.id,
          agentId: offer.agent_id,
          status: offer.status as 'pending' | 'accepted',
          reason: offer.reason,
          offeredAt: iso(offer.offered_at)!,
          expiresAt: iso(offer.expires_at)!,
        }
      : null,
    disposition: disposition
      ? {
          code: disposition.code,
          notes: disposition.notes,
          agentId: disposition.agent_id,
          at: iso(disposition.created_at)!,
        }
      : null,
  };
}

export async function interactionDetail(
  tx: TenantTx,
  row: InteractionRow,
  fullPhones: boolean,
): Promise<InteractionDetailView> {
  const extras = (await interactionExtras(tx, [row.id], { messages: true })).get(row.id)!;
  return { ...toView(row, extras, fullPhones), messages: extras.messages.map(messageToView) };
}
