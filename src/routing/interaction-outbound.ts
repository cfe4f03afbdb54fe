import { normalizeContact } from '../customers/contact-value.ts';
import { findContactByValue, findCustomer, tenantDefaults } from '../customers/customers.store.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { AppError } from '../kernel/http/errors.ts';
import { customerTiers } from '../value/customer-tier.ts';
import { findTenantUser, lockAgentRow } from './agent.store.ts';
import { type InteractionRow, insertInteraction } from './interaction.store.ts';
import { type ChannelScope, moveContext, queueFor, type RoutingScope } from './interaction-access.ts';
import type { Channel } from './routing.engine.ts';
import { emitRoutingEvent } from './routing.events.ts';

export interface OutboundInteractionDraft {
  channel: Channel;
  /** The queue it counts in (wrap-up time, reports); it never waits there. */
  queueId: string;
  /** The agent who makes the contact and holds it from the start. */
  agentId: string;
  /** Who asked for it (the agent, a supervisor); null for the system. */
  createdBy: string | null;
  customerId?: string | null;
  contact?: { phone?: string | null; email?: string | null; name?: string | null };
  subject?: string | null;
}

/**
 * An interaction the agent starts (an outbound call): it skips the queue and the ACD and is
 * `active` in the agent's hands at once, so it holds one of their capacity slots, shows on
 * their desktop (the `interaction.accepted` event names them) and ends with their wrap-up like
 * any other, joining the customer's timeline. The customer is the one given or the one whose
 * phone or email matches.
 *
 * Locks the agent's row first (the routing pass's lock order).
 *
 * @example
 * const row = await startOutboundInteraction(scope, { channel: 'voice', queueId, agentId,
 *   createdBy: agentId, contact: { phone: '+8613912345678' } });
 */
export async function startOutboundInteraction(
  scope: RoutingScope | ChannelScope,
  draft: OutboundInteractionDraft,
): Promise<InteractionRow> {
  const { tx, tenantId } = scope;
  const ctx = moveContext(scope);
  await lockAgentRow(tx, draft.agentId);
  if (!(await findTenantUser(tx, draft.agentId)))
    throw new AppError('VALIDATION_FAILED', 'agentId: no such agent', [
      { path: 'agentId', message: 'no such agent' },
    ]);
  const queue = await queueFor(tx, draft.queueId, draft.channel, 'queueId');
  let customerId = draft.customerId ?? null;
  if (customerId && !(await findCustomer(tx, customerId)))
    throw new AppError('VALIDATION_FAILED', 'customerId: no such customer', [
      { path: 'customerId', message: 'no such customer' },
    ]);
  const phone = await normalized(tx, tenantId, 'phone', draft.contact?.phone);
  const email = await normalized(tx, tenantId, 'email', draft.contact?.email);
  for (const [kind, value] of [
    ['phone', phone],
    ['email', email],
  ] as const) {
    if (customerId || !value) continue;
    customerId = (await findContactByValue(tx, kind, value))?.customer_id ?? null;
  }
  const tier = customerId ? ((await customerTiers(tx, [customerId])).get(customerId) ?? null) : null;
  const interaction = await insertInteraction(tx, {
    tenant_id: tenantId,
    channel: draft.channel,
    direction: 'outbound',
    queue_id: queue.id,
    customer_id: customerId,
    status: 'active',
    subject: draft.subject ?? null,
    contact_name: draft.contact?.name ?? null,
    contact_phone: phone,
    contact_email: email,
    value_tier: tier,
    agent_id: draft.agentId,
    accepted_at: ctx.now,
    enqueued_at: ctx.now,
    queue_entered_at: ctx.now,
    created_by: draft.createdBy,
  });
  await emitRoutingEvent(tx, tenantId, 'interaction.accepted', interaction.id, {
    agentId: draft.agentId,
    offerId: null,
    customerId,
    waitedSeconds: 0,
    direction: 'outbound',
    channel: draft.channel,
  });
  return interaction;
}

/** The customers slice's normal form; a value it cannot read is kept as given. */
async function normalized(
  tx: TenantTx,
  tenantId: string,
  kind: 'phone' | 'email',
  raw: string | null | undefined,
): Promise<string | null> {
  if (!raw) return null;
  const region = kind === 'phone' ? (await tenantDefaults(tx, tenantId)).region : 'CN';
  const result = normalizeContact(kind, raw, region);
  return result.ok ? result.value : raw;
}
