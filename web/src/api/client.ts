/**
 * The one way the app talks to the server: JSON over /api/v1 with the session's bearer
 * token. A 401 signs the user out; any other error becomes an ApiError carrying the
 * server's catalogue code and details, which `errorText` turns into the user's language.
 */
const TOKEN_KEY = 'hotline.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

export const session = {
  get token() {
    return localStorage.getItem(TOKEN_KEY);
  },
  set(token: string | null) {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  },
};

interface ErrorBody {
  error?: { code: string; message: string; details?: unknown };
}

export async function api<T>(
  method: string,
  url: string,
  body?: unknown,
  options: { raw?: BodyInit; contentType?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (session.token) headers.authorization = `Bearer ${session.token}`;
  let payload: BodyInit | undefined = options.raw;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (options.contentType) headers['content-type'] = options.contentType;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: payload });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, say: fall through to the status below.
  }
  if (!res.ok) {
    if (res.status === 401 && url !== '/api/v1/auth/login') onUnauthorized();
    const err = (data as ErrorBody | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'HTTP', err?.message ?? res.statusText, err?.details);
  }
  return data as T;
}

/** Downloads a file from the API (exports) with the session's token. */
export async function download(url: string, filename: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${session.token ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, 'HTTP', res.statusText);
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
