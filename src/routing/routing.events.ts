import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../kernel/db/schema.ts';
import { commitScope, type TenantTx } from '../kernel/db/tenant-scope.ts';
import { emitEvent } from '../kernel/events/outbox.ts';

/**
 * The routing slice's domain events, written to the outbox in the transaction of the change
 * they describe and delivered by the realtime feed (`GET /api/v1/stream`).
 *
 * Audience: an agent receives an event when its payload names them as `agentId` (the agent
 * it concerns now) or `previousAgentId` (the agent it was taken from); supervisors receive
 * every event of the tenant. Payload fields by type:
 *
 * | type | payload |
 * |---|---|
 * | `interaction.queued` | queueId, channel, customerId, valueTier, cause (new, declined, expired, withdrawn, transferred, reassigned, reopened), previousAgentId; afterHours when new |
 * | `interaction.offered` | agentId, offerId, expiresAt, reason (standard, sticky, reoffer, transfer, reassign), queueId, channel, customerId, subject |
 * | `interaction.accepted` | agentId, offerId, customerId, waitedSeconds |
 * | `interaction.declined` | agentId, offerId, reason |
 * | `interaction.offer_expired` | agentId, offerId |
 * | `interaction.offer_withdrawn` | agentId, offerId, cause (agent_state, reassigned, abandoned) |
 * | `interaction.overflowed` | fromQueueId, toQueueId, waitedSeconds |
 * | `interaction.transferred` | previousAgentId, agentId or queueId, note, by |
 * | `interaction.reassigned` | previousAgentId, agentId or queueId, note, by |
 * | `interaction.message_added` | agentId, messageId, author, body, attachments |
 * | `interaction.customer_linked` | agentId, customerId, previousCustomerId, valueTier |
 * | `interaction.wrap_up` | agentId, disposition {code, notes}, wrapUpUntil |
 * | `interaction.closed` | agentId, customerId, queueId, channel, disposition |
 * | `interaction.abandoned` | previousAgentId, queueId, customerId, waitedSeconds |
 * | `agent.state_changed` | agentId, from, to, reason, changedBy (null: the ACD), wrapUpUntil? |
 * | `agent.updated` | agentId, skills, capacity |
 * | `queue.created`, `queue.deleted` | queueId, code |
 * | `queue.updated` | queueId, code, changed (field names) |
 */
export type RoutingEventType =
  | 'interaction.queued'
  | 'interaction.offered'
  | 'interaction.accepted'
  | 'interaction.declined'
  | 'interaction.offer_expired'
  | 'interaction.offer_withdrawn'
  | 'interaction.overflowed'
  | 'interaction.transferred'
  | 'interaction.reassigned'
  | 'interaction.message_added'
  | 'interaction.customer_linked'
  | 'interaction.wrap_up'
  | 'interaction.closed'
  | 'interaction.abandoned'
  | 'agent.state_changed'
  | 'agent.updated'
  | 'queue.created'
  | 'queue.updated'
  | 'queue.deleted';

export async function emitRoutingEvent(
  tx: TenantTx,
  tenantId: string,
  type: RoutingEventType,
  aggregateId: string,
  payload: Record<string, unknown>,
) {
  await emitEvent(tx, tenantId, {
    type,
    aggregateType: type.slice(0, type.indexOf('.')),
    aggregateId,
    payload,
  });
}

/**
 * The outbox insert of one routing event as a statement to send along with the change it
 * describes (`updateInteraction`'s `alongside`): one round trip for both. `payload` may be a
 * SQL expression of type jsonb, for a payload the database completes.
 */
export function routingEventSql(
  tenantId: string,
  type: RoutingEventType,
  aggregateId: string,
  payload: Record<string, unknown> | RawBuilder<unknown>,
) {
  const json = isRawBuilder(payload) ? payload : sql`${JSON.stringify(payload)}::jsonb`;
  return sql`insert into outbox_events (tenant_id, type, aggregate_type, aggregate_id, payload)
    values (${tenantId}, ${type}, ${type.slice(0, type.indexOf('.'))}, ${aggregateId}, ${json})`;
}

function isRawBuilder(value: unknown): value is RawBuilder<unknown> {
  return typeof (value as RawBuilder<unknown>).toOperationNode === 'function';
}

/** The NOTIFY channel that wakes the ACD of every instance; the payload is the tenant id. */
export const ROUTING_CHANNEL = 'hotline_routing';

/** An instance's ACD as requests in this process reach it (routing.dispatcher.ts). */
export interface LocalRouter {
  /** Sent along with the NOTIFY, so this instance knows the wake-up is one it already had. */
  readonly origin: string;
  wake(tenantId: string): void;
}

/** The ACD of each server instance in this process, by the database handle its requests use. */
const localRouters = new WeakMap<Kysely<DB>, LocalRouter>();

/** Makes `router` the one woken in-process by commits on `db`; returns the undo. */
export function registerLocalRouter(db: Kysely<DB>, router: LocalRouter): () => void {
  localRouters.set(db, router);
  return () => {
    if (localRouters.get(db) === router) localRouters.delete(db);
  };
}

/**
 * Asks every server instance (this one too) to run a routing pass for the tenant once this
 * transaction commits: after a new interaction, an agent turning available, a declined offer,
 * a transfer to a queue, a closed interaction. Nothing is sent if the transaction rolls back.
 *
 * This instance's ACD is woken in-process the moment the commit returns, without waiting for
 * its own NOTIFY to come back from the database (the NOTIFY names it as the origin, and it
 * ignores that one); other instances hear the NOTIFY as before.
 */
export async function requestRoutingPass(tx: TenantTx, tenantId: string) {
  const scope = commitScope(tx);
  const router = scope ? localRouters.get(scope.db) : undefined;
  let payload = tenantId;
  if (scope && router) {
    scope.afterCommit(() => router.wake(tenantId));
    payload = `${tenantId} ${router.origin}`;
  }
  await sql`select pg_notify(${ROUTING_CHANNEL}, ${payload})`.execute(tx);
}
