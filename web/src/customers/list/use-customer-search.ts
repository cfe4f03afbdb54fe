import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import type { CustomerSummary, Page } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { type CustomerFilter, filterToParams } from './customer-filter.ts';

const PAGE_SIZE = 50;

/** Customers matching a filter, a page at a time with the API's cursor ("load more"). */
export function useCustomerSearch(filter: CustomerFilter) {
  const showError = useErrorToast();
  const [rows, setRows] = useState<CustomerSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Only the newest request may fill the table, however the answers arrive.
  const latest = useRef(0);
  const query = filterToParams(filter).toString();

  const fetchPage = useCallback(
    async (after: string | null) => {
      const ticket = ++latest.current;
      setLoading(true);
      const params = new URLSearchParams(query);
      params.set('limit', String(PAGE_SIZE));
      if (after) params.set('cursor', after);
      try {
        const page = await api<Page<CustomerSummary>>('GET', `/api/v1/customers?${params}`);
        if (ticket !== latest.current) return;
        setRows((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (ticket === latest.current) showError(err);
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [query, showError],
  );

  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage]);

  return {
    rows,
    loading,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor),
    reload: () => void fetchPage(null),
  };
}
