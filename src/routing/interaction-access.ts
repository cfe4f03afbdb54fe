import { MANAGERS } from '../kernel/auth/roles.ts';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { AppError, notFound } from '../kernel/http/errors.ts';
import type { TenantScope } from '../kernel/http/request-context.ts';
import { findInteraction, type InteractionRow } from './interaction.store.ts';
import type { MoveContext } from './interaction-moves.ts';
import { findQueue } from './queue.store.ts';

/**
 * Who may act on an interaction, and the checks every interaction operation starts with.
 * Agents act on the interactions offered to or handled by them; supervisors and admins on any
 * of the tenant's. An agent gets 404 for an interaction that was never theirs.
 */
export type RoutingScope = Pick<TenantScope, 'tx' | 'tenantId' | 'user'> & {
  offerTimeoutSeconds: number;
  now?: Date;
};

/**
 * A channel (email, web chat) acting for a customer: no signed-in user stands behind what it
 * queues, so nothing it creates names a creator.
 */
export type ChannelScope = Omit<RoutingScope, 'user'> & { user?: undefined };

export const isManager = (scope: RoutingScope) => MANAGERS.includes(scope.user.role);

export function moveContext(scope: RoutingScope | ChannelScope): MoveContext {
  return {
    tenantId: scope.tenantId,
    now: scope.now ?? new Date(),
    offerTimeoutSeconds: scope.offerTimeoutSeconds,
  };
}

/** The interaction if the caller may see it: managers and analysts all, agents their own. */
export async function visibleInteraction(
  scope: Pick<RoutingScope, 'tx' | 'user'>,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<InteractionRow> {
  const row = await findInteraction(scope.tx, id, options);
  if (!row || !(await maySee(scope, row))) throw notFound('Interaction');
  return row;
}

async function maySee(scope: Pick<RoutingScope, 'tx' | 'user'>, row: InteractionRow) {
  if (scope.user.role !== 'agent' || row.agent_id === scope.user.userId) return true;
  const offered = await scope.tx
    .selectFrom('offers')
    .select('id')
    .where('interaction_id', '=', row.id)
    .where('agent_id', '=', scope.user.userId)
    .executeTakeFirst();
  return offered !== undefined;
}

/** Only the agent handling it, or a supervisor. */
export function mustHandle(scope: RoutingScope, row: InteractionRow) {
  if (!isManager(scope) && row.agent_id !== scope.user.userId) {
    throw new AppError('FORBIDDEN', 'Only the agent handling this interaction, or a supervisor, may do this');
  }
}

/** The interaction must be in one of these statuses: a 409 otherwise. */
export function mustBe(row: InteractionRow, ...statuses: InteractionRow['status'][]) {
  if (!statuses.includes(row.status)) {
    throw new AppError(
      'INVALID_TRANSITION',
      `The interaction is ${row.status}; this needs ${statuses.join(' or ')}`,
      { status: row.status },
    );
  }
}

/** The queue named in a request (`path`), which must exist and take the channel: a 400 otherwise. */
export async function queueFor(
  tx: TenantTx,
  queueId: string,
  channel: InteractionRow['channel'],
  path: string,
) {
  const queue = await findQueue(tx, queueId);
  if (!queue)
    throw new AppError('VALIDATION_FAILED', `${path}: no such queue`, [{ path, message: 'no such queue' }]);
  if (!queue.channels.includes(channel)) {
    throw new AppError('VALIDATION_FAILED', `${path}: queue ${queue.code} does not take ${channel}`, [
      { path, message: `queue ${queue.code} does not take ${channel}` },
    ]);
  }
  return queue;
}
