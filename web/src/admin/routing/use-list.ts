import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';

/**
 * The `items` of a list endpoint, read on mount and again on `reload()`; a failure is shown
 * as a toast and leaves the last items. `null` until the first answer.
 */
export function useList<T>(url: string) {
  const showError = useErrorToast();
  const [items, setItems] = useState<T[] | null>(null);
  const reload = useCallback(async () => {
    try {
      setItems((await api<{ items: T[] }>('GET', url)).items);
    } catch (err) {
      showError(err);
      setItems((current) => current ?? []);
    }
  }, [url, showError]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, reload };
}
