/**
 * Ticket operations: each checks its input against the tenant's data and the workflow, writes
 * the ticket, a history entry (ticket_events: who changed what, when) and an outbox event for
 * whoever follows tickets (SLA clocks, notifications).
 */

import { findCustomer } from '../../customers/customers.store.ts';
import type { TicketStatus, TicketType } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { emitEvent } from '../../kernel/events/outbox.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import type { TenantScope } from '../../kernel/http/request-context.ts';
import { findTenantUser } from '../../routing/agent.store.ts';
import { findInteraction } from '../../routing/interaction.store.ts';
import { findQueue } from '../../routing/queue.store.ts';
import { assignPolicy, evaluateTicketSla } from '../sla/ticket-sla.ts';
import { addTicketEvent, fieldsOfType, findTicket, linkInteraction, type TicketRow } from './ticket.store.ts';
import { type FieldValues, fieldDefinitions, fieldProblems } from './ticket-fields.ts';
import { notifyCustomer } from './ticket-updates.ts';
import { moveProblem, stampsFor } from './ticket-workflow.ts';
import type { CreateTicketBody, UpdateTicketBody } from './tickets.schemas.ts';

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', `${path}: ${message}`, [{ path, message }]);

async function mustFindTicket(tx: TenantTx, id: string, forUpdate = false): Promise<TicketRow> {
  const row = await findTicket(tx, id, { forUpdate });
  if (!row) throw notFound('Ticket');
  return row;
}

async function checkOwner(tx: TenantTx, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const user = await findTenantUser(tx, ownerId);
  if (!user || user.role === 'analyst') throw invalid('ownerId', 'no such agent or supervisor');
}

async function checkQueue(tx: TenantTx, queueId: string | null | undefined) {
  if (queueId && !(await findQueue(tx, queueId))) throw invalid('queueId', 'no such queue');
}

async function checkFields(tx: TenantTx, type: TicketType, values: FieldValues, partial: boolean) {
  const parsed = fieldDefinitions.safeParse(await fieldsOfType(tx, type));
  const problems = fieldProblems(parsed.success ? parsed.data : [], values, partial);
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      problems,
    );
}

async function emitTicketEvent(scope: TenantScope, type: string, row: { id: string }, payload: object) {
  await emitEvent(scope.tx, scope.tenantId, {
    type,
    aggregateType: 'ticket',
    aggregateId: row.id,
    payload: { ...payload, by: scope.user.userId },
  });
}

