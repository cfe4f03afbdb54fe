import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MANAGERS, WRITERS } from '../../../kernel/auth/roles.ts';
import type { TenantTx } from '../../../kernel/db/tenant-scope.ts';
import { emitEvent } from '../../../kernel/events/outbox.ts';
import type { AppDeps } from '../../../kernel/http/app.ts';
import { AppError, notFound } from '../../../kernel/http/errors.ts';
import { inTenant, type TenantScope } from '../../../kernel/http/request-context.ts';
import { findTenantUser } from '../../../routing/agent.store.ts';
import type { CallControl } from '../edge/inbound-call.ts';
import { phonesOf } from '../voice-call.store.ts';
import { mayActOnCall } from './call-access.ts';
import { type LiveCallState, liveCallState } from './call-live-state.ts';
import { consultBody, idParams } from './voice-calls.schemas.ts';
import { type CallRow, eventsOfCalls, findCall } from './voice-calls.store.ts';

const tags = ['voice'];
const accepted = z.object({ status: z.literal('requested') });

/**
 * /api/v1/voice/calls/:id/{hold,resume,consult,consult/cancel,listen}: what the agent (or a
 * supervisor) does to a call in progress from the desktop. The request is checked against the
 * call's state here and handed to the server instance that carries the call's media through
 * the realtime feed (a `voice.call_control` event); the call's events show when it is done.
 *
 * Transfers use the interaction's own endpoint (POST /api/v1/interactions/:id/transfer): to a
 * queue or an agent it is a blind transfer; to the colleague being consulted, it completes an
 * attended one.
 */
export function callControlRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/voice/calls/:id/hold',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Put the caller on hold (music for them, silence for the agent)',
        description: '409 when the call is not connected to an agent, is on hold already, or is outbound.',
        params: idParams,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async (scope) => {
        const { row, state } = await controllableCall(scope, request.params.id);
        if (state.onHold) throw new AppError('INVALID_TRANSITION', 'The call is on hold already');
        await requestControl(scope, row, 'hold');
      });
      return reply.code(202).send({ status: 'requested' });
    },
  );

  api.post(
    '/api/v1/voice/calls/:id/resume',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Take the caller off hold (a consultation in progress ends)',
        params: idParams,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async (scope) => {
        const { row, state } = await controllableCall(scope, request.params.id);
        if (!state.onHold) throw new AppError('INVALID_TRANSITION', 'The call is not on hold');
        await requestControl(scope, row, 'resume');
      });
      return reply.code(202).send({ status: 'requested' });
    },
  );

  api.post(
    '/api/v1/voice/calls/:id/consult',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary:
          'Consult a colleague before an attended transfer: the caller holds, the colleague’s phone rings',
        description:
          'Once the colleague answers, the agent talks to them while the caller hears music. Then transfer the interaction to that colleague (POST /api/v1/interactions/:id/transfer with their agentId) to put the caller through, or cancel the consultation. 409 when the colleague has no phone registered or a consultation is already going on.',
        params: idParams,
        body: consultBody,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async (scope) => {
        const { row, state } = await controllableCall(scope, request.params.id, true);
        const { agentId } = request.body;
        if (state.consult) throw new AppError('INVALID_TRANSITION', 'A consultation is going on already');
        if (agentId === row.agent_id)
          throw new AppError('VALIDATION_FAILED', 'agentId: the agent on the call', [
            { path: 'agentId', message: 'the agent on the call cannot consult themselves' },
          ]);
        const colleague = await findTenantUser(scope.tx, agentId);
        if (!colleague || colleague.role === 'analyst')
          throw new AppError('VALIDATION_FAILED', 'agentId: no such agent', [
            { path: 'agentId', message: 'no such agent' },
          ]);
        await mustHavePhone(scope.tx, agentId, colleague.display_name);
        await requestControl(scope, row, 'consult', { agentId });
      });
      return reply.code(202).send({ status: 'requested' });
    },
  );

  api.post(
    '/api/v1/voice/calls/:id/consult/cancel',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'End the consultation: the colleague is hung up on, the caller stays on hold',
        params: idParams,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async (scope) => {
        const { row, state } = await controllableCall(scope, request.params.id);
        if (!state.consult) throw new AppError('INVALID_TRANSITION', 'No consultation is going on');
        await requestControl(scope, row, 'consult_cancel');
      });
      return reply.code(202).send({ status: 'requested' });
    },
  );

  api.post(
    '/api/v1/voice/calls/:id/listen',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Listen in on a call (supervisors): your phone rings, and you hear both parties',
        description:
          'Nobody on the call hears the supervisor. Hang up your phone to stop. 409 when you have no phone registered or the call is not connected.',
        params: idParams,
        response: { 202: accepted },
      },
    },
    async (request, reply) => {
      await inTenant(db, request, async (scope) => {
        const { row, state } = await controllableCall(scope, request.params.id, true);
        if (state.listeners.includes(scope.user.userId))
          throw new AppError('INVALID_TRANSITION', 'You are listening in already');
        await mustHavePhone(scope.tx, scope.user.userId, null);
        await requestControl(scope, row, 'listen', { agentId: scope.user.userId });
      });
      return reply.code(202).send({ status: 'requested' });
    },
  );
}

/** The call, if this user may act on it (the agent on it, or a supervisor) and it is connected. */
async function controllableCall(
  { tx, user }: TenantScope,
  id: string,
  inboundOnly = false,
): Promise<{ row: CallRow; state: LiveCallState }> {
  const row = await findCall(tx, id);
  if (!row || !mayActOnCall(user, row)) throw notFound('Call');
  if (row.ended_at || !row.interaction_id) throw new AppError('INVALID_TRANSITION', 'The call has ended');
  if (!row.answered_at) throw new AppError('INVALID_TRANSITION', 'The call is not connected to an agent yet');
  // An outbound call can be held and hung up; consulting and listening in are for inbound calls.
  if (inboundOnly && row.direction !== 'inbound')
    throw new AppError('INVALID_TRANSITION', 'Consult and listen-in work on inbound calls');
  const events = (await eventsOfCalls(tx, [row.id])).get(row.id) ?? [];
  return { row, state: liveCallState(events) };
}

async function mustHavePhone(tx: TenantTx, userId: string, name: string | null): Promise<void> {
  const phones = await phonesOf(tx, userId, new Date());
  if (phones.length === 0)
    throw new AppError(
      'NO_PHONE',
      name ? `${name} has no phone registered` : 'Register your phone first (Phone setup in your profile)',
    );
}

/** Tells the instance carrying the call, through the realtime feed it follows for the interaction. */
async function requestControl(
  { tx, tenantId, user }: TenantScope,
  row: CallRow,
  action: CallControl,
  detail: { agentId?: string } = {},
): Promise<void> {
  await emitEvent(tx, tenantId, {
    type: 'voice.call_control',
    aggregateType: 'interaction',
    aggregateId: row.interaction_id!,
    payload: { action, callId: row.id, ...detail, by: user.userId, byRole: user.role },
  });
}
