import { z } from 'zod';
import { limitQuery } from '../../../kernel/http/pagination.ts';

export const idParams = z.strictObject({ id: z.uuid() });

export const listCallsQuery = z.strictObject({
  limit: limitQuery,
  cursor: z.string().optional(),
  interactionId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Calls that arrived at or after (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Calls that arrived before (ISO 8601)'),
  direction: z.enum(['inbound', 'outbound']).optional(),
});

const at = z.string().nullable();

export const callView = z.object({
  id: z.string(),
  interactionId: z.string().nullable(),
  customerId: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  fromNumber: z.string().nullable().describe('The customer’s number is masked for agents and analysts'),
  toNumber: z.string().nullable(),
  agent: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  arrivedAt: z.string(),
  ivrAt: at,
  queuedAt: at,
  offeredAt: at,
  answeredAt: at,
  endedAt: at,
  endedBy: z.enum(['caller', 'agent', 'system']).nullable().describe('Who hung up'),
  endReason: z.string().nullable(),
  talkSeconds: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  ivrPath: z.array(z.string()).describe('The keys chosen in the IVR menu, in order'),
  recording: z
    .object({ id: z.string(), durationMs: z.number(), bytes: z.number(), url: z.string() })
    .nullable(),
  onHold: z.boolean().describe('The caller is on hold now'),
  consult: z
    .object({ agentId: z.string(), answered: z.boolean() })
    .nullable()
    .describe('The colleague the agent is consulting before an attended transfer'),
  listeners: z.array(z.string()).describe('Supervisors listening in now'),
  transfers: z.number().describe('How many times the call was transferred'),
});

export const consultBody = z.strictObject({ agentId: z.uuid() });

export const callDetailView = callView.extend({
  events: z.array(
    z.object({
      kind: z
        .string()
        .describe(
          'arrived, ivr, digit, ivr_done, queued, offered, ringing, no_answer, answered, held, resumed, consult_started, consult_answered, consult_failed, consult_ended, transferred, listen_started, listen_failed, listen_ended, voicemail, callback_requested, ended',
        ),
      at: z.string(),
      agentId: z.string().nullable(),
      detail: z.record(z.string(), z.unknown()),
    }),
  ),
});
