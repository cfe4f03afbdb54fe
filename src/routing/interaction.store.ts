import { type Insertable, type QueryCreator, type RawBuilder, type Selectable, sql } from 'kysely';
import type {
  DB,
  DispositionsTable,
  InteractionMessagesTable,
  InteractionsTable,
  MessageAuthor,
  OffersTable,
} from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { Cursor } from '../kernel/http/pagination.ts';
import type { WaitingInteraction } from './routing.engine.ts';

/** SQL of interactions, their messages, offers and dispositions. */

export type InteractionRow = Selectable<InteractionsTable>;
export type OfferRow = Selectable<OffersTable>;
export type MessageRow = Selectable<InteractionMessagesTable>;

export async function findInteraction(
  tx: TenantTx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<InteractionRow | undefined> {
  let query = tx.selectFrom('interactions').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function insertInteraction(tx: TenantTx, values: Insertable<InteractionsTable>) {
  return tx.insertInto('interactions').values(values).returningAll().executeTakeFirstOrThrow();
}

/**
 * Updates the interaction and returns it. `alongside`: statements that belong to the same
 * change (its offer answered, its event written), sent with the update as one statement
 * (data-modifying CTEs, which see the same snapshot), one round trip instead of several.
 *
 * @example
 * await updateInteraction(tx, id, { status: 'active' }, [answerOfferSql(offerId, 'accepted', now), event]);
 */
export async function updateInteraction(
  tx: TenantTx,
  id: string,
  set: Partial<Insertable<InteractionsTable>>,
  alongside: readonly RawBuilder<unknown>[] = [],
): Promise<InteractionRow> {
  let creator: QueryCreator<DB> = tx;
  alongside.forEach((statement, i) => {
    // A raw CTE body goes in as written: the parentheses are ours.
    creator = creator.with(
      `alongside_${i}`,
      () => sql<Record<string, unknown>>`(${statement})`,
    ) as unknown as QueryCreator<DB>;
  });
  return creator
    .updateTable('interactions')
    .set({ ...set, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface InteractionFilter {
  statuses?: readonly InteractionRow['status'][];
  queueId?: string;
  agentId?: string;
  customerId?: string;
}

/** Newest first, keyset-paginated on (created_at, id). */
export async function listInteractions(
  tx: TenantTx,
  filter: InteractionFilter,
  limit: number,
  cursor: Cursor | null,
) {
  let query = tx.selectFrom('interactions').selectAll();
  if (filter.statuses?.length) query = query.where('status', 'in', [...filter.statuses]);
  if (filter.queueId) query = query.where('queue_id', '=', filter.queueId);
  if (filter.agentId) query = query.where('agent_id', '=', filter.agentId);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', new Date(cursor.at)),
        eb.and([eb('created_at', '=', new Date(cursor.at)), eb('id', '<', cursor.id)]),
      ]),
    );
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** Interactions waiting for an agent, as the ACD engine sees them. */
export async function waitingInteractions(tx: TenantTx): Promise<WaitingInteraction[]> {
  const rows = await tx
    .selectFrom('interactions')
    .select([
      'id',
      'queue_id',
      'channel',
      'enqueued_at',
      'queue_entered_at',
      'value_tier',
      'last_agent_id',
      'declined_by',
      'priority',
      'overflowed_from',
    ])
    .where('status', '=', 'queued')
    .orderBy('enqueued_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    queueId: r.queue_id,
    channel: r.channel,
    enqueuedAt: r.enqueued_at,
    queueEnteredAt: r.queue_entered_at,
    valueTier: r.value_tier,
    lastAgentId: r.last_agent_id,
    declinedBy: r.declined_by,
    priority: r.priority,
    overflowedFrom: r.overflowed_from,
  }));
}

// ---------------------------------------------------------------------------------- offers

/** The interaction's live offer: pending, or accepted and not yet ended. */
export async function liveOffer(tx: TenantTx, interactionId: string): Promise<OfferRow | undefined> {
  return tx
    .selectFrom('offers')
    .selectAll()
    .where('interaction_id', '=', interactionId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'pending'),
        eb.and([eb('status', '=', 'accepted'), eb('ended_at', 'is', null)]),
      ]),
    )
    .executeTakeFirst();
}

/** Closes a pending offer (accepted, declined, expired, withdrawn); false when it was no longer pending. */
export async function answerOffer(
  tx: TenantTx,
  offerId: string,
  status: 'accepted' | 'declined' | 'expired' | 'withdrawn',
  at: Date,
): Promise<boolean> {
  const result = await answerOfferSql(offerId, status, at).execute(tx);
  return Number(result.numAffectedRows) === 1;
}

