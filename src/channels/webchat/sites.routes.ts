import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMINS, MANAGERS } from '../../kernel/auth/roles.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { notFound } from '../../kernel/http/errors.ts';
import { createIdempotent, inTenant } from '../../kernel/http/request-context.ts';
import { createSite, deleteSite, rotateSiteKey, updateSite } from './site.service.ts';
import { findSite, listSites, type SiteRow } from './site.store.ts';
import { createSiteBody, type SiteView, siteView, updateSiteBody } from './webchat.schemas.ts';

const tags = ['webchat'];
const idParams = z.strictObject({ id: z.uuid() });

/**
 * /api/v1/webchat-sites: the websites a tenant embeds its chat widget on. Supervisors read
 * them (to hand out the embed code); tenant admins register, change and remove them.
 */
export function siteRoutes(app: FastifyInstance, { db }: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/webchat-sites',
    {
      config: { roles: MANAGERS },
      schema: {
        tags,
        summary: 'Chat sites of this tenant, with their public keys and embed code',
        response: { 200: z.object({ items: z.array(siteView) }) },
      },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => ({
        items: (await listSites(tx)).map((s) => siteToView(s, request)),
      })),
  );

  api.get(
    '/api/v1/webchat-sites/:id',
    {
      config: { roles: MANAGERS },
      schema: { tags, summary: 'One chat site', params: idParams, response: { 200: siteView } },
    },
    async (request) =>
      inTenant(db, request, async ({ tx }) => {
        const site = await findSite(tx, request.params.id);
        if (!site) throw notFound('Chat site');
        return siteToView(site, request);
      }),
  );

  api.post(
    '/api/v1/webchat-sites',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Register a chat site (honours Idempotency-Key); the answer holds its site key',
        body: createSiteBody,
        response: { 201: siteView },
      },
    },
    async (request, reply) =>
      createIdempotent(db, request, reply, async (scope) =>
        siteToView(await createSite(scope, request.body), request),
      ),
  );

  api.patch(
    '/api/v1/webchat-sites/:id',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Change a chat site',
        params: idParams,
        body: updateSiteBody,
        response: { 200: siteView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        siteToView(await updateSite(scope, request.params.id, request.body), request),
      ),
  );

  api.post(
    '/api/v1/webchat-sites/:id/rotate-key',
    {
      config: { roles: ADMINS },
      schema: {
        tags,
        summary: 'Give the site a new key; pages with the old one stop working (chats in progress go on)',
        params: idParams,
        response: { 200: siteView },
      },
    },
    async (request) =>
      inTenant(db, request, async (scope) =>
        siteToView(await rotateSiteKey(scope, request.params.id), request),
      ),
  );

  api.delete(
    '/api/v1/webchat-sites/:id',
    {
      config: { roles: ADMINS },
      schema: { tags, summary: 'Remove a chat site; its key stops working', params: idParams },
    },
    async (request, reply) => {
      await inTenant(db, request, (scope) => deleteSite(scope, request.params.id));
      reply.code(204);
    },
  );
}

function siteToView(site: SiteRow, request: FastifyRequest): SiteView {
  const origin = `${request.protocol}://${request.host}`;
  return {
    id: site.id,
    name: site.name,
    siteKey: site.site_key,
    allowedOrigins: site.allowed_origins,
    queueId: site.queue_id,
    defaultLocale: site.default_locale,
    greeting: site.greeting,
    preChatForm: site.pre_chat_form,
    embedCode: `<script src="${origin}/widget.js" data-site-key="${site.site_key}" async></script>`,
    createdAt: site.created_at.toISOString(),
    updatedAt: site.updated_at.toISOString(),
  };
}
