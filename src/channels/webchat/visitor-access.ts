import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../../kernel/db/schema.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import { type ConversationKey, findConversationKey } from './conversation.store.ts';
import { originAllowed } from './origin-check.ts';
import { findSiteByKey, type SiteRow } from './site.store.ts';
import { parseVisitorToken, secretMatches } from './visitor-token.ts';

/**
 * Who is calling the public chat API: a page of a registered site (by its key and Origin), or
 * the visitor of one conversation (by their token). Both are checked before any work in the
 * tenant, and a wrong key and a wrong token look the same from outside.
 */

/** The site a widget request names, if the page it comes from may use it. */
export async function siteForRequest(
  db: Kysely<DB>,
  request: FastifyRequest,
  siteKey: string,
): Promise<SiteRow> {
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw notFound('Chat site');
  assertOrigin(request, site.allowed_origins);
  return site;
}

/** The conversation the visitor's token opens; it must be the one the path names. */
export async function conversationForRequest(
  db: Kysely<DB>,
  request: FastifyRequest,
  conversationId: string,
  token: string | undefined,
): Promise<ConversationKey> {
  const parsed = token ? parseVisitorToken(token) : null;
  if (!parsed || parsed.conversationId !== conversationId.toLowerCase()) throw badToken();
  const key = await findConversationKey(db, parsed.conversationId);
  if (!key || !secretMatches(parsed.secret, key.tokenHash)) throw badToken();
  assertOrigin(request, key.allowedOrigins);
  return key;
}

/** The conversation of the visitor's token, wherever the request points (an image of their chat). */
export async function conversationForToken(
  db: Kysely<DB>,
  request: FastifyRequest,
  token: string | undefined,
): Promise<ConversationKey> {
  const parsed = token ? parseVisitorToken(token) : null;
  if (!parsed) throw badToken();
  return conversationForRequest(db, request, parsed.conversationId, token);
}

/** The visitor token from its header (HTTP) or the query (WebSocket, which has no headers). */
export function visitorTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-visitor-token'];
  if (typeof header === 'string' && header) return header;
  const query = request.query as { token?: unknown } | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

function assertOrigin(request: FastifyRequest, allowed: readonly string[]) {
  const origin = request.headers.origin;
  if (!originAllowed(origin, allowed, request.headers.host)) {
    throw new AppError('ORIGIN_NOT_ALLOWED', `This chat site is not set up for pages on ${origin}`, {
      origin,
    });
  }
}

const badToken = () =>
  new AppError('UNAUTHENTICATED', 'This chat is not yours or has expired; start a new one');
