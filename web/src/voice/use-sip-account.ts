import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import type { NewSipPassword, SipAccount } from './sip-account-types.ts';

/**
 * The signed-in user's SIP settings, loaded while `active`; `newPassword` asks the server for
 * a generated one and hands it back for showing once (it is never stored in the app).
 */
export function useSipAccount(userId: string, active: boolean) {
  const showError = useErrorToast();
  const [account, setAccount] = useState<SipAccount | null>(null);
  const [loading, setLoading] = useState(false);
  const url = `/api/v1/agents/${userId}/sip-account`;

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setAccount(await api<SipAccount>('GET', url));
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  }, [url, showError]);

  useEffect(() => {
    if (active) void reload();
  }, [active, reload]);

  const newPassword = useCallback(async (): Promise<string | null> => {
    try {
      const { password, created: _, ...settings } = await api<NewSipPassword>('POST', `${url}/password`);
      setAccount(settings);
      return password;
    } catch (err) {
      showError(err);
      return null;
    }
  }, [url, showError]);

  return { account, loading, reload, newPassword };
}
