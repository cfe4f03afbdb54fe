import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, WebchatConversationsTable } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';

/** SQL of visitors' conversations. */

export type ConversationRow = Selectable<WebchatConversationsTable>;

export async function insertConversation(tx: TenantTx, values: Insertable<WebchatConversationsTable>) {
  return tx.insertInto('webchat_conversations').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findConversation(tx: TenantTx, id: string): Promise<ConversationRow | undefined> {
  return tx.selectFrom('webchat_conversations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markEndedByVisitor(tx: TenantTx, id: string, at: Date) {
  await tx
    .updateTable('webchat_conversations')
    .set({ ended_by_visitor_at: at })
    .where('id', '=', id)
    .where('ended_by_visitor_at', 'is', null)
    .execute();
}

/** What a visitor's token is checked against, with its site's allowed origins. */
export interface ConversationKey {
  id: string;
  tenantId: string;
  interactionId: string;
  tokenHash: Buffer;
  allowedOrigins: string[];
}

/**
 * The conversation a visitor token names, in any tenant: the token is the only thing the
 * visitor sends. Privileged handle (the tenant is not known yet); nothing but the key
 * material leaves this function, and the caller continues in the tenant's scope.
 */
export async function findConversationKey(db: Kysely<DB>, id: string): Promise<ConversationKey | undefined> {
  const row = await db
    .selectFrom('webchat_conversations as c')
    .innerJoin('webchat_sites as s', 's.id', 'c.site_id')
    .select(['c.id', 'c.tenant_id', 'c.interaction_id', 'c.token_hash', 's.allowed_origins'])
    .where('c.id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        tenantId: row.tenant_id,
        interactionId: row.interaction_id,
        tokenHash: row.token_hash,
        allowedOrigins: row.allowed_origins,
      }
    : undefined;
}