/** `answerOffer` as a statement to send along with another (`updateInteraction`). */
export function answerOfferSql(
  offerId: string,
  status: 'accepted' | 'declined' | 'expired' | 'withdrawn',
  at: Date,
) {
  const ended = status === 'accepted' ? sql`` : sql`, ended_at = ${at}`;
  return sql`update offers set status = ${status}, answered_at = ${at}${ended}
    where id = ${offerId} and status = 'pending'`;
}

/** Ends the accepted offer: the agent let the interaction go (transfer, wrap-up, reassignment). */
export async function endAcceptedOffer(tx: TenantTx, interactionId: string, at: Date) {
  await endAcceptedOfferSql(interactionId, at).execute(tx);
}

/** `endAcceptedOffer` as a statement to send along with another (`updateInteraction`). */
export function endAcceptedOfferSql(interactionId: string, at: Date) {
  return sql`update offers set ended_at = ${at}
    where interaction_id = ${interactionId} and status = 'accepted' and ended_at is null`;
}

/** The agent's pending offers (to withdraw when they stop being available). */
export async function pendingOffersOf(tx: TenantTx, agentId: string) {
  return tx
    .selectFrom('offers')
    .select(['id', 'interaction_id', 'agent_id'])
    .where('agent_id', '=', agentId)
    .where('status', '=', 'pending')
    .execute();
}

// -------------------------------------------------------------------------------- messages

export async function insertMessage(
  tx: TenantTx,
  values: {
    tenantId: string;
    interactionId: string;
    author: MessageAuthor;
    authorUserId: string | null;
    body: string;
    attachments?: unknown[];
  },
): Promise<MessageRow> {
  return tx
    .insertInto('interaction_messages')
    .values({
      tenant_id: values.tenantId,
      interaction_id: values.interactionId,
      author: values.author,
      author_user_id: values.authorUserId,
      body: values.body,
      attachments: JSON.stringify(values.attachments ?? []),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------------------- dispositions

export type DispositionRow = Selectable<DispositionsTable>;

/** Records how the interaction ended, as a statement to send along with its update. */
export function insertDispositionSql(
  tenantId: string,
  interaction: Pick<InteractionRow, 'id' | 'agent_id'>,
  disposition: { code: string; notes: string | null },
) {
  return sql`insert into dispositions (tenant_id, interaction_id, agent_id, code, notes)
    values (${tenantId}, ${interaction.id}, ${interaction.agent_id}, ${disposition.code}, ${disposition.notes})`;
}

export interface InteractionExtras {
  /** The live offer: pending, or accepted and not yet ended. */
  offer: OfferRow | null;
  disposition: DispositionRow | null;
  /** Oldest first; empty unless asked for. */
  messages: MessageRow[];
}

type Json<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

/**
 * What the API shows with each interaction (its live offer, its disposition, and for one
 * interaction its messages) in one statement, however many interactions.
 */
export async function interactionExtras(
  tx: TenantTx,
  ids: readonly string[],
  options: { messages?: boolean } = {},
): Promise<Map<string, InteractionExtras>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{
    id: string;
    offer: Json<OfferRow> | null;
    disposition: Json<DispositionRow> | null;
    messages: Json<MessageRow>[] | null;
  }>`
    select x.id,
      (select row_to_json(o) from offers o
        where o.interaction_id = x.id and (o.status = 'pending' or (o.status = 'accepted' and o.ended_at is null))
        limit 1) as offer,
      (select row_to_json(d) from dispositions d where d.interaction_id = x.id) as disposition,
      ${
        options.messages
          ? sql`(select coalesce(json_agg(m order by m.id), '[]') from interaction_messages m where m.interaction_id = x.id)`
          : sql`null`
      } as messages
    from unnest(${[...ids]}::uuid[]) as x(id)
  `.execute(tx);
  const date = (s: string) => new Date(s);
  const maybeDate = (s: string | null) => (s === null ? null : new Date(s));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        offer: r.offer && {
          ...r.offer,
          offered_at: date(r.offer.offered_at),
          expires_at: date(r.offer.expires_at),
          answered_at: maybeDate(r.offer.answered_at),
          ended_at: maybeDate(r.offer.ended_at),
        },
        disposition: r.disposition && { ...r.disposition, created_at: date(r.disposition.created_at) },
        messages: (r.messages ?? []).map((m) => ({ ...m, created_at: date(m.created_at) })),
      },
    ]),
  );
}

/** The agent who served this customer last (sticky routing), within `withinDays`. */
export async function lastAgentOf(tx: TenantTx, customerId: string, withinDays: number, now: Date) {
  const row = await tx
    .selectFrom('interactions')
    .select('agent_id')
    .where('customer_id', '=', customerId)
    .where('accepted_at', 'is not', null)
    .where('agent_id', 'is not', null)
    .where('created_at', '>=', new Date(now.getTime() - withinDays * 86_400_000))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.agent_id ?? null;
}
