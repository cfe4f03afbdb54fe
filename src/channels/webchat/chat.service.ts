import { randomUUID } from 'node:crypto';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { AppError } from '../../kernel/http/errors.ts';
import { isOpenAt, nextOpening } from '../../routing/business-hours.ts';
import { abandonInteraction, addMessage } from '../../routing/interaction.service.ts';
import { findInteraction, type InteractionRow, type MessageRow } from '../../routing/interaction.store.ts';
import type { ChannelScope } from '../../routing/interaction-access.ts';
import { createInteraction } from '../../routing/interaction-arrival.ts';
import { findQueue, queueHours } from '../../routing/queue.store.ts';
import {
  type ConversationRow,
  findConversation,
  insertConversation,
  markEndedByVisitor,
} from './conversation.store.ts';
import type { SiteRow } from './site.store.ts';
import { toVisitorMessage, VISITOR_AUTHORS, visitorStatus } from './visitor.view.ts';
import { newVisitorToken } from './visitor-token.ts';
import {
  type ConversationView,
  MAX_MESSAGE_CHARS,
  type OfflineMessageBody,
  type StartChatBody,
} from './webchat.schemas.ts';

/**
 * A visitor's chat from start to end, on top of the routing core: a chat is an interaction on
 * the site's queue (the core finds the customer by phone or email, queues, offers and
 * records it); this slice adds the visitor's token, their side of the messages and leaving.
 *
 * Every message of a chat is written while holding the interaction's row lock (the core's
 * message route locks it too), so message ids of one chat ascend in commit order, and a
 * visitor who resumes "after message n" can never miss one committed late.
 */
export interface ChatScope extends ChannelScope {
  site: SiteRow;
}

/** Where the request came from, kept with the conversation for the team. */
export interface VisitorMeta {
  ip: string | null;
  userAgent: string | null;
  locale: 'zh-CN' | 'en';
  pageUrl: string | null;
}

export interface WidgetStatus {
  open: boolean;
  offlineMessage: string | null;
  nextOpening: string | null;
}

/** Whether the site's queue takes chats now, and what to tell visitors when it does not. */
export async function siteStatus(tx: TenantTx, site: SiteRow, now = new Date()): Promise<WidgetStatus> {
  const queue = await findQueue(tx, site.queue_id);
  if (!queue) return { open: false, offlineMessage: null, nextOpening: null };
  const hours = queueHours(queue);
  return {
    open: isOpenAt(hours, now),
    offlineMessage: queue.offlineMessage,
    nextOpening: nextOpening(hours, now)?.toISOString() ?? null,
  };
}

/** Refuses a message longer than the widget allows, with the limit in the error. */
export function assertMessageLength(text: string) {
  if (text.length > MAX_MESSAGE_CHARS) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `A message may have at most ${MAX_MESSAGE_CHARS} characters; this one has ${text.length}`,
      { maxChars: MAX_MESSAGE_CHARS, chars: text.length },
    );
  }
}

/** Starts a chat on the site's queue; refused with CHAT_OFFLINE outside its hours. */
export async function startChat(
  scope: ChatScope,
  body: StartChatBody,
  meta: VisitorMeta,
): Promise<ConversationView & { visitorToken: string }> {
  if (body.message) assertMessageLength(body.message);
  if (scope.site.pre_chat_form === 'required' && (!body.name || (!body.phone && !body.email))) {
    throw new AppError(
      'VALIDATION_FAILED',
      'This site asks for your name and a phone or email before a chat',
      [{ path: body.name ? 'email' : 'name', message: 'required by this site' }],
    );
  }
  const status = await siteStatus(scope.tx, scope.site, scope.now);
  if (!status.open) throw new AppError('CHAT_OFFLINE', undefined, status);
  const { interaction } = await createInteraction(scope, {
    channel: 'chat',
    queueId: scope.site.queue_id,
    subject: scope.site.name,
    contact: { name: body.name ?? null, phone: body.phone ?? null, email: body.email ?? null },
    ...(body.message ? { message: { body: body.message, attachments: [] } } : {}),
  });
  const conversationId = randomUUID();
  const { token, hash } = newVisitorToken(conversationId);
  const conversation = await insertConversation(scope.tx, {
    id: conversationId,
    tenant_id: scope.tenantId,
    site_id: scope.site.id,
    interaction_id: interaction.id,
    kind: 'chat',
    token_hash: hash,
    locale: meta.locale,
    visitor_ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 500) ?? null,
    page_url: meta.pageUrl,
  });
  return { ...(await conversationSnapshot(scope.tx, conversation, null)), visitorToken: token };
}

