/**
 * The few calls the simulated people make to Hotline's HTTP API as a signed-in user (a demo
 * admin finding where to send traffic, a simulated agent at the desk): JSON in and out, a
 * bearer token, and any status of 300 or more thrown as an error that names it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class HotlineApi {
  private token = '';

  constructor(private readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<void> {
    const body = await this.request<{ token: string }>('POST', '/api/v1/auth/login', { email, password });
    this.token = body.token;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>('POST', path, json);
  }

  put<T>(path: string, json: unknown): Promise<T> {
    return this.request<T>('PUT', path, json);
  }

  private async request<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status >= 300)
      throw new ApiError(res.status, `${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : null) as T;
  }
}
