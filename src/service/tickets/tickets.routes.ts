import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS, WRITERS } from '../../kernel/auth/roles.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { notFound } from '../../kernel/http/errors.ts';
import { decodeCursor, pageOf } from '../../kernel/http/pagination.ts';
import { createIdempotent, inTenant } from '../../kernel/http/request-context.ts';
import type { SlaClockState } from '../sla/sla-clock.ts';
import { ticketSla } from '../sla/ticket-sla.ts';
import { addNote, createTicket, linkTicketInteraction, mergeTicket, updateTicket } from './ticket.service.ts';
import {
  eventsOfTicket,
  fieldsOfType,
  findTicket,
  interactionsOfTicket,
  listTickets,
} from './ticket.store.ts';
import { ticketToView } from './ticket.view.ts';
import { fieldDefinitions } from './ticket-fields.ts';
import {
  createTicketBody,
  fieldsBody,
  idParams,
  linkBody,
  listTicketsQuery,
  mergeBody,
  noteBody,
  ticketDetailView,
  ticketView,
  typeParams,
  updateTicketBody,
} from './tickets.schemas.ts';

const tags = ['tickets'];
const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * /api/v1/tickets: inquiries, complaints and repair requests, tracked to the end. Everyone in
 * the tenant reads them; agents, supervisors and admins write; admins set the custom fields
 * of each type (/api/v1/ticket-fields/:type).
 */
export function ticketRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const detail = async (tx: Parameters<Parameters<typeof inTenant>[2]>[0]['tx'], id: string) => {
    const row = await findTicket(tx, id);
    if (!row) throw notFound('Ticket');
    const events = await eventsOfTicket(tx, id);
    const interactions = await interactionsOfTicket(tx, id);
    const sla = await ticketSla(tx, id, new Date());
    const complaint = await tx
      .selectFrom('ticket_complaints')
      .selectAll()
      .where('ticket_id', '=', id)
      .executeTakeFirst();
    const clock = (c: SlaClockState) => ({
      ...c,
      dueAt: c.dueAt?.toISOString() ?? null,
      warnAt: c.warnAt?.toISOString() ?? null,
      breachedAt: c.breachedAt?.toISOString() ?? null,
    });
    return {
      ...ticketToView(row),
      complaint: complaint
        ? {
            category: complaint.category,
            product: complaint.product,
            severity: complaint.severity,
            compensationMinor:
              complaint.compensation_minor === null ? null : Number(complaint.compensation_minor),
            compensationNote: complaint.compensation_note,
            accepted: complaint.accepted,
            hoursToResolve: row.resolved_at
              ? Math.round(
                  ((new Date(row.resolved_at).getTime() - new Date(row.created_at).getTime()) / 3_600_000) *
                    10,
                ) / 10
              : null,
          }
        : null,
      sla: sla
        ? {
            policy: { id: sla.policy.id, name: sla.policy.name },
            firstResponse: clock(sla.firstResponse),
            resolution: clock(sla.resolution),
          }
        : null,
      interactions: interactions.map((i) => ({
        id: i.id,
        channel: i.channel,
        status: i.status,
        linkedAt: iso(i.linked_at),
      })),
      events: events.map((e) => ({
        kind: e.kind,
        at: iso(e.at),
        author: e.author_id ? { id: e.author_id, name: e.author_name ?? '' } : null,
        body: e.body,
        detail: (e.detail ?? {}) as Record<string, unknown>,
      })),
    };
  };

  api.post(
    '/api/v1/tickets',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Open a ticket (from an interaction: its customer, channel and queue are the defaults)',
        description: 'Honours Idempotency-Key. Custom fields are checked against the type’s definitions.',
        body: createTicketBody,
        response: { 201: ticketView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async (scope) =>
        ticketToView(await createTicket(scope, request.body)),
      ),
  );

  api.get(
    '/api/v1/tickets',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Tickets, last changed first; filter by status, type, owner, customer or interaction',
        querystring: listTicketsQuery,
        response: { 200: z.object({ items: z.array(ticketView), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const { limit, cursor, ...filters } = request.query;
        const rows = await listTickets(tx, filters, limit, decodeCursor(cursor));
        const page = pageOf(rows, limit, (r) => ({ at: iso(r.updated_at), id: r.id }));
        return { items: page.items.map(ticketToView), nextCursor: page.nextCursor };
      }),
  );

  api.get(
    '/api/v1/tickets/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'A ticket with its history (changes and notes) and linked interactions',
        params: idParams,
        response: { 200: ticketDetailView },
      },
    },
    async (request) => inTenant(db, request, async ({ tx }) => detail(tx, request.params.id)),
  );

  api.patch(
    '/api/v1/tickets/:id',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Change status, priority, owner, team, subject, custom fields or resolution',
        description:
          'Send `version` to refuse a change over someone else’s (409). A status move outside the workflow is a 409 naming the allowed ones; resolving or closing needs a resolutionCode.',
        params: idParams,
        body: updateTicketBody,
        response: { 200: ticketDetailView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) => {
        await updateTicket(scope, request.params.id, request.body);
        return detail(scope.tx, request.params.id);
      }),
  );

  api.post(
    '/api/v1/tickets/:id/notes',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Add an internal note',
        params: idParams,
        body: noteBody,
        response: { 201: ticketDetailView },
      },
    },
    async (request, reply) => {
      const body = await inTenant(db, request, async (scope) => {
        await addNote(scope, request.params.id, request.body.body);
        return detail(scope.tx, request.params.id);
      });
      return reply.code(201).send(body);
    },
  );

  api.post(
    '/api/v1/tickets/:id/interactions',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Link an interaction (a call, chat or email about this ticket)',
        params: idParams,
        body: linkBody,
        response: { 200: ticketDetailView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) => {
        await linkTicketInteraction(scope, request.params.id, request.body.interactionId);
        return detail(scope.tx, request.params.id);
      }),
  );

  api.post(
    '/api/v1/tickets/:id/merge',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Merge this duplicate into another ticket (it is closed and points there)',
        params: idParams,
        body: mergeBody,
        response: { 200: ticketDetailView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) => {
        await mergeTicket(scope, request.params.id, request.body.intoId);
        return detail(scope.tx, request.params.id);
      }),
  );

  api.get(
    '/api/v1/ticket-fields/:type',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'The custom fields of a ticket type',
        params: typeParams,
        response: { 200: z.object({ fields: fieldDefinitions }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const parsed = fieldDefinitions.safeParse(await fieldsOfType(tx, request.params.type));
        return { fields: parsed.success ? parsed.data : [] };
      }),
  );

  api.put(
    '/api/v1/ticket-fields/:type',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Set the custom fields of a ticket type',
        params: typeParams,
        body: fieldsBody,
        response: { 200: z.object({ fields: fieldDefinitions }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, tenantId }) => {
        const fields = JSON.stringify(request.body.fields);
        await tx
          .insertInto('ticket_fields')
          .values({ tenant_id: tenantId, type: request.params.type, fields })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'type']).doUpdateSet({ fields, updated_at: new Date() }),
          )
          .execute();
        return { fields: request.body.fields };
      }),
  );
}
