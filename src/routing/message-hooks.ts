import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import type { InteractionRow, MessageRow } from './interaction.store.ts';

/**
 * What a channel does when a message is added to one of its conversations: the email channel
 * sends an agent's message to the customer. A hook runs inside the transaction that adds the
 * message, so whatever it records (an outbox row, a job) commits or rolls back with it, and a
 * reply is never lost between the message and its delivery.
 *
 * Hooks are set once per process by name (setting a name again replaces it), so starting
 * several servers in one process does not run a hook twice. Each hook decides for itself
 * which channels and authors it handles.
 *
 * @example
 * setMessageHook('email', async (tx, tenantId, interaction, message) => {
 *   if (interaction.channel === 'email' && message.author === 'agent') await queueReply(tx, …);
 * });
 */
export type MessageHook = (
  tx: TenantTx,
  tenantId: string,
  interaction: InteractionRow,
  message: MessageRow,
) => Promise<void>;

const hooks = new Map<string, MessageHook>();

export function setMessageHook(name: string, hook: MessageHook) {
  hooks.set(name, hook);
}

export async function runMessageHooks(
  tx: TenantTx,
  tenantId: string,
  interaction: InteractionRow,
  message: MessageRow,
) {
  for (const hook of hooks.values()) await hook(tx, tenantId, interaction, message);
}
