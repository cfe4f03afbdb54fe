/**
 * Telling the customer where their ticket stands, by the channel they used: the moves they
 * care about (we need something from them, it is solved, it is open again) go to them in the
 * conversation the ticket came from. Email reaches them in the thread; a call or a chat that has
 * ended cannot be written to (no SMS provider yet), which the ticket's history says.
 */
import { queueFollowUpEmail } from '../../channels/email/email-outbound.ts';
import type { TicketStatus } from '../../kernel/db/schema.ts';
import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { findInteraction } from '../../routing/interaction.store.ts';
import { addTicketEvent } from './ticket.store.ts';

const TOLD: Partial<Record<TicketStatus, { zh: string; en: string }>> = {
  pending_customer: {
    zh: '需要您补充信息，请直接回复本邮件',
    en: 'we need more information from you: just reply to this email',
  },
  resolved: { zh: '已解决', en: 'resolved' },
  reopened: { zh: '已重新处理', en: 'reopened, we are on it again' },
};

/** The update's text, in Chinese then English (the customer's language is not known). */
export function updateText(
  number: string,
  subject: string,
  status: TicketStatus,
  summary: string | null,
): string | null {
  const told = TOLD[status];
  if (!told) return null;
  const detail = status === 'resolved' && summary ? `\n处理结果 / What we did: ${summary}` : '';
  return `您的工单 ${number}（${subject}）：${told.zh}。\nYour ticket ${number} (${subject}): ${told.en}.${detail}`;
}

export async function notifyCustomer(
  tx: TenantTx,
  tenantId: string,
  ticket: { id: string; number: string; subject: string; resolution_summary: string | null },
  status: TicketStatus,
): Promise<void> {
  const text = updateText(ticket.number, ticket.subject, status, ticket.resolution_summary);
  if (!text) return;
  const link = await tx
    .selectFrom('ticket_interactions')
    .select('interaction_id')
    .where('ticket_id', '=', ticket.id)
    .orderBy('linked_at', 'desc')
    .executeTakeFirst();
  const interaction = link ? await findInteraction(tx, link.interaction_id) : undefined;
  const outcome =
    interaction?.channel === 'email'
      ? await queueFollowUpEmail(tx, tenantId, interaction, text)
      : interaction
        ? `no_channel_${interaction.channel}`
        : 'no_interaction';
  await addTicketEvent(tx, tenantId, ticket.id, {
    kind: 'notified',
    authorId: null,
    body: outcome === 'queued' ? text : null,
    detail: { status, channel: interaction?.channel ?? null, outcome },
  });
}