/**
 * A message left through the offline form: an interaction on the site's queue with the
 * visitor's contact and words, which waits for the queue to open and is then offered to an
 * agent like any chat (who answers by phone or email).
 */
export async function leaveOfflineMessage(scope: ChatScope, body: OfflineMessageBody, meta: VisitorMeta) {
  assertMessageLength(body.message);
  const { interaction } = await createInteraction(scope, {
    channel: 'chat',
    queueId: scope.site.queue_id,
    subject: `${meta.locale === 'en' ? 'Offline message' : '离线留言'} · ${scope.site.name}`,
    contact: { name: body.name, phone: body.phone ?? null, email: body.email ?? null },
    message: { body: body.message, attachments: [] },
  });
  const conversationId = randomUUID();
  await insertConversation(scope.tx, {
    id: conversationId,
    tenant_id: scope.tenantId,
    site_id: scope.site.id,
    interaction_id: interaction.id,
    kind: 'offline',
    // Nobody holds a token for a left message: the visitor has gone.
    token_hash: newVisitorToken(conversationId).hash,
    locale: meta.locale,
    visitor_ip: meta.ip,
    user_agent: meta.userAgent?.slice(0, 500) ?? null,
    page_url: meta.pageUrl,
  });
  return { nextOpening: (await siteStatus(scope.tx, scope.site, scope.now)).nextOpening };
}

/**
 * The chat's interaction, locked for a change by the visitor; refused once it has ended
 * (the agent wrapped it up, or the visitor left).
 */
export async function lockOpenChat(tx: TenantTx, conversation: ConversationRow): Promise<InteractionRow> {
  const row = await findInteraction(tx, conversation.interaction_id, { forUpdate: true });
  if (!row || visitorStatus(row.status, conversation.ended_by_visitor_at !== null) === 'ended') {
    throw new AppError('CONVERSATION_ENDED');
  }
  return row;
}

/** The visitor writes. */
export async function visitorSays(
  tx: TenantTx,
  tenantId: string,
  conversation: ConversationRow,
  text: string,
): Promise<MessageRow> {
  assertMessageLength(text);
  const row = await lockOpenChat(tx, conversation);
  return addMessage(tx, tenantId, row, { author: 'customer', authorUserId: null, body: text });
}

/**
 * The visitor closes the chat. Still waiting: the interaction is abandoned. With an agent:
 * the agent reads a note and wraps it up as usual. Ending twice is harmless.
 */
export async function visitorLeaves(scope: ChannelScope, conversation: ConversationRow) {
  const now = scope.now ?? new Date();
  const row = await findInteraction(scope.tx, conversation.interaction_id, { forUpdate: true });
  if (!row || conversation.ended_by_visitor_at) return;
  await markEndedByVisitor(scope.tx, conversation.id, now);
  if (row.status === 'queued' || row.status === 'offered') {
    await abandonInteraction(scope, row.id);
  } else if (row.status === 'active') {
    await addMessage(scope.tx, scope.tenantId, row, {
      author: 'system',
      authorUserId: null,
      body: 'The visitor closed the chat',
    });
  }
}

/** The conversation as the visitor sees it: status, agent, and their messages after `after`. */
export async function conversationSnapshot(
  tx: TenantTx,
  conversation: ConversationRow,
  after: number | null,
): Promise<ConversationView> {
  const row = await findInteraction(tx, conversation.interaction_id);
  if (!row) throw new AppError('CONVERSATION_ENDED');
  const status = visitorStatus(row.status, conversation.ended_by_visitor_at !== null);
  const messages = await tx
    .selectFrom('interaction_messages')
    .select(['id', 'author', 'body', 'attachments', 'created_at'])
    .where('interaction_id', '=', row.id)
    .where('author', 'in', [...VISITOR_AUTHORS] as ('customer' | 'agent')[])
    .$if(after !== null, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .execute();
  const last = await tx
    .selectFrom('interaction_messages')
    .select('id')
    .where('interaction_id', '=', row.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    conversationId: conversation.id,
    status,
    agent: status === 'active' && row.agent_id ? await agentOf(tx, row.agent_id) : null,
    messages: messages.map(toVisitorMessage),
    lastMessageId: last ? String(last.id) : after !== null ? String(after) : null,
  };
}

/** What the visitor is told of an agent: the name they work under. */
export async function agentOf(tx: TenantTx, agentId: string): Promise<{ name: string } | null> {
  const user = await tx
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', agentId)
    .executeTakeFirst();
  return user ? { name: user.display_name } : null;
}

export async function conversationOf(tx: TenantTx, id: string): Promise<ConversationRow> {
  const conversation = await findConversation(tx, id);
  if (!conversation) throw new AppError('UNAUTHENTICATED', 'This chat is not yours or has expired');
  return conversation;
}
