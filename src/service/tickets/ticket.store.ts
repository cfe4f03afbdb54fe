/** Reads and writes of tickets and their history, in the tenant's scope (row-level security). */

import type { TicketEventsTable, TicketStatus, TicketType } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import type { Cursor } from '../../kernel/http/pagination.ts';

function ticketsQuery(tx: TenantTx) {
  return tx
    .selectFrom('tickets as t')
    .leftJoin('users as o', 'o.id', 't.owner_id')
    .leftJoin('customers as c', 'c.id', 't.customer_id')
    .selectAll('t')
    .select(['o.display_name as owner_name', 'c.name as customer_name']);
}

export type TicketRow = Awaited<ReturnType<ReturnType<typeof ticketsQuery>['executeTakeFirstOrThrow']>>;

export async function findTicket(tx: TenantTx, id: string, options: { forUpdate?: boolean } = {}) {
  let q = ticketsQuery(tx).where('t.id', '=', id);
  if (options.forUpdate) q = q.forUpdate('t');
  return q.executeTakeFirst();
}

export interface TicketFilters {
  status?: TicketStatus[];
  type?: TicketType;
  ownerId?: string;
  customerId?: string;
  interactionId?: string;
}

/** Tickets last changed first, `limit + 1` rows after `cursor` (see pageOf). */
export async function listTickets(tx: TenantTx, f: TicketFilters, limit: number, cursor: Cursor | null) {
  let q = ticketsQuery(tx);
  if (f.status?.length) q = q.where('t.status', 'in', f.status);
  if (f.type) q = q.where('t.type', '=', f.type);
  if (f.ownerId) q = q.where('t.owner_id', '=', f.ownerId);
  if (f.customerId) q = q.where('t.customer_id', '=', f.customerId);
  if (f.interactionId) {
    const interactionId = f.interactionId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('ticket_interactions as ti')
          .select('ti.ticket_id')
          .whereRef('ti.ticket_id', '=', 't.id')
          .where('ti.interaction_id', '=', interactionId),
      ),
    );
  }
  if (cursor) {
    const at = new Date(cursor.at);
    q = q.where((eb) =>
      eb.or([eb('t.updated_at', '<', at), eb.and([eb('t.updated_at', '=', at), eb('t.id', '<', cursor.id)])]),
    );
  }
  return q
    .orderBy('t.updated_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function addTicketEvent(
  tx: TenantTx,
  tenantId: string,
  ticketId: string,
  event: { kind: TicketEventsTable['kind']; authorId: string | null; body?: string | null; detail?: object },
): Promise<void> {
  await tx
    .insertInto('ticket_events')
    .values({
      tenant_id: tenantId,
      ticket_id: ticketId,
      kind: event.kind,
      author_id: event.authorId,
      body: event.body ?? null,
      detail: JSON.stringify(event.detail ?? {}),
    })
    .execute();
}

export async function eventsOfTicket(tx: TenantTx, ticketId: string) {
  return tx
    .selectFrom('ticket_events as e')
    .leftJoin('users as u', 'u.id', 'e.author_id')
    .select(['e.kind', 'e.at', 'e.author_id', 'u.display_name as author_name', 'e.body', 'e.detail'])
    .where('e.ticket_id', '=', ticketId)
    .orderBy('e.id')
    .execute();
}

export async function interactionsOfTicket(tx: TenantTx, ticketId: string) {
  return tx
    .selectFrom('ticket_interactions as ti')
    .innerJoin('interactions as i', 'i.id', 'ti.interaction_id')
    .select(['i.id', 'i.channel', 'i.status', 'ti.linked_at'])
    .where('ti.ticket_id', '=', ticketId)
    .orderBy('ti.linked_at')
    .execute();
}

export async function linkInteraction(
  tx: TenantTx,
  tenantId: string,
  ticketId: string,
  interactionId: string,
) {
  const row = await tx
    .insertInto('ticket_interactions')
    .values({ tenant_id: tenantId, ticket_id: ticketId, interaction_id: interactionId })
    .onConflict((oc) => oc.doNothing())
    .returning('interaction_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function fieldsOfType(tx: TenantTx, type: TicketType): Promise<unknown> {
  const row = await tx
    .selectFrom('ticket_fields')
    .select('fields')
    .where('type', '=', type)
    .executeTakeFirst();
  return row?.fields ?? [];
}
