import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMINS, MANAGERS } from '../../kernel/auth/roles.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import { createIdempotent, inTenant } from '../../kernel/http/request-context.ts';
import { createMailboxBody, idParams, mailboxView, updateMailboxBody } from './email.schemas.ts';
import { mailboxToView } from './email.view.ts';
import { requestPoll } from './imap-poller.ts';
import { createMailbox, deleteMailbox, updateMailbox } from './mailbox.service.ts';
import { findMailbox, loadMailboxes } from './mailbox.store.ts';

const tags = ['email'];

/**
 * /api/v1/email-mailboxes: the addresses that receive a tenant's mail, the queue it waits in,
 * the From of replies, and optionally an IMAP account to poll. Supervisors read them; admins
 * change them. The IMAP password is write-only.
 */
export function mailboxRoutes(app: FastifyInstance, { db, jobs }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/email-mailboxes',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Mailboxes of this tenant, oldest first',
        response: { 200: z.object({ items: z.array(mailboxView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({ items: (await loadMailboxes(tx)).map(mailboxToView) })),
  );

  api.get(
    '/api/v1/email-mailboxes/:id',
    {
      config: { roles: MANAGERS },
      schema: { tags, summary: 'One mailbox', params: idParams, response: { 200: mailboxView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const mailbox = await findMailbox(tx, request.params.id);
        if (!mailbox) throw notFound('Mailbox');
        return mailboxToView(mailbox);
      }),
  );

  api.post(
    '/api/v1/email-mailboxes',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Add a mailbox (honours Idempotency-Key)',
        description:
          'Mail to its addresses (over the SMTP listener, or fetched from its IMAP account) becomes interactions in its queue; agents’ replies go out From its address. An address already used by any mailbox is a 409.',
        body: createMailboxBody,
        response: { 201: mailboxView },
      },
    },
    async (request, reply) => {
      const view = await createIdempotent(db, request, reply, async (scope) =>
        mailboxToView(await createMailbox(scope, request.body)),
      );
      jobs?.kick();
      return view;
    },
  );

  api.patch(
    '/api/v1/email-mailboxes/:id',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Change a mailbox; leave imap.password out to keep the stored one',
        params: idParams,
        body: updateMailboxBody,
        response: { 200: mailboxView },
      },
    },
    async (request) => {
      const view = await inTenant(db, request, async (scope) =>
        mailboxToView(await updateMailbox(scope, request.params.id, request.body)),
      );
      jobs?.kick();
      return view;
    },
  );

  api.delete(
    '/api/v1/email-mailboxes/:id',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Delete a mailbox; its addresses are freed, its emails stay',
        params: idParams,
      },
    },
    async (request, reply) => {
      await inTenant(db, request, (scope) => deleteMailbox(scope, request.params.id));
      reply.code(204);
    },
  );

  api.post(
    '/api/v1/email-mailboxes/:id/poll',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Poll the mailbox’s IMAP account now (joins a poll already pending)',
        params: idParams,
        response: { 202: z.object({ jobId: z.number() }) },
      },
    },
    async (request, reply) => {
      const jobId = await inTenant(db, request, async ({ tx, tenantId }) => {
        const mailbox = await findMailbox(tx, request.params.id);
        if (!mailbox) throw notFound('Mailbox');
        if (!mailbox.imap) throw new AppError('CONFLICT', 'This mailbox has no IMAP account to poll');
        return requestPoll(tx, tenantId, mailbox.id);
      });
      jobs?.kick();
      reply.code(202);
      return { jobId };
    },
  );
}
