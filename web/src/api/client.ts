/**
 * The one way the app talks to the server: JSON over /api/v1 with the session's bearer
 * token. A 401 signs the user out; any other error becomes an ApiError with the server's
 * code and message, which pages show as they are.
 */
const TOKEN_KEY = 'hotline.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
  const res = await fetch(url, { method, headers, body: payload });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    if (res.status === 401 && url !== '/api/v1/auth/login') onUnauthorized();
    const err = (data as { error?: { code: string; message: string } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'ERROR', err?.message ?? res.statusText);
  }
  return data as T;
}

/** Downloads a file from the API (exports) with the session's token. */
export async function download(url: string, filename: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${session.token ?? ''}` } });
  if (!res.ok) throw new ApiError(res.status, 'ERROR', res.statusText);
  const blob = await res.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
