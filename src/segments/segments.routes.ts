import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, MANAGERS } from '../kernel/auth/roles.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { emitEvent } from '../kernel/events/outbox.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import { decodeCursor, pageOf } from '../kernel/http/pagination.ts';
import { createIdempotent, inTenant } from '../kernel/http/request-context.ts';
import { memberToView, segmentMember } from './segment.view.ts';
import { membersToCsv, membersToXlsx } from './segment-export.ts';
import { segmentFilterSchema } from './segment-filter.ts';
import { countSegment, segmentMembers } from './segment-query.ts';

const tags = ['segments'];
const idParams = z.strictObject({ id: z.uuid() });
const segmentInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).nullish(),
  filter: segmentFilterSchema,
});
const segmentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  filter: segmentFilterSchema,
  count: z.number().nullable().describe('Members now (in lists: null, to keep them fast)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** The largest export in one file; bigger segments are for campaigns, not spreadsheets. */
const EXPORT_LIMIT = 100_000;

type SegmentRow = {
  id: string;
  name: string;
  description: string | null;
  filter: unknown;
  created_at: Date;
  updated_at: Date;
};
function toView(row: SegmentRow, count: number | null) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    filter: segmentFilterSchema.parse(row.filter),
    count,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function findSegment(tx: TenantTx, id: string) {
  const row = await tx
    .selectFrom('segments')
    .select(['id', 'name', 'description', 'filter', 'created_at', 'updated_at'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw notFound('Segment');
  return row;
}

async function assertNameFree(tx: TenantTx, name: string, exceptId?: string) {
  let q = tx
    .selectFrom('segments')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw new AppError('CONFLICT', `A segment named "${name}" exists`);
}

/** /api/v1/segments: saved customer filters, their live count, members and exports. */
export function segmentRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/segments/preview',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Count the customers a filter matches now, with the first few',
        body: z.strictObject({ filter: segmentFilterSchema }),
        response: { 200: z.object({ count: z.number(), sample: z.array(segmentMember) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, fullPhones }) => {
        const count = await countSegment(tx, request.body.filter);
        const sample = await segmentMembers(tx, request.body.filter).limit(10).execute();
        return { count, sample: sample.map((r) => memberToView(r, fullPhones)) };
      }),
  );

  api.get(
    '/api/v1/segments',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Saved segments',
        response: { 200: z.object({ items: z.array(segmentView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const rows = await tx
          .selectFrom('segments')
          .select(['id', 'name', 'description', 'filter', 'created_at', 'updated_at'])
          .where('deleted_at', 'is', null)
          .orderBy('name')
          .execute();
        return { items: rows.map((r) => toView(r, null)) };
      }),
  );

  api.post(
    '/api/v1/segments',
    {
      config: { roles: MANAGERS },
      schema: { tags, summary: 'Save a segment', body: segmentInput, response: { 201: segmentView } },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async ({ tx, tenantId, user }) => {
        await assertNameFree(tx, request.body.name);
        const row = await tx
          .insertInto('segments')
          .values({
            tenant_id: tenantId,
            name: request.body.name,
            description: request.body.description ?? null,
            filter: JSON.stringify(request.body.filter),
            created_by: user.userId,
          })
          .returning(['id', 'name', 'description', 'filter', 'created_at', 'updated_at'])
          .executeTakeFirstOrThrow();
        await emitEvent(tx, tenantId, {
          type: 'segment.saved',
          aggregateType: 'segment',
          aggregateId: row.id,
          payload: { name: row.name },
        });
        return toView(row, await countSegment(tx, request.body.filter));
      }),
  );

  api.get(
    '/api/v1/segments/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'A segment with its member count now',
        params: idParams,
        response: { 200: segmentView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const row = await findSegment(tx, request.params.id);
        return toView(row, await countSegment(tx, segmentFilterSchema.parse(row.filter)));
      }),
  );

  api.put(
    '/api/v1/segments/:id',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Change a segment',
        params: idParams,
        body: segmentInput,
        response: { 200: segmentView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, tenantId }) => {
        await findSegment(tx, request.params.id);
        await assertNameFree(tx, request.body.name, request.params.id);
        const row = await tx
          .updateTable('segments')
          .set({
            name: request.body.name,
            description: request.body.description ?? null,
            filter: JSON.stringify(request.body.filter),
            updated_at: new Date(),
          })
          .where('id', '=', request.params.id)
          .returning(['id', 'name', 'description', 'filter', 'created_at', 'updated_at'])
          .executeTakeFirstOrThrow();
        await emitEvent(tx, tenantId, {
          type: 'segment.saved',
          aggregateType: 'segment',
          aggregateId: row.id,
          payload: { name: row.name },
        });
        return toView(row, await countSegment(tx, request.body.filter));
      }),
  );

  api.delete(
    '/api/v1/segments/:id',
    {
      config: { roles: MANAGERS },
      schema: { tags, summary: 'Delete a segment', params: idParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await inTenant(db, request, async ({ tx }) => {
        await findSegment(tx, request.params.id);
        await tx
          .updateTable('segments')
          .set({ deleted_at: new Date() })
          .where('id', '=', request.params.id)
          .execute();
      });
      reply.code(204);
      return null;
    },
  );

  api.get(
    '/api/v1/segments/:id/customers',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: "A segment's customers, newest first",
        params: idParams,
        querystring: z.strictObject({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ items: z.array(segmentMember), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, fullPhones }) => {
        const row = await findSegment(tx, request.params.id);
        const { limit, cursor } = request.query;
        const after = decodeCursor(cursor);
        let q = segmentMembers(tx, segmentFilterSchema.parse(row.filter))
          .clearOrderBy()
          .orderBy('c.created_at', 'desc')
          .orderBy('c.id', 'desc');
        if (after) {
          q = q.where((eb) =>
            eb.or([
              eb('c.created_at', '<', new Date(after.at)),
              eb.and([eb('c.created_at', '=', new Date(after.at)), eb('c.id', '<', after.id)]),
            ]),
          );
        }
        const rows = await q.limit(limit + 1).execute();
        const result = pageOf(rows, limit, (r) => ({ at: new Date(r.created_at).toISOString(), id: r.id }));
        return { items: result.items.map((r) => memberToView(r, fullPhones)), nextCursor: result.nextCursor };
      }),
  );

  api.get(
    '/api/v1/segments/:id/export',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: "Download a segment's customers as CSV or Excel (phones masked as for the caller)",
        params: idParams,
        querystring: z.strictObject({ format: z.enum(['csv', 'xlsx']).default('csv') }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      const { segment, members, locale } = await inTenant(db, request, async ({ tx, fullPhones, user }) => {
        const segment = await findSegment(tx, request.params.id);
        const rows = await segmentMembers(tx, segmentFilterSchema.parse(segment.filter))
          .limit(EXPORT_LIMIT + 1)
          .execute();
        if (rows.length > EXPORT_LIMIT)
          throw new AppError(
            'VALIDATION_FAILED',
            `The segment has over ${EXPORT_LIMIT} customers; narrow it to export`,
          );
        return { segment, members: rows.map((r) => memberToView(r, fullPhones)), locale: user.locale };
      });
      const stem = encodeURIComponent(segment.name);
      if (request.query.format === 'xlsx') {
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header('content-disposition', `attachment; filename*=UTF-8''${stem}.xlsx`);
        return reply.send(await membersToXlsx(members, locale, segment.name));
      }
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename*=UTF-8''${stem}.csv`);
      return reply.send(membersToCsv(members, locale));
    },
  );
}
