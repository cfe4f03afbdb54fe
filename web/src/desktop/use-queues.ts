import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { Queue } from '../api/routing-types.ts';

/** The tenant's queues (names for the panes, targets for a transfer), read once per page. */
export function useQueues() {
  const [queues, setQueues] = useState<Queue[]>([]);
  useEffect(() => {
    api<{ items: Queue[] }>('GET', '/api/v1/queues')
      .then((res) => setQueues(res.items))
      .catch(() => setQueues([]));
  }, []);
  return queues;
}
