import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client.ts';
import type { AuditEntry, Customer, Order, Page, Standing, TimelineItem } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';

export interface CardData {
  customer: Customer;
  orders: Page<Order>;
  audit: Page<AuditEntry>;
  timeline: TimelineItem[];
  standing: Standing | null;
}

/**
 * Everything the customer card shows, fetched together and refetched after each change
 * (and on a language switch: the server words the tier, stage and timeline for the reader).
 */
export function useCustomerCard(id: string) {
  const { i18n } = useTranslation();
  const showError = useErrorToast();
  const [data, setData] = useState<CardData | null>(null);
  const [missing, setMissing] = useState(false);

  const reload = useCallback(async () => {
    try {
      const [customer, orders, audit, timeline, standing] = await Promise.all([
        api<Customer>('GET', `/api/v1/customers/${id}`),
        api<Page<Order>>('GET', `/api/v1/customers/${id}/orders?limit=50`),
        api<Page<AuditEntry>>('GET', `/api/v1/customers/${id}/audit?limit=20`),
        api<{ items: TimelineItem[] }>('GET', `/api/v1/customers/${id}/timeline?limit=100`),
        api<Standing>('GET', `/api/v1/customers/${id}/standing`).catch(() => null),
      ]);
      setData({ customer, orders, audit, timeline: timeline.items, standing });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 400)) setMissing(true);
      else showError(err);
    }
  }, [id, showError]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the language is a trigger, not an input
  useEffect(() => {
    void reload();
  }, [reload, i18n.language]);

  /** Appends the next page of orders or audit entries (the API's cursor). */
  const more = useCallback(
    async (list: 'orders' | 'audit') => {
      const cursor = data?.[list].nextCursor;
      if (!cursor) return;
      try {
        const page = await api<Page<never>>(
          'GET',
          `/api/v1/customers/${id}/${list}?limit=${list === 'audit' ? 20 : 50}&cursor=${encodeURIComponent(cursor)}`,
        );
        setData(
          (d) =>
            d && { ...d, [list]: { items: [...d[list].items, ...page.items], nextCursor: page.nextCursor } },
        );
      } catch (err) {
        showError(err);
      }
    },
    [data, id, showError],
  );

  return { data, missing, reload, more, setData };
}
