import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Customer } from '../api/types.ts';

/** Names already read, so every pane header does not ask again. */
const names = new Map<string, string>();

/** The name on a linked customer card (null until read, or when there is no card). */
export function useCustomerName(customerId: string | null): string | null {
  const [name, setName] = useState(() => (customerId ? (names.get(customerId) ?? null) : null));
  useEffect(() => {
    if (!customerId) return setName(null);
    const known = names.get(customerId);
    if (known) return setName(known);
    let current = true;
    api<Customer>('GET', `/api/v1/customers/${customerId}`)
      .then((c) => {
        names.set(customerId, c.name);
        if (current) setName(c.name);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [customerId]);
  return name;
}
