import type { Locale } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { Channel } from './routing.engine.ts';

/**
 * A customer's finished interactions (closed, or abandoned while waiting) as entries of the
 * customer card's timeline, each with its transcript, in the reader's language. Newest first.
 */
export interface InteractionTimelineEntry {
  at: string;
  title: string;
  detail: string | null;
  refId: string;
  transcript: { author: 'customer' | 'agent' | 'system'; body: string; at: string }[];
}

const CHANNEL_NAMES: Record<Locale, Record<Channel, string>> = {
  'zh-CN': { chat: '在线客服', email: '邮件', voice: '电话' },
  en: { chat: 'Chat', email: 'Email', voice: 'Call' },
};

const WORDS = {
  'zh-CN': { abandoned: '客户放弃', handledBy: '坐席' },
  en: { abandoned: 'abandoned', handledBy: 'agent' },
} as const;

export async function interactionTimelineEntries(
  tx: TenantTx,
  customerId: string,
  limit: number,
  locale: Locale,
): Promise<InteractionTimelineEntry[]> {
  const rows = await tx
    .selectFrom('interactions as i')
    .innerJoin('queues as q', 'q.id', 'i.queue_id')
    .leftJoin('users as u', 'u.id', 'i.agent_id')
    .leftJoin('dispositions as d', 'd.interaction_id', 'i.id')
    .select([
      'i.id',
      'i.channel',
      'i.status',
      'i.subject',
      'i.closed_at',
      'i.abandoned_at',
      'q.name as queue_name',
      'u.display_name as agent_name',
      'd.code as disposition_code',
      'd.notes as disposition_notes',
    ])
    .where('i.customer_id', '=', customerId)
    .where('i.status', 'in', ['closed', 'abandoned'])
    .orderBy('i.created_at', 'desc')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const messages = await tx
    .selectFrom('interaction_messages')
    .select(['interaction_id', 'author', 'body', 'created_at'])
    .where(
      'interaction_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('id')
    .execute();
  const words = WORDS[locale];
  return rows.map((r) => {
    const title = [CHANNEL_NAMES[locale][r.channel], r.queue_name, r.subject].filter(Boolean).join(' · ');
    const detail =
      r.status === 'abandoned'
        ? words.abandoned
        : [
            r.agent_name ? `${words.handledBy} ${r.agent_name}` : null,
            r.disposition_code,
            r.disposition_notes,
          ]
            .filter(Boolean)
            .join(' · ') || null;
    return {
      at: new Date((r.closed_at ?? r.abandoned_at)!).toISOString(),
      title,
      detail,
      refId: r.id,
      transcript: messages
        .filter((m) => m.interaction_id === r.id)
        .map((m) => ({ author: m.author, body: m.body, at: new Date(m.created_at).toISOString() })),
    };
  });
}
