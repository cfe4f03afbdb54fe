import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REPORT_READERS } from '../kernel/auth/roles.ts';
import type { AppDeps } from '../kernel/http/app.ts';
import { inTenant } from '../kernel/http/request-context.ts';
import { channel } from '../routing/routing.schemas.ts';
import { loadWallboard } from './wallboard.ts';

const num = z.number();
const ratio = z.number().nullable();
const figures = {
  offered: num.describe('Contacts that arrived today'),
  answered: num,
  answeredWithinTarget: num,
  abandoned: num,
  answerWaitSeconds: num,
  serviceLevel: ratio.describe('Answered within target / (answered + abandoned), 0–1; null: none yet'),
  asaSeconds: z.number().nullable().describe('Average speed of answer'),
  abandonRate: ratio,
  waiting: num.describe('Queued or ringing at an agent now'),
  longestWaitSeconds: z.number().nullable(),
};
const counts = z.object({ voice: num, chat: num, email: num });
const contact = z.object({
  id: z.string(),
  channel,
  status: z.enum(['queued', 'offered', 'active', 'wrap_up']),
  queueId: z.string(),
  customerId: z.string().nullable(),
  label: z.string().nullable(),
  subject: z.string().nullable(),
  valueTier: z.string().nullable(),
  enqueuedAt: z.string(),
  seconds: num.describe('Waiting: since arrival; held: since accepted'),
  agentId: z.string().nullable(),
});

const wallboardView = z.object({
  generatedAt: z.string(),
  since: z.string().describe("Start of today in the tenant's time zone"),
  timeZone: z.string(),
  totals: z.object(figures),
  queues: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      name: z.string(),
      channels: z.array(channel),
      target: z.object({ percent: num, withinSeconds: num }),
      standing: z
        .enum(['ok', 'warning', 'breach', 'none'])
        .describe('Against the target: amber within 10 points'),
      ...figures,
    }),
  ),
  agentsByState: z.record(z.string(), num),
  agents: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      role: z.string(),
      state: z.string(),
      stateReason: z.string().nullable(),
      stateSince: z.string(),
      secondsInState: num,
      capacity: counts,
      load: counts,
      interactions: z.array(contact),
    }),
  ),
  waiting: z.array(contact).describe('Longest wait first'),
});

/**
 * GET /api/v1/wallboard: the live floor for supervisors (and analysts, read-only). The page
 * refreshes it on stream events and every few seconds; acting on what it shows goes through
 * the routing routes (agent state, reassign).
 */
export function wallboardRoutes(app: FastifyInstance, { db }: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/wallboard',
    {
      config: { roles: REPORT_READERS },
      schema: {
        tags: ['reports'],
        summary:
          'Per queue: waiting, longest wait, offered, answered, abandoned, service level, ASA today; per agent: state, time in state, interactions',
        response: { 200: wallboardView },
      },
    },
    async (request) =>
      inTenant(db, request, (scope) =>
        loadWallboard(scope.tx, scope.tenantId, { now: new Date(), fullPhones: scope.fullPhones }),
      ),
  );
}
