import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, WRITERS } from '../../../kernel/auth/roles.ts';
import { emitEvent } from '../../../kernel/events/outbox.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import { decodeCursor, pageOf } from '../../../kernel/http/pagination.ts';
import { inTenant } from '../../../kernel/http/request-context.ts';
import { handlersOf, mayActOnCall, mayPlayRecording, seesAllCalls } from './call-access.ts';
import { parseRange, recordingPath } from './recording-file.ts';
import { callDetailView, callView, idParams, listCallsQuery } from './voice-calls.schemas.ts';
import { eventsOfCalls, findCall, findRecording, listCalls } from './voice-calls.store.ts';
import { callToView, eventsToView } from './voice-calls.view.ts';

const tags = ['voice'];

/**
 * /api/v1/voice/calls and /api/v1/voice/recordings: the call detail records and the recorded
 * audio. Supervisors, admins and analysts read all of the tenant's; an agent the calls they
 * handled. Another tenant's call or recording, or one the agent did not handle, is a 404.
 */
export function voiceCallRoutes(app: FastifyInstance, { db, config }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/voice/calls',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Calls, newest first (an agent sees the calls they handled)',
        querystring: listCallsQuery,
        response: { 200: z.object({ items: z.array(callView), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, user, fullPhones }) => {
        const q = request.query;
        const rows = await listCalls(
          tx,
          {
            ...(q.interactionId ? { interactionId: q.interactionId } : {}),
            ...(q.customerId ? { customerId: q.customerId } : {}),
            ...(q.from ? { from: new Date(q.from) } : {}),
            ...(q.to ? { to: new Date(q.to) } : {}),
            ...(q.direction ? { direction: q.direction } : {}),
            ...(seesAllCalls(user.role) ? {} : { handledBy: user.userId }),
          },
          q.limit,
          decodeCursor(q.cursor),
        );
        const page = pageOf(rows, q.limit, (r) => ({ at: new Date(r.arrived_at).toISOString(), id: r.id }));
        const events = await eventsOfCalls(
          tx,
          page.items.map((r) => r.id),
        );
        return {
          items: page.items.map((r) => callToView(r, events.get(r.id) ?? [], fullPhones)),
          nextCursor: page.nextCursor,
        };
      }),
  );

  api.get(
    '/api/v1/voice/calls/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'One call’s detail record with its events (arrival, IVR, queue, offers, answer, hang-up)',
        params: idParams,
        response: { 200: callDetailView },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx, user, fullPhones }) => {
        const row = await findCall(tx, request.params.id);
        if (!row || !(seesAllCalls(user.role) || handlersOf(row).includes(user.userId)))
          throw notFound('Call');
        const events = (await eventsOfCalls(tx, [row.id])).get(row.id) ?? [];
        return { ...callToView(row, events, fullPhones), events: eventsToView(row, events, fullPhones) };
      }),
  );

  api.post(
    '/api/v1/voice/calls/:id/hangup',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Hang up a call in progress (the agent on it, or a supervisor)',
        description:
          'The server instance that carries the call ends both legs (BYE to each party); the call record says the agent (or, for a supervisor, the system) ended it. 409 when the call has ended already.',
        params: idParams,
        response: { 202: z.object({ status: z.literal('hanging_up') }) },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async ({ tx, tenantId, user }) => {
        const row = await findCall(tx, request.params.id);
        if (!row || !mayActOnCall(user, row)) throw notFound('Call');
        if (row.ended_at || !row.interaction_id)
          throw new AppError('INVALID_TRANSITION', 'The call has ended');
        // The instance carrying the call (inbound or outbound) hears the request through the
        // realtime feed it follows for the call's interaction.
        await emitEvent(tx, tenantId, {
          type: 'voice.hangup_requested',
          aggregateType: 'interaction',
          aggregateId: row.interaction_id,
          payload: { callId: row.id, agentId: row.agent_id, by: user.userId, byRole: user.role },
        });
      });
      return reply.code(202).send({ status: 'hanging_up' });
    },
  );

  api.get(
    '/api/v1/voice/recordings/:id/audio',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'A call’s recording: a stereo 8 kHz WAV (caller left, agent right); honours Range',
        description:
          'Supervisors, admins and analysts hear any of the tenant’s recordings; an agent those of calls they handled. Send `Range: bytes=start-end` to seek (206 Partial Content).',
        params: idParams,
        produces: ['audio/wav'],
      },
    },
    async (request, reply) => {
      const recording = await inTenant(db, request, async ({ tx, user }) => {
        const row = await findRecording(tx, request.params.id);
        return row && mayPlayRecording(user, row.handledBy) ? row : undefined;
      });
      const file = recording && recordingPath(config.voice.recordingsDir, recording.file);
      const stat = file ? await fs.promises.stat(file).catch(() => undefined) : undefined;
      if (!file || !stat?.isFile()) throw notFound('Recording');
      const size = stat.size;
      reply
        .type('audio/wav')
        .header('accept-ranges', 'bytes')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `inline; filename="recording-${request.params.id}.wav"`);
      const range = parseRange(request.headers.range, size);
      if (range === 'unsatisfiable') {
        reply.code(416).header('content-range', `bytes */${size}`);
        return reply.send();
      }
      if (range) {
        reply
          .code(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${size}`)
          .header('content-length', range.end - range.start + 1);
        return reply.send(fs.createReadStream(file, { start: range.start, end: range.end }));
      }
      reply.header('content-length', size);
      return reply.send(fs.createReadStream(file));
    },
  );
}
