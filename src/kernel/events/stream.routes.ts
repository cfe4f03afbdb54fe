import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { AuthService, AuthUser } from '../auth/auth.service.ts';
import type { AppDeps } from '../http/app.ts';
import { audienceKeyOf, mayReceive } from './event-audience.ts';
import type { EventHub } from './event-hub.ts';
import type { OutboxEvent } from './outbox-reader.ts';

/**
 * GET /api/v1/stream — the realtime feed over WebSocket.
 *
 * Sign in with `?token=<bearer token>`, or send `{"type":"auth","token":"…"}` as the first
 * message (browsers cannot set headers on a WebSocket). Then the server sends JSON messages:
 *   {"kind":"event","id":123,"type":"interaction.offered","aggregateType":"interaction",
 *    "aggregateId":"…","payload":{…},"createdAt":"…"}
 *   {"kind":"ready"}   caught up: live events from here on
 *   {"kind":"resync"}  too much was missed (or `after` is unknown): reload state, then carry on
 *   {"kind":"error","code":"UNAUTHENTICATED","message":"…"} before the server closes
 * Reconnect with `?after=<id of the last event received>` to get every event missed, then
 * live ones. Events come in commit order (ids may not ascend); keep the id of the last one.
 * Agents receive events about themselves, supervisors the whole tenant (event-audience.ts).
 */
const AUTH_TIMEOUT_MS = 10_000;
/** How often an open stream re-checks its session (a sign-out ends the stream). */
const SESSION_CHECK_MS = 60_000;
/** A client that does not read is cut off; it resumes with `after` when it is back. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_FORBIDDEN = 4403;
const CLOSE_TOO_SLOW = 4408;

export function streamRoutes(app: FastifyInstance, deps: AppDeps & { auth: AuthService }) {
  const hub = deps.events;
  if (!hub) return;
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/stream',
    {
      websocket: true,
      // The handshake carries no Authorization header: the handler signs the client in.
      config: { roles: 'public' },
      schema: {
        tags: ['realtime'],
        summary:
          'Realtime events over WebSocket (token in ?token= or the first message; resume with ?after=)',
        querystring: z.strictObject({
          token: z.string().min(1).max(200).optional(),
          after: z.coerce.number().int().min(0).optional(),
        }),
      },
    },
    (socket, request) => {
      const query = request.query as { token?: string; after?: number };
      void serve(socket, hub, deps.auth, query.token ?? null, query.after ?? null);
    },
  );
}

async function serve(
  socket: WebSocket,
  hub: EventHub,
  auth: AuthService,
  token: string | null,
  after: number | null,
) {
  let unsubscribe: (() => void) | null = null;
  let sessionTimer: NodeJS.Timeout | null = null;
  let closed = false;
  socket.on('close', () => {
    closed = true;
    unsubscribe?.();
    if (sessionTimer) clearInterval(sessionTimer);
  });
  const fail = (code: number, errorCode: string, message: string) => {
    if (closed) return;
    socket.send(JSON.stringify({ kind: 'error', code: errorCode, message }));
    socket.close(code, errorCode);
  };

  const bearer = token ?? (await firstMessageToken(socket));
  if (closed) return;
  const user = bearer ? await auth.authenticate(bearer) : null;
  if (!user) return fail(CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED', 'Sign in first');
  if (!user.tenantId)
    return fail(CLOSE_FORBIDDEN, 'CONFLICT', 'Choose a tenant first (POST /api/v1/auth/tenant)');
  const tenantId = user.tenantId;

  sessionTimer = setInterval(() => {
    void auth.authenticate(bearer!).then((still) => {
      if (!still || still.tenantId !== tenantId)
        fail(CLOSE_UNAUTHENTICATED, 'UNAUTHENTICATED', 'The session ended');
    });
  }, SESSION_CHECK_MS);
  sessionTimer.unref();

  const send = (message: unknown) => {
    if (closed || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      fail(CLOSE_TOO_SLOW, 'TOO_SLOW', 'Events were not read in time; reconnect with ?after=');
      return;
    }
    socket.send(JSON.stringify(message));
  };
  try {
    const remove = await hub.subscribe(
      {
        tenantId,
        audienceKey: audienceKeyOf(user),
        accepts: (event) => mayReceive(user as AuthUser, event),
        send: (event: OutboxEvent) =>
          send({
            kind: 'event',
            id: event.id,
            type: event.type,
            aggregateType: event.aggregateType,
            aggregateId: event.aggregateId,
            payload: event.payload,
            createdAt: event.createdAt,
          }),
        control: (message) => send(message),
      },
      after,
    );
    if (closed) remove();
    else unsubscribe = remove;
  } catch {
    fail(1011, 'INTERNAL', 'The event feed failed; reconnect with ?after=');
  }
}

/** Waits for `{"type":"auth","token":…}`; null on anything else or after the timeout. */
function firstMessageToken(socket: WebSocket): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), AUTH_TIMEOUT_MS);
    socket.once('message', (data) => {
      clearTimeout(timer);
      try {
        const message = JSON.parse(String(data)) as { type?: unknown; token?: unknown };
        resolve(message.type === 'auth' && typeof message.token === 'string' ? message.token : null);
      } catch {
        resolve(null);
      }
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}
