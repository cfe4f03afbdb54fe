import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { rescoreTenant } from '../value/tenant-rescore.ts';
import { restageTenant } from './lifecycle.service.ts';

/**
 * Replays a tenant's past month by month: the value tiers and stages as they were on the
 * first of each month, with each transition dated then. Used after importing history (and
 * by the demo), so the funnel flows, churn and cohort charts show the past, not one day.
 */
export async function replayStandingHistory(
  tx: TenantTx,
  tenantId: string,
  options: { months?: number; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const months = options.months ?? 13;
  for (let k = months; k >= 1; k--) {
    const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k + 1, 1));
    if (at >= now) continue;
    await rescoreTenant(tx, tenantId, at, { historical: true });
    await restageTenant(tx, tenantId, at, { historical: true });
  }
  const value = await rescoreTenant(tx, tenantId, now);
  const stages = await restageTenant(tx, tenantId, now);
  return { value, stages };
}
