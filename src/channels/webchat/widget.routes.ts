import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withTenant } from '../../kernel/db/tenant-scope.ts';
import type { AppDeps } from '../../kernel/http/app.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { inTenant } from '../../kernel/http/request-context.ts';
import { visibleInteraction } from '../../routing/interaction-access.ts';
import { readImage, sendImage, tooLarge } from './attachment.service.ts';
import {
  conversationOf,
  conversationSnapshot,
  leaveOfflineMessage,
  siteStatus,
  startChat,
  type VisitorMeta,
  visitorLeaves,
  visitorSays,
} from './chat.service.ts';
import type { ConversationKey } from './conversation.store.ts';
import { IMAGE_TYPES } from './image-sniff.ts';
import { requestTranscript, type TranscriptAnswer } from './transcript.service.ts';
import { toVisitorMessage } from './visitor.view.ts';
import {
  conversationForRequest,
  conversationForToken,
  siteForRequest,
  visitorTokenOf,
} from './visitor-access.ts';
import { serveVisitorFeed, visitorTyping } from './visitor-feed.ts';
import { VisitorLimits } from './visitor-limits.ts';
import {
  afterQuery,
  attachmentParams,
  conversationParams,
  conversationView,
  MAX_MESSAGE_CHARS,
  offlineMessageBody,
  sendMessageBody,
  siteKeyParams,
  startChatBody,
  startedChatView,
  streamQuery,
  transcriptBody,
  transcriptView,
  typingBody,
  uploadQuery,
  visitorMessageView,
  widgetConfigView,
} from './webchat.schemas.ts';

const tags = ['webchat'];
const PUBLIC = { roles: 'public' as const };

/**
 * /api/v1/webchat/*: the chat widget's API, with no sign-in. A page names its site by the
 * site key (and its Origin must be one the site allows); a visitor's conversation is opened by
 * the visitor token its start returned (header `x-visitor-token`), which opens that chat only.
 * Any page may call it from the browser (CORS), as the widget runs on the customers' sites.
 */
