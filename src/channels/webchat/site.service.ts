import { randomBytes } from 'node:crypto';
import { writeAudit } from '../../kernel/audit/audit-log.ts';
import { AppError, notFound } from '../../kernel/http/errors.ts';
import type { TenantScope } from '../../kernel/http/request-context.ts';
import { findQueue } from '../../routing/queue.store.ts';
import { findSite, type SiteRow } from './site.store.ts';
import type { CreateSiteBody, UpdateSiteBody } from './webchat.schemas.ts';

/** Chat site administration: register, change, rotate the key, remove; each audited. */
type Scope = Pick<TenantScope, 'tx' | 'tenantId' | 'actor'>;

/** A new public site key: 'wc_' and 24 random URL-safe characters (144 bits). */
export function newSiteKey(): string {
  return `wc_${randomBytes(18).toString('base64url')}`;
}

export async function createSite(scope: Scope, body: CreateSiteBody): Promise<SiteRow> {
  await assertChatQueue(scope, body.queueId);
  const site = await scope.tx
    .insertInto('webchat_sites')
    .values({
      tenant_id: scope.tenantId,
      name: body.name,
      site_key: newSiteKey(),
      allowed_origins: body.allowedOrigins,
      queue_id: body.queueId,
      default_locale: body.defaultLocale,
      greeting: body.greeting,
      pre_chat_form: body.preChatForm,
      created_by: scope.actor.userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'webchat_site',
    entityId: site.id,
    action: 'webchat_site_create',
    after: body,
  });
  return site;
}

export async function updateSite(scope: Scope, id: string, patch: UpdateSiteBody): Promise<SiteRow> {
  const current = await findSite(scope.tx, id);
  if (!current) throw notFound('Chat site');
  if (patch.queueId !== undefined) await assertChatQueue(scope, patch.queueId);
  const site = await scope.tx
    .updateTable('webchat_sites')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.allowedOrigins === undefined ? {} : { allowed_origins: patch.allowedOrigins }),
      ...(patch.queueId === undefined ? {} : { queue_id: patch.queueId }),
      ...(patch.defaultLocale === undefined ? {} : { default_locale: patch.defaultLocale }),
      ...(patch.greeting === undefined ? {} : { greeting: patch.greeting }),
      ...(patch.preChatForm === undefined ? {} : { pre_chat_form: patch.preChatForm }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'webchat_site',
    entityId: id,
    action: 'webchat_site_update',
    before: Object.fromEntries(Object.keys(patch).map((k) => [k, fieldOf(current, k)])),
    after: patch,
  });
  return site;
}

/**
 * A new key for the site (the old one leaked, or is embedded where it should not be): pages
 * with the old key stop working at once; chats already started carry on with their tokens.
 */
export async function rotateSiteKey(scope: Scope, id: string): Promise<SiteRow> {
  if (!(await findSite(scope.tx, id))) throw notFound('Chat site');
  const site = await scope.tx
    .updateTable('webchat_sites')
    .set({ site_key: newSiteKey(), updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'webchat_site',
    entityId: id,
    action: 'webchat_site_rotate_key',
  });
  return site;
}

/** Removes the site: its key stops working; its conversations stay on their interactions. */
export async function deleteSite(scope: Scope, id: string) {
  const current = await findSite(scope.tx, id);
  if (!current) throw notFound('Chat site');
  await scope.tx
    .updateTable('webchat_sites')
    .set({ deleted_at: new Date(), updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  await writeAudit(scope.tx, scope.tenantId, scope.actor, {
    entityType: 'webchat_site',
    entityId: id,
    action: 'webchat_site_delete',
    before: { name: current.name },
  });
}

async function assertChatQueue(scope: Scope, queueId: string) {
  const queue = await findQueue(scope.tx, queueId);
  const problem = !queue
    ? 'no such queue'
    : queue.channels.includes('chat')
      ? null
      : 'the queue does not take chat';
  if (problem) {
    throw new AppError('VALIDATION_FAILED', `queueId: ${problem}`, [{ path: 'queueId', message: problem }]);
  }
}

const COLUMNS: Record<string, keyof SiteRow> = {
  name: 'name',
  allowedOrigins: 'allowed_origins',
  queueId: 'queue_id',
  defaultLocale: 'default_locale',
  greeting: 'greeting',
  preChatForm: 'pre_chat_form',
};

function fieldOf(site: SiteRow, field: string): unknown {
  const column = COLUMNS[field];
  return column ? site[column] : undefined;
}
