import { callsForTimeline, type TimelineViewer } from '../channels/voice/calls/voice-call-timeline.ts';
import type { CallView } from '../channels/voice/calls/voice-calls.view.ts';
import type { Locale } from '../kernel/db/schema.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { stageTimelineEntries } from '../lifecycle/standing.view.ts';
import { interactionTimelineEntries } from '../routing/interaction-timeline.ts';

/**
 * The card's timeline: orders and changes now; interactions (calls, chats, emails),
 * tickets and follow-ups join as their slices land. Newest first.
 */
export interface TimelineItem {
  kind: 'order' | 'audit' | 'interaction' | 'stage';
  at: string;
  title: string;
  detail: string | null;
  refId: string;
  /** Interactions: the conversation, oldest message first. */
  transcript?: { author: 'customer' | 'agent' | 'system'; body: string; at: string }[];
  /** Voice interactions: the call (from the voice slice), with its recording when the viewer may play it. */
  call?: CallView;
}

export async function buildTimeline(
  tx: TenantTx,
  customerId: string,
  limit: number,
  locale: Locale = 'zh-CN',
  viewer?: TimelineViewer,
): Promise<TimelineItem[]> {
  const orders = await tx
    .selectFrom('orders')
    .select(['id', 'product', 'amount_minor', 'currency', 'status', 'ordered_at', 'external_ref'])
    .where('customer_id', '=', customerId)
    .orderBy('ordered_at', 'desc')
    .limit(limit)
    .execute();
  const audits = await tx
    .selectFrom('audit_log')
    .select(['id', 'action', 'actor_name', 'at'])
    .where('entity_type', '=', 'customer')
    .where('entity_id', '=', customerId)
    // An added order already appears as the order itself.
    .where('action', '!=', 'order_add')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const items: TimelineItem[] = [
    ...orders.map((o) => ({
      kind: 'order' as const,
      at: new Date(o.ordered_at).toISOString(),
      title: o.product,
      detail: `${formatMinor(Number(o.amount_minor), o.currency)} · ${o.status}${o.external_ref ? ` · ${o.external_ref}` : ''}`,
      refId: o.id,
    })),
    ...audits.map((a) => ({
      kind: 'audit' as const,
      at: new Date(a.at).toISOString(),
      title: a.action,
      detail: a.actor_name,
      refId: String(a.id),
    })),
  ];
  // Lifecycle stage changes, from the lifecycle slice.
  for (const stage of await stageTimelineEntries(tx, customerId, limit, locale))
    items.push({ kind: 'stage', ...stage });
  // Closed and abandoned interactions with their transcripts, from the routing slice.
  const interactions = await interactionTimelineEntries(tx, customerId, limit, locale);
  // Calls with their recordings, from the voice slice.
  const calls = viewer
    ? await callsForTimeline(
        tx,
        interactions.map((i) => i.refId),
        viewer,
      )
    : new Map<string, CallView>();
  for (const interaction of interactions) {
    const call = calls.get(interaction.refId);
    items.push({ kind: 'interaction', ...interaction, ...(call ? { call } : {}) });
  }
  return items.sort((x, y) => y.at.localeCompare(x.at)).slice(0, limit);
}

function formatMinor(amountMinor: number, currency: string): string {
  return `${currency} ${(amountMinor / 100).toFixed(2)}`;
}
