import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ANY_ROLE, WRITERS } from '../../kernel/auth/roles.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import { inTenant } from '../../kernel/http/request-context.ts';
import { enqueueJob } from '../../kernel/jobs/job-queue.ts';
import { mustHandle, visibleInteraction } from '../../routing/interaction-access.ts';
import { emailView, idParams } from './email.schemas.ts';
import { emailToView } from './email.view.ts';
import {
  attachmentsOf,
  attachmentWithData,
  emailsOf,
  findEmail,
  updateEmail,
} from './email-message.store.ts';
import { SEND_JOB } from './email-outbound.ts';

const tags = ['email'];

/**
 * An interaction's emails (with threading headers and the delivery status of each reply),
 * their attachments, and sending a failed reply again. Who may see them is who may see the
 * interaction.
 */
export function emailRoutes(app: FastifyInstance, { db, config, jobs }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/interactions/:id/emails',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'The emails of an interaction, oldest first: received, replies and auto-replies',
        params: idParams,
        response: { 200: z.object({ items: z.array(emailView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) => {
        const interaction = await visibleInteraction(scope, request.params.id);
        const emails = await emailsOf(scope.tx, interaction.id);
        const attachments = await attachmentsOf(
          scope.tx,
          emails.map((e) => e.id),
        );
        return { items: emails.map((e) => emailToView(e, attachments)) };
      }),
  );

  api.post(
    '/api/v1/interactions/:id/emails/:emailId/retry',
    {
      config: { roles: WRITERS },
      schema: {
        tags,
        summary: 'Send a reply that failed again (the handling agent or a supervisor)',
        params: z.strictObject({ id: z.uuid(), emailId: z.uuid() }),
        response: { 202: emailView },
      },
    },
    async (request, reply) => {
      const view = await inTenant(db, request, async (scope) => {
        const interaction = await visibleInteraction(scope, request.params.id);
        mustHandle({ ...scope, offerTimeoutSeconds: config.offerTimeoutSeconds }, interaction);
        const email = await findEmail(scope.tx, request.params.emailId);
        if (!email || email.interaction_id !== interaction.id) throw notFound('Email');
        if (email.direction !== 'outbound' || email.status !== 'failed') {
          throw new AppError(
            'CONFLICT',
            `Only a failed outgoing email is sent again; this one is ${email.status}`,
          );
        }
        await updateEmail(scope.tx, email.id, { status: 'queued', attempts: 0, next_attempt_at: new Date() });
        await enqueueJob(scope.tx, {
          kind: SEND_JOB,
          tenantId: scope.tenantId,
          payload: { emailId: email.id },
        });
        const attachments = await attachmentsOf(scope.tx, [email.id]);
        return emailToView((await findEmail(scope.tx, email.id))!, attachments);
      });
      jobs?.kick();
      reply.code(202);
      return view;
    },
  );

  api.get(
    '/api/v1/email-attachments/:id',
    {
      config: { roles: ANY_ROLE },
      schema: {
        tags,
        summary: 'Download an email attachment (always as a file, never shown inline)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const file = await inTenant(db, request, async (scope) => {
        const found = await attachmentWithData(scope.tx, request.params.id);
        if (!found) throw notFound('Attachment');
        await visibleInteraction(scope, found.interaction_id);
        return found;
      });
      // The sender chose the type; as a download with nosniff it cannot run in our origin.
      reply
        .header('content-type', file.content_type)
        .header('content-length', String(file.size_bytes))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.file_name)}`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300');
      return Buffer.from(file.data);
    },
  );
}
