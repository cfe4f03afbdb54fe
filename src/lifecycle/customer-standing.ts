import type { TenantTx } from '../kernel/db/tenant-scope.ts';
import { refreshCustomerValue } from '../value/value.service.ts';
import { restageCustomer } from './lifecycle.service.ts';

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
  for (const id of new Set(customerIds)) {
    await refreshCustomerValue(tx, tenantId, id, now);
    await restageCustomer(tx, tenantId, id, now);
  }
}
