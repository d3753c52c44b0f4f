import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, type Me } from './api';

/** Who is signed in: /v1/me once at start, again after logging in or out. */
interface Session {
  me: Me | null | undefined; // undefined while asking
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<Session>({ me: undefined, refresh: async () => null, logout: async () => {} });

async function whoAmI(): Promise<Me | null> {
  // The page asks without credentials first only when a session cookie might exist; the cookie is
  // httpOnly, so we cannot tell: ask, and treat 401 as "nobody".
  try {
    return await api<Me>('GET', '/v1/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const refresh = useCallback(async () => {
    const next = await whoAmI();
    setMe(next);
    return next;
  }, []);
  const logout = useCallback(async () => {
    await api('DELETE', '/v1/sessions/current').catch(() => {});
    setMe(null);
  }, []);
  useEffect(() => {
    refresh().catch(() => setMe(null));
  }, [refresh]);
  return <SessionContext.Provider value={{ me, refresh, logout }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