export async function createTicket(scope: TenantScope, body: CreateTicketBody): Promise<TicketRow> {
  const { tx, tenantId, user } = scope;
  const interaction = body.interactionId ? await findInteraction(tx, body.interactionId) : undefined;
  if (body.interactionId && !interaction) throw invalid('interactionId', 'no such interaction');
  const customerId = body.customerId ?? interaction?.customer_id ?? null;
  if (body.customerId && !(await findCustomer(tx, body.customerId)))
    throw invalid('customerId', 'no such customer');
  await checkOwner(tx, body.ownerId);
  const queueId = body.queueId ?? interaction?.queue_id ?? null;
  await checkQueue(tx, body.queueId);
  await checkFields(tx, body.type, body.customFields, false);
  const { id } = await tx
    .insertInto('tickets')
    .values({
      tenant_id: tenantId,
      type: body.type,
      subject: body.subject,
      description: body.description ?? null,
      priority: body.priority,
      customer_id: customerId,
      owner_id: body.ownerId ?? null,
      queue_id: queueId,
      channel: interaction?.channel ?? null,
      custom_fields: JSON.stringify(body.customFields),
      created_by: user.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addTicketEvent(tx, tenantId, id, {
    kind: 'created',
    authorId: user.userId,
    detail: { type: body.type, priority: body.priority, interactionId: interaction?.id ?? null },
  });
  if (interaction) await linkInteraction(tx, tenantId, id, interaction.id);
  if (body.complaint)
    await tx
      .insertInto('ticket_complaints')
      .values({
        ticket_id: id,
        tenant_id: tenantId,
        category: body.complaint.category,
        product: body.complaint.product ?? null,
        severity: body.complaint.severity,
        compensation_minor: body.complaint.compensationMinor ?? null,
        compensation_note: body.complaint.compensationNote ?? null,
      })
      .execute();
  await emitTicketEvent(scope, 'ticket.created', { id }, { type: body.type, customerId });
  await assignPolicy(tx, id);
  await evaluateTicketSla(tx, tenantId, id, new Date());
  return mustFindTicket(tx, id);
}

/** Applies a partial update; each change leaves a history entry. */
export async function updateTicket(
  scope: TenantScope,
  id: string,
  patch: UpdateTicketBody,
): Promise<TicketRow> {
  const { tx, tenantId, user } = scope;
  const current = await mustFindTicket(tx, id, true);
  if (patch.version !== undefined && patch.version !== current.version)
    throw new AppError('CONFLICT', 'Someone else changed this ticket; reload and try again', {
      currentVersion: current.version,
    });
  if (current.merged_into_id)
    throw new AppError('INVALID_TRANSITION', 'The ticket was merged into another one');
  const now = new Date();
  const changes: Record<string, unknown> = {};
  const events: Parameters<typeof addTicketEvent>[3][] = [];
  const by = user.userId;
  if (patch.subject !== undefined && patch.subject !== current.subject) {
    changes.subject = patch.subject;
    events.push({ kind: 'subject', authorId: by, detail: { from: current.subject, to: patch.subject } });
  }
  if (patch.priority !== undefined && patch.priority !== current.priority) {
    changes.priority = patch.priority;
    events.push({ kind: 'priority', authorId: by, detail: { from: current.priority, to: patch.priority } });
  }
  if (patch.ownerId !== undefined && patch.ownerId !== current.owner_id) {
    await checkOwner(tx, patch.ownerId);
    changes.owner_id = patch.ownerId;
    events.push({ kind: 'assigned', authorId: by, detail: { from: current.owner_id, to: patch.ownerId } });
  }
  if (patch.queueId !== undefined && patch.queueId !== current.queue_id) {
    await checkQueue(tx, patch.queueId);
    changes.queue_id = patch.queueId;
    events.push({
      kind: 'assigned',
      authorId: by,
      detail: { queueFrom: current.queue_id, queueTo: patch.queueId },
    });
  }
  if (patch.customFields !== undefined) {
    await checkFields(tx, current.type, patch.customFields, true);
    const merged = { ...((current.custom_fields ?? {}) as FieldValues), ...patch.customFields };
    changes.custom_fields = JSON.stringify(merged);
    events.push({ kind: 'fields', authorId: by, detail: { changed: patch.customFields } });
  }
  if (patch.complaint !== undefined) {
    if (current.type !== 'complaint') throw invalid('complaint', 'only for type complaint');
    const c = patch.complaint;
    const set = {
      ...(c.category !== undefined ? { category: c.category } : {}),
      ...(c.product !== undefined ? { product: c.product } : {}),
      ...(c.severity !== undefined ? { severity: c.severity } : {}),
      ...(c.compensationMinor !== undefined ? { compensation_minor: c.compensationMinor } : {}),
      ...(c.compensationNote !== undefined ? { compensation_note: c.compensationNote } : {}),
      ...(c.accepted !== undefined ? { accepted: c.accepted } : {}),
    };
    await tx
      .updateTable('ticket_complaints')
      .set({ ...set, updated_at: now })
      .where('ticket_id', '=', id)
      .execute();
    events.push({ kind: 'fields', authorId: by, detail: { complaint: c } });
  }
  const resolutionCode = patch.resolutionCode ?? current.resolution_code;
  if (patch.resolutionCode !== undefined || patch.resolutionSummary !== undefined) {
    if (patch.resolutionCode !== undefined) changes.resolution_code = patch.resolutionCode;
    if (patch.resolutionSummary !== undefined) changes.resolution_summary = patch.resolutionSummary;
    events.push({
      kind: 'resolution',
      authorId: by,
      detail: { code: resolutionCode, summary: patch.resolutionSummary ?? current.resolution_summary },
    });
  }
  if (patch.status !== undefined && patch.status !== current.status) {
    const problem = moveProblem(current.status, patch.status, resolutionCode);
    if (problem?.kind === 'not_allowed')
      throw new AppError(
        'INVALID_TRANSITION',
        `A ${current.status} ticket can move to: ${problem.allowed.join(', ')}`,
        {
          status: current.status,
          allowed: problem.allowed,
        },
      );
    if (problem?.kind === 'needs_resolution') throw invalid('resolutionCode', 'required to resolve or close');
    changes.status = patch.status;
    Object.assign(changes, stampsFor(patch.status, now));
    // Taken up (out of 'new') is the first response until replies to the customer exist.
    if (!current.first_responded_at) changes.first_responded_at = now;
    events.push({ kind: 'status', authorId: by, detail: { from: current.status, to: patch.status } });
  }
  if (events.length === 0) return current;
  await tx
    .updateTable('tickets')
    .set({ ...changes, updated_at: now, version: current.version + 1 })
    .where('id', '=', id)
    .execute();
  for (const event of events) await addTicketEvent(tx, tenantId, id, event);
  await emitTicketEvent(scope, 'ticket.updated', current, {
    changes: events.map((e) => e.kind),
    ...(changes.status ? { status: changes.status as TicketStatus, previousStatus: current.status } : {}),
  });
  if (changes.status)
    await notifyCustomer(
      tx,
      tenantId,
      {
        id,
        number: String(current.number),
        subject: (changes.subject as string | undefined) ?? current.subject,
        resolution_summary:
          patch.resolutionSummary !== undefined ? patch.resolutionSummary : current.resolution_summary,
      },
      changes.status as TicketStatus,
    );
  // A pause, a resolution or another queue's hours move the clocks: due instants and jobs follow.
  await evaluateTicketSla(tx, tenantId, id, now);
  return mustFindTicket(tx, id);
}

/** An internal note, for colleagues only (the customer never sees it). */
export async function addNote(scope: TenantScope, id: string, body: string): Promise<void> {
  const { tx, tenantId, user } = scope;
  const current = await mustFindTicket(tx, id, true);
  await addTicketEvent(tx, tenantId, id, { kind: 'note', authorId: user.userId, body });
  await tx
    .updateTable('tickets')
    .set({ updated_at: new Date(), version: current.version + 1 })
    .where('id', '=', id)
    .execute();
  await emitTicketEvent(scope, 'ticket.noted', current, {});
}

export async function linkTicketInteraction(
  scope: TenantScope,
  id: string,
  interactionId: string,
): Promise<void> {
  const { tx, tenantId, user } = scope;
  await mustFindTicket(tx, id, true);
  if (!(await findInteraction(tx, interactionId))) throw invalid('interactionId', 'no such interaction');
  if (await linkInteraction(tx, tenantId, id, interactionId))
    await addTicketEvent(tx, tenantId, id, {
      kind: 'linked',
      authorId: user.userId,
      detail: { interactionId },
    });
}

/**
 * A duplicate is merged into the ticket that stays: its interactions move over, both
 * histories say so, and the duplicate is closed (resolution `merged`) pointing at the other.
 */
export async function mergeTicket(scope: TenantScope, id: string, intoId: string): Promise<TicketRow> {
  const { tx, tenantId, user } = scope;
  if (id === intoId) throw invalid('intoId', 'the ticket itself');
  const duplicate = await mustFindTicket(tx, id, true);
  const target = await findTicket(tx, intoId, { forUpdate: true });
  if (!target) throw invalid('intoId', 'no such ticket');
  if (duplicate.merged_into_id) throw new AppError('INVALID_TRANSITION', 'The ticket was merged already');
  if (target.merged_into_id) throw invalid('intoId', 'that ticket was itself merged into another');
  if (duplicate.customer_id && target.customer_id && duplicate.customer_id !== target.customer_id)
    throw invalid('intoId', 'a ticket of another customer');
  const links = await tx
    .selectFrom('ticket_interactions')
    .select('interaction_id')
    .where('ticket_id', '=', id)
    .execute();
  for (const link of links) await linkInteraction(tx, tenantId, intoId, link.interaction_id);
  const now = new Date();
  await tx
    .updateTable('tickets')
    .set({
      merged_into_id: intoId,
      status: 'closed',
      closed_at: now,
      resolution_code: 'merged',
      resolution_summary: `→ ${target.number}`,
      updated_at: now,
      version: duplicate.version + 1,
    })
    .where('id', '=', id)
    .execute();
  await tx
    .updateTable('tickets')
    .set({ updated_at: now, version: target.version + 1 })
    .where('id', '=', intoId)
    .execute();
  await addTicketEvent(tx, tenantId, id, {
    kind: 'merged',
    authorId: user.userId,
    detail: { intoId, intoNumber: String(target.number) },
  });
  await addTicketEvent(tx, tenantId, intoId, {
    kind: 'merged',
    authorId: user.userId,
    detail: { fromId: id, fromNumber: String(duplicate.number), interactions: links.length },
  });
  await emitTicketEvent(scope, 'ticket.merged', duplicate, { intoId });
  await evaluateTicketSla(tx, tenantId, id, now);
  return mustFindTicket(tx, id);
}
