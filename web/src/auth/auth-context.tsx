import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { api, session, setUnauthorizedHandler } from '../api/client.ts';
import type { Locale, Me } from '../api/types.ts';
import { applyLocale } from '../i18n/index.ts';

/** The signed-in user, and the session actions every page may need. */
interface AuthState {
  me: Me | null;
  loading: boolean;
  /** The server ended the session (expired or signed out elsewhere): say so on the sign-in page. */
  expired: boolean;
  login(email: string, password: string): Promise<void>;
  logout(): Promise<void>;
  setLocale(locale: Locale): Promise<void>;
  switchTenant(tenantId: string): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(!!session.token);
  const [expired, setExpired] = useState(false);
  const signedIn = useRef(false);
  signedIn.current = me !== null;

  const signedOut = useCallback(() => {
    session.set(null);
    setMe(null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (signedIn.current) setExpired(true);
      signedOut();
    });
    if (!session.token) return;
    api<Me>('GET', '/api/v1/auth/me')
      .then(async (user) => {
        await applyLocale(user.locale);
        setMe(user);
      })
      .catch(signedOut)
      .finally(() => setLoading(false));
  }, [signedOut]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading,
      expired,
      async login(email, password) {
        const res = await api<{ token: string; user: Me }>('POST', '/api/v1/auth/login', { email, password });
        session.set(res.token);
        await applyLocale(res.user.locale);
        setExpired(false);
        setMe(res.user);
      },
      async logout() {
        await api('POST', '/api/v1/auth/logout').catch(() => undefined);
        signedOut();
      },
      async setLocale(locale) {
        // The page changes at once; the server remembers it for the next sign-in.
        await applyLocale(locale);
        if (me) setMe(await api<Me>('PATCH', '/api/v1/auth/me', { locale }));
      },
      async switchTenant(tenantId) {
        setMe(await api<Me>('POST', '/api/v1/auth/tenant', { tenantId }));
      },
    }),
    [me, loading, expired, signedOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
