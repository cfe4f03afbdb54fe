import type { TenantTx } from '../db/tenant-scope.ts';

export interface DomainEvent {
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}

/**
 * Records a domain event in the outbox, inside the caller's transaction, so the event
 * exists exactly when the change it describes does. Readers (realtime hub, webhooks,
 * analytics) consume the outbox; they never see an event for a rolled-back change.
 */
export async function emitEvent(tx: TenantTx, tenantId: string, event: DomainEvent): Promise<void> {
  await tx
    .insertInto('outbox_events')
    .values({
      tenant_id: tenantId,
      type: event.type,
      aggregate_type: event.aggregateType,
      aggregate_id: event.aggregateId,
      payload: JSON.stringify(event.payload),
    })
    .execute();
}
