import type { TenantTx } from '../../kernel/db/tenant-scope.ts';
import { emitEvent } from '../../kernel/events/outbox.ts';
import type { InteractionRow } from '../../routing/interaction.store.ts';

/**
 * Web chat's own event, beside the routing core's (routing.events.ts), written to the outbox
 * and delivered by the same feeds:
 *
 * | type | payload |
 * |---|---|
 * | `interaction.typing` | agentId (the agent handling it: they receive the visitor's typing), author ('customer' or 'agent'), typing |
 *
 * The widget and the agent desktop show "typing…" on `typing: true` and hide it on `false`
 * or after a few seconds without news (a closed tab sends nothing).
 */
export const TYPING_EVENT = 'interaction.typing';

export async function emitTyping(
  tx: TenantTx,
  tenantId: string,
  row: InteractionRow,
  author: 'customer' | 'agent',
  typing: boolean,
) {
  await emitEvent(tx, tenantId, {
    type: TYPING_EVENT,
    aggregateType: 'interaction',
    aggregateId: row.id,
    payload: { agentId: row.agent_id, author, typing },
  });
}
