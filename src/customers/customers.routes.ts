import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { diffSnapshots } from '../kernel/audit/audit-log.ts';
import { ANY_ROLE, MANAGERS, WRITERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import { decodeCursor, pageOf } from '../kernel/http/pagination.ts';
import { createIdempotent, inTenant } from '../kernel/http/request-context.ts';
import { buildTimeline } from './customer-timeline.ts';
import {
  auditView,
  contactInput,
  contactParams,
  contactView,
  createCustomerBody,
  customerSummaryView,
  customerView,
  idParams,
  listCustomersQuery,
  orderInput,
  orderParams,
  orderStatusInput,
  orderView,
  page,
  pageQuery,
  timelineItem,
  updateCustomerBody,
} from './customers.schemas.ts';
import {
  addContact,
  addOrder,
  changeOrderStatus,
  createCustomer,
  customerCard,
  deleteCustomer,
  removeContact,
  revealContact,
  updateCustomer,
} from './customers.service.ts';
import {
  customerFacets,
  findCustomer,
  listAudit,
  listCustomers,
  listOrders,
  tenantDefaults,
} from './customers.store.ts';
import { orderToView, summaryToView } from './customers.view.ts';

const tags = ['customers'];

/** /api/v1/customers: the card, contacts, orders, audit history and timeline. */
export function customerRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/customers',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Search and filter customers (name, phone in any format or its last digits, email)',
        querystring: listCustomersQuery,
        response: { 200: page(customerSummaryView) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      return inTenant(db, request, async ({ tx, tenantId, fullPhones }) => {
        const rows = await listCustomers(tx, filter, limit, decodeCursor(cursor));
        const { currency } = await tenantDefaults(tx, tenantId);
        const result = pageOf(rows, limit, (r) => ({ at: new Date(r.created_at).toISOString(), id: r.id }));
        return {
          items: result.items.map((r) => summaryToView(r, currency, fullPhones)),
          nextCursor: result.nextCursor,
        };
      });
    },
  );

  api.get(
    '/api/v1/customers/facets',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Tags and regions in use, with counts, for the list filters',
        response: {
          200: z.object({
            tags: z.array(z.object({ value: z.string(), count: z.number() })),
            regions: z.array(
              z.object({ province: z.string(), city: z.string().nullable(), count: z.number() }),
            ),
          }),
        },
      },
    },
    async (request) => inTenant(db, request, ({ tx }) => customerFacets(tx)),
  );

  api.post(
    '/api/v1/customers',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Create a customer',
        body: createCustomerBody,
        response: { 201: customerView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async (scope) => {
        const id = await createCustomer(scope, request.body);
        return customerCard(scope, id);
      }),
  );

  api.get(
    '/api/v1/customers/:id',
    {
      config: { roles: ANY_ROLE },
      schema: { tags, summary: 'The customer card', params: idParams, response: { 200: customerView } },
    },
    async (request) => inTenant(db, request, (scope) => customerCard(scope, request.params.id)),
  );

  api.patch(
    '/api/v1/customers/:id',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Change a customer (audited)',
        params: idParams,
        body: updateCustomerBody,
        response: { 200: customerView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) => {
        await updateCustomer(scope, request.params.id, request.body);
        return customerCard(scope, request.params.id);
      }),
  );

  api.delete(
    '/api/v1/customers/:id',
    {
      config: { roles: MANAGERS },
      schema: { tags, summary: 'Delete a customer (soft, audited)', params: idParams },
    },
    async (request, reply) => {
      await inTenant(db, request, (scope) => deleteCustomer(scope, request.params.id));
      reply.code(204).send();
    },
  );

  api.post(
    '/api/v1/customers/:id/contacts',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Add a phone, email or chat id',
        params: idParams,
        body: contactInput,
        response: { 201: contactView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, (scope) => addContact(scope, request.params.id, request.body)),
  );

  api.delete(
    '/api/v1/customers/:id/contacts/:contactId',
    { config: { roles: WRITERS }, schema: { tags, summary: 'Remove a contact', params: contactParams } },
    async (request, reply) => {
      await inTenant(db, request, (scope) =>
        removeContact(scope, request.params.id, request.params.contactId),
      );
      reply.code(204).send();
    },
  );

  api.post(
    '/api/v1/customers/:id/contacts/:contactId/reveal',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Show a masked phone number in full (audited)',
        params: contactParams,
        response: { 200: z.object({ value: z.string() }) },
      },
    },
    async (request) =>
      inTenant(db, request, (scope) => revealContact(scope, request.params.id, request.params.contactId)),
  );

  api.get(
    '/api/v1/customers/:id/orders',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: "A customer's orders, newest first",
        params: idParams,
        querystring: pageQuery,
        response: { 200: page(orderView) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        if (!(await findCustomer(tx, request.params.id))) throw notFound('Customer');
        const { limit, cursor } = request.query;
        const rows = await listOrders(tx, request.params.id, limit, decodeCursor(cursor));
        const result = pageOf(rows, limit, (o) => ({ at: new Date(o.ordered_at).toISOString(), id: o.id }));
        return { items: result.items.map(orderToView), nextCursor: result.nextCursor };
      }),
  );

  api.post(
    '/api/v1/customers/:id/orders',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Record an order',
        params: idParams,
        body: orderInput,
        response: { 201: orderView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, (scope) => addOrder(scope, request.params.id, request.body)),
  );

  api.patch(
    '/api/v1/customers/:id/orders/:orderId',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: "Refund or cancel an order (or undo it); the customer's tier and stage follow at once",
        params: orderParams,
        body: orderStatusInput,
        response: { 200: orderView },
      },
    },
    async (request) =>
      inTenant(db, request, (scope) =>
        changeOrderStatus(scope, request.params.id, request.params.orderId, request.body.status),
      ),
  );

  api.get(
    '/api/v1/customers/:id/audit',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Who changed this customer, when, and what changed',
        params: idParams,
        querystring: pageQuery,
        response: { 200: page(auditView) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const { limit, cursor } = request.query;
        const decoded = decodeCursor(cursor);
        const beforeId = decoded ? Number(decoded.id) : null;
        if (beforeId !== null && !Number.isInteger(beforeId)) throw new AppError('INVALID_CURSOR');
        if (!(await findCustomer(tx, request.params.id))) throw notFound('Customer');
        const rows = await listAudit(tx, request.params.id, limit, beforeId);
        const result = pageOf(rows, limit, (a) => ({ at: new Date(a.at).toISOString(), id: String(a.id) }));
        return {
          items: result.items.map((a) => ({
            id: String(a.id),
            action: a.action,
            actorName: a.actor_name,
            at: new Date(a.at).toISOString(),
            changes: diffSnapshots(
              a.before as Record<string, unknown> | null,
              a.after as Record<string, unknown> | null,
            ),
          })),
          nextCursor: result.nextCursor,
        };
      }),
  );

  api.get(
    '/api/v1/customers/:id/timeline',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Everything that happened with this customer, newest first',
        params: idParams,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ items: z.array(timelineItem) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, user, fullPhones }) => {
        if (!(await findCustomer(tx, request.params.id))) throw notFound('Customer');
        const viewer = { userId: user.userId, role: user.role, fullPhones };
        return {
          items: await buildTimeline(tx, request.params.id, request.query.limit, user.locale, viewer),
        };
      }),
  );
}
