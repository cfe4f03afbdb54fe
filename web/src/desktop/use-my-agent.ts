import { useCallback, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { Agent, AgentState } from '../api/routing-types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';

export type ChosenState = Exclude<AgentState, 'wrap_up'>;

/**
 * The signed-in user's agent record: state, time in it, load and capacity. A user who has
 * never taken work has no profile yet (null); choosing a state creates one.
 */
export function useMyAgent(userId: string) {
  const showError = useErrorToast();
  const [agent, setAgent] = useState<Agent | null>(null);
  const [loaded, setLoaded] = useState(false);

  const reload = useCallback(async () => {
    try {
      setAgent(await api<Agent>('GET', `/api/v1/agents/${userId}`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setAgent(null);
      else showError(err);
    } finally {
      setLoaded(true);
    }
  }, [userId, showError]);

  const setState = useCallback(
    async (state: ChosenState, reason?: string) => {
      try {
        setAgent(
          await api<Agent>('PUT', `/api/v1/agents/${userId}/state`, { state, ...(reason ? { reason } : {}) }),
        );
        return true;
      } catch (err) {
        showError(err);
        return false;
      }
    },
    [userId, showError],
  );

  return { agent, loaded, reload, setState };
}