export function widgetRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db, config } = deps;
  const limits = new VisitorLimits(config.webchat);
  const maxImageBytes = config.webchat.maxImageBytes;
  const keys = new WeakMap<FastifyRequest, ConversationKey>();

  // Own plugin scope: the CORS and rate-limit hook and the image body parser apply here only.
  void app.register(async (scope) => {
    scope.addHook('onClose', async () => limits.stop());
    scope.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin) {
        // No cookies are involved (the visitor token is a header), so echoing the origin is safe;
        // each route checks the origin against its site, and the widget can read the errors.
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-expose-headers', 'retry-after');
        reply.header('vary', 'Origin');
      }
      if (request.method !== 'OPTIONS') limits.check('ip', request.ip, reply);
    });
    scope.addContentTypeParser(
      /^image\//,
      { parseAs: 'buffer', bodyLimit: maxImageBytes },
      (_r, body, done) => done(null, body),
    );
    const api = scope.withTypeProvider<ZodTypeProvider>();

    /** The visitor whose token opens the conversation in the path; optionally rate-limited. */
    const visitor = async (request: FastifyRequest, id: string, reply: FastifyReply, limited: boolean) => {
      const key = await conversationForRequest(db, request, id, visitorTokenOf(request));
      if (limited) limits.check('visitor', key.id, reply);
      return key;
    };
    const meta = (request: FastifyRequest, locale: VisitorMeta['locale'], pageUrl?: string): VisitorMeta => ({
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      locale,
      pageUrl: pageUrl ?? request.headers.referer ?? null,
    });

    api.options('/api/v1/webchat/*', { config: PUBLIC, schema: { hide: true } }, async (_request, reply) => {
      reply
        .header('access-control-allow-methods', 'GET, POST, OPTIONS')
        .header('access-control-allow-headers', 'content-type, x-visitor-token')
        .header('access-control-max-age', '600')
        .code(204);
    });

    api.get(
      '/api/v1/webchat/sites/:siteKey',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: "The widget's settings for a site: language, greeting, whether chat is open now, limits",
          params: siteKeyParams,
          response: { 200: widgetConfigView },
        },
      },
      async (request) => {
        const site = await siteForRequest(db, request, request.params.siteKey);
        const status = await withTenant(db, site.tenant_id, (tx) => siteStatus(tx, site));
        return {
          name: site.name,
          defaultLocale: site.default_locale,
          greeting: site.greeting,
          preChatForm: site.pre_chat_form,
          ...status,
          limits: { maxMessageChars: MAX_MESSAGE_CHARS, maxImageBytes, imageTypes: [...IMAGE_TYPES] },
        };
      },
    );

    api.post(
      '/api/v1/webchat/sites/:siteKey/conversations',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'Start a chat (anonymous, or with name, phone and email); answers the visitor token',
          description:
            'The routing core links the chat to the customer whose phone or email matches. Outside the queue’s hours: 409 CHAT_OFFLINE (show the offline form).',
          params: siteKeyParams,
          body: startChatBody,
          response: { 201: startedChatView },
        },
      },
      async (request, reply) => {
        limits.check('start', request.ip, reply);
        const site = await siteForRequest(db, request, request.params.siteKey);
        const locale = request.body.locale ?? site.default_locale;
        const started = await withTenant(db, site.tenant_id, (tx) =>
          startChat(
            { tx, tenantId: site.tenant_id, offerTimeoutSeconds: config.offerTimeoutSeconds, site },
            request.body,
            meta(request, locale, request.body.pageUrl),
          ),
        );
        reply.code(201);
        return { ...started, locale };
      },
    );

    api.post(
      '/api/v1/webchat/sites/:siteKey/offline-messages',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'Leave a message outside hours (name, phone or email, words); the team gets it when open',
          params: siteKeyParams,
          body: offlineMessageBody,
          response: { 201: z.object({ received: z.literal(true), nextOpening: z.string().nullable() }) },
        },
      },
      async (request, reply) => {
        limits.check('start', request.ip, reply);
        const site = await siteForRequest(db, request, request.params.siteKey);
        const locale = request.body.locale ?? site.default_locale;
        const left = await withTenant(db, site.tenant_id, (tx) =>
          leaveOfflineMessage(
            { tx, tenantId: site.tenant_id, offerTimeoutSeconds: config.offerTimeoutSeconds, site },
            request.body,
            meta(request, locale, request.body.pageUrl),
          ),
        );
        reply.code(201);
        return { received: true as const, nextOpening: left.nextOpening };
      },
    );

    api.get(
      '/api/v1/webchat/conversations/:id',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary:
            'The chat now: status, agent, messages after ?after= (polling, when WebSocket is not available)',
          params: conversationParams,
          querystring: afterQuery,
          response: { 200: conversationView },
        },
      },
      async (request, reply) => {
        const key = await visitor(request, request.params.id, reply, false);
        return withTenant(db, key.tenantId, async (tx) =>
          conversationSnapshot(tx, await conversationOf(tx, key.id), request.query.after ?? null),
        );
      },
    );

    api.post(
      '/api/v1/webchat/conversations/:id/messages',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: `Send a message (up to ${MAX_MESSAGE_CHARS} characters)`,
          params: conversationParams,
          body: sendMessageBody,
          response: { 201: z.object({ message: visitorMessageView }) },
        },
      },
      async (request, reply) => {
        const key = await visitor(request, request.params.id, reply, true);
        const message = await withTenant(db, key.tenantId, async (tx) =>
          visitorSays(tx, key.tenantId, await conversationOf(tx, key.id), request.body.body),
        );
        reply.code(201);
        return { message: toVisitorMessage(message) };
      },
    );

    api.post(
      '/api/v1/webchat/conversations/:id/typing',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'The visitor is typing (or stopped); the WebSocket takes the same as {"type":"typing"}',
          params: conversationParams,
          body: typingBody,
        },
      },
      async (request, reply) => {
        const key = await visitor(request, request.params.id, reply, false);
        // Too many signals are dropped, not refused: typing is a hint.
        if (limits.allows('typing', key.id)) await visitorTyping(db, key, request.body.typing);
        reply.code(204);
      },
    );

    api.post(
      '/api/v1/webchat/conversations/:id/attachments',
      {
        config: PUBLIC,
        bodyLimit: maxImageBytes,
        // Refuse an image announced too large before reading it, with the limit in the error.
        onRequest: async (request) => {
          const length = Number(request.headers['content-length']);
          if (Number.isFinite(length) && length > maxImageBytes) throw tooLarge(length, maxImageBytes);
        },
        schema: {
          tags,
          summary: `Send an image (PNG, JPEG, GIF or WebP, up to ${Math.round(maxImageBytes / 1024 / 1024)} MB) as the raw body; ?name= its file name`,
          description:
            'The type is read from the bytes, not the name or Content-Type: anything else is 415. The message links the image at /api/v1/webchat/attachments/:id.',
          params: conversationParams,
          querystring: uploadQuery,
          response: { 201: z.object({ message: visitorMessageView }) },
        },
      },
      async (request, reply) => {
        const key = await visitor(request, request.params.id, reply, true);
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the image itself as the body, with its image/* type',
          );
        }
        const bytes = request.body;
        const message = await withTenant(db, key.tenantId, async (tx) =>
          sendImage(tx, key.tenantId, await conversationOf(tx, key.id), {
            bytes,
            name: request.query.name,
            maxBytes: maxImageBytes,
          }),
        );
        reply.code(201);
        return { message: toVisitorMessage(message) };
      },
    );

    api.get(
      '/api/v1/webchat/attachments/:attachmentId',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary:
            "An image of a chat: for that chat's visitor (x-visitor-token) or a team member who may see it (bearer)",
          params: attachmentParams,
        },
      },
      async (request, reply) => {
        const id = request.params.attachmentId;
        const image = request.auth
          ? await inTenant(db, request, async (scope) => {
              const found = await readImage(scope.tx, id, null);
              await visibleInteraction(scope, found.interaction_id);
              return found;
            })
          : await (async () => {
              const key = await conversationForToken(db, request, visitorTokenOf(request));
              return withTenant(db, key.tenantId, (tx) => readImage(tx, id, key.id));
            })();
        reply
          .type(image.content_type)
          .header('content-length', String(image.size_bytes))
          .header('cache-control', 'private, max-age=86400, immutable')
          .header('etag', `"${image.sha256}"`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'")
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(image.file_name)}`);
        return reply.send(image.data);
      },
    );

    api.post(
      '/api/v1/webchat/conversations/:id/transcript',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'Email me the transcript (to the given address, or the one given at the start)',
          description:
            'Sent by a job through the configured SMTP server. Without one the answer is `not_configured`: the request is recorded and the team told.',
          params: conversationParams,
          body: transcriptBody,
          response: { 202: transcriptView },
        },
      },
      async (request, reply) => {
        const key = await visitor(request, request.params.id, reply, true);
        const answer = await withTenant(db, key.tenantId, async (tx) =>
          requestTranscript(
            tx,
            key.tenantId,
            await conversationOf(tx, key.id),
            request.body?.email,
            config.smtpUrl !== undefined,
          ),
        );
        if (answer.jobId !== null) deps.jobs?.kick();
        reply.code(202);
        const { jobId: _, ...view } = answer;
        return view satisfies TranscriptAnswer;
      },
    );

    api.post(
      '/api/v1/webchat/conversations/:id/end',
      {
        config: PUBLIC,
        schema: {
          tags,
          summary: 'The visitor closes the chat (abandoned if no agent had answered yet)',
          params: conversationParams,
          response: { 200: conversationView },
        },
      },
      async (request, reply) => {
        const key = await visitor(request, request.params.id, reply, false);
        return withTenant(db, key.tenantId, async (tx) => {
          const conversation = await conversationOf(tx, key.id);
          await visitorLeaves(
            { tx, tenantId: key.tenantId, offerTimeoutSeconds: config.offerTimeoutSeconds },
            conversation,
          );
          return conversationSnapshot(tx, await conversationOf(tx, key.id), Number.MAX_SAFE_INTEGER);
        });
      },
    );

    const hub = deps.events;
    if (hub) {
      api.get(
        '/api/v1/webchat/conversations/:id/stream',
        {
          websocket: true,
          config: PUBLIC,
          // Checked before the upgrade, so a wrong token or origin is a plain HTTP 401/403.
          preValidation: async (request) => {
            const { id } = request.params as { id: string };
            keys.set(request, await conversationForRequest(db, request, id, visitorTokenOf(request)));
          },
          schema: {
            tags,
            summary: 'The chat live over WebSocket (?token=; resume with ?after=<last message id>)',
            params: conversationParams,
            querystring: streamQuery,
          },
        },
        (socket, request) => {
          const key = keys.get(request);
          if (!key) return socket.close(4401, 'UNAUTHENTICATED');
          const after = (request.query as { after?: number }).after ?? null;
          void serveVisitorFeed(socket, { db, hub, limits }, key, after);
        },
      );
    }
  });
}
