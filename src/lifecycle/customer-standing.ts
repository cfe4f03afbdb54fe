import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { forgetCustomerValue, refreshCustomerValue } from '../value/value.service.ts';
import { loadValueRules, type StoredValueRules } from '../value/value.store.ts';
import { restageCustomer } from './lifecycle.service.ts';
import { loadLifecycleRules } from './lifecycle.store.ts';

/**
 * A customer's standing (value tier, then lifecycle stage, which reads the order facts the
 * value refresh just wrote), brought up to date after something about them changed: an
 * order, a status change, a referral. Runs in the caller's transaction, so the card and
 * the change are consistent the moment the request returns.
 */
export async function refreshStanding(
  tx: TenantTx,
  tenantId: string,
  customerIds: Iterable<string>,
  now = new Date(),
) {
  const ids = new Set(customerIds);
  if (ids.size === 0) return;
  // The rules are read once for all of them (two round trips fewer per customer). Without
  // stored cut points the first refresh computes and saves them: read again after it.
  let valueRules: StoredValueRules = await loadValueRules(tx);
  const { rules: lifecycleRules } = await loadLifecycleRules(tx);
  for (const id of ids) {
    await refreshCustomerValue(tx, tenantId, id, now, valueRules.breakpoints ? valueRules : undefined);
    if (!valueRules.breakpoints) valueRules = await loadValueRules(tx);
    await restageCustomer(tx, tenantId, id, now, lifecycleRules);
  }
}

/**
 * A deleted customer no longer has a standing: their tier and stage rows go (the stage
 * transitions stay, as history), so counts over the standing tables need no join to the
 * customers to leave the deleted out.
 */
export async function forgetStanding(tx: TenantTx, customerId: string) {
  await forgetCustomerValue(tx, customerId);
  await tx.deleteFrom('customer_stages').where('customer_id', '=', customerId).execute();
}
