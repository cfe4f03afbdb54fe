import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Customer, Standing, TimelineItem } from '../api/types.ts';

export interface CustomerSummaryData {
  customer: Customer;
  standing: Standing | null;
  /** The last finished interactions, newest first. */
  lastInteractions: TimelineItem[];
}

/**
 * What the desktop shows of an interaction's customer: the card's identity, tier and stage,
 * and the last interactions from the timeline. Re-read when the customer changes (a link) and
 * on a language switch (the server words the tier, stage and timeline for the reader).
 */
export function useCustomerSummary(customerId: string | null) {
  const { i18n } = useTranslation();
  const [data, setData] = useState<CustomerSummaryData | null>(null);
  const [failed, setFailed] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the language is a trigger, not an input
  useEffect(() => {
    setData(null);
    setFailed(false);
    if (!customerId) return;
    let current = true;
    Promise.all([
      api<Customer>('GET', `/api/v1/customers/${customerId}`),
      api<Standing>('GET', `/api/v1/customers/${customerId}/standing`).catch(() => null),
      api<{ items: TimelineItem[] }>('GET', `/api/v1/customers/${customerId}/timeline?limit=30`),
    ])
      .then(([customer, standing, timeline]) => {
        if (!current) return;
        setData({
          customer,
          standing,
          lastInteractions: timeline.items.filter((i) => i.kind === 'interaction').slice(0, 3),
        });
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [customerId, i18n.language]);

  return { data, failed };
}
