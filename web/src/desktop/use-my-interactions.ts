import { useCallback, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.ts';
import type { InteractionDetail, Message, StreamEvent } from '../api/routing-types.ts';
import type { Page } from '../api/types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';

/** How long a "customer is typing" lasts without news (a closed tab sends no "stopped"). */
const TYPING_MS = 6000;

/** Whether the desktop keeps showing an interaction: ringing at me, in my hands, or in my wrap-up. */
export function isMine(i: InteractionDetail, me: string) {
  if (i.agentId !== me) return false;
  if (i.status === 'offered') return i.offer?.status === 'pending' && i.offer.agentId === me;
  return i.status === 'active' || i.status === 'wrap_up';
}

const byId = (a: Message, b: Message) => Number(a.id) - Number(b.id);

/**
 * The interactions on my desktop, kept live from the realtime feed: offers that ring at me,
 * conversations I hold and those in wrap-up, with their messages and the customer's typing.
 * An event about one of them re-reads it (or appends the message it carries); an interaction
 * that is no longer mine leaves the desktop.
 */
export function useMyInteractions(me: string) {
  const showError = useErrorToast();
  const [items, setItems] = useState<Record<string, InteractionDetail>>({});
  const [typing, setTyping] = useState<Record<string, number>>({});
  const known = useRef(items);
  known.current = items;

  const put = useCallback(
    (detail: InteractionDetail) =>
      setItems((all) => {
        if (isMine(detail, me)) return { ...all, [detail.id]: detail };
        const { [detail.id]: _, ...rest } = all;
        return rest;
      }),
    [me],
  );
  const drop = useCallback(
    (id: string) =>
      setItems((all) => {
        const { [id]: _, ...rest } = all;
        return rest;
      }),
    [],
  );

  const refresh = useCallback(
    async (id: string) => {
      try {
        put(await api<InteractionDetail>('GET', `/api/v1/interactions/${id}`));
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 403)) drop(id);
        else showError(err);
      }
    },
    [put, drop, showError],
  );

  const reload = useCallback(async () => {
    try {
      const page = await api<Page<{ id: string }>>(
        'GET',
        `/api/v1/interactions?status=offered,active,wrap_up&agentId=${me}&limit=100`,
      );
      const details = await Promise.all(
        page.items.map((i) => api<InteractionDetail>('GET', `/api/v1/interactions/${i.id}`)),
      );
      setItems(Object.fromEntries(details.filter((d) => isMine(d, me)).map((d) => [d.id, d])));
    } catch (err) {
      showError(err);
    }
  }, [me, showError]);

  const append = useCallback((id: string, message: Message) => {
    setItems((all) => {
      const item = all[id];
      if (!item || item.messages.some((m) => m.id === message.id)) return all;
      return { ...all, [id]: { ...item, messages: [...item.messages, message].sort(byId) } };
    });
  }, []);

  const onEvent = useCallback(
    (e: StreamEvent) => {
      if (e.aggregateType !== 'interaction') return;
      const id = e.aggregateId;
      const p = e.payload;
      const held = id in known.current;
      // Supervisors receive the whole floor's events: keep to those about me.
      if (!held && p.agentId !== me && p.previousAgentId !== me) return;
      if (e.type === 'interaction.typing') {
        if (held && p.author === 'customer')
          setTyping((all) => ({ ...all, [id]: p.typing ? Date.now() + TYPING_MS : 0 }));
        return;
      }
      if (e.type === 'interaction.message_added' && held) {
        if (p.author === 'customer') setTyping((all) => ({ ...all, [id]: 0 }));
        append(id, {
          id: String(p.messageId),
          author: p.author as Message['author'],
          authorUserId: null,
          body: String(p.body ?? ''),
          attachments: (p.attachments ?? []) as Message['attachments'],
          createdAt: e.createdAt,
        });
        return;
      }
      if (e.type === 'interaction.closed') {
        drop(id);
        return;
      }
      void refresh(id);
    },
    [me, append, drop, refresh],
  );

  /** Runs an action that answers with the interaction, and shows the result (or the error). */
  const act = useCallback(
    async (id: string, path: string, body?: unknown) => {
      try {
        put(await api<InteractionDetail>('POST', `/api/v1/interactions/${id}/${path}`, body));
        return true;
      } catch (err) {
        showError(err);
        // What we showed may be stale (an offer that expired, a chat someone took over).
        void refresh(id);
        return false;
      }
    },
    [put, refresh, showError],
  );

  const send = useCallback(
    async (id: string, body: string) => {
      try {
        const res = await api<{ message: Message }>('POST', `/api/v1/interactions/${id}/messages`, { body });
        append(id, res.message);
        return true;
      } catch (err) {
        showError(err);
        return false;
      }
    },
    [append, showError],
  );

  const signalTyping = useCallback((id: string, on: boolean) => {
    // Best effort: a lost "typing…" is not worth an error on the agent's screen.
    void api('POST', `/api/v1/interactions/${id}/typing`, { typing: on }).catch(() => undefined);
  }, []);

  return {
    items,
    typing,
    reload,
    onEvent,
    send,
    signalTyping,
    accept: (id: string) => act(id, 'accept'),
    decline: (id: string) => act(id, 'decline', {}),
    transfer: (id: string, body: { queueId?: string; agentId?: string; note?: string }) =>
      act(id, 'transfer', body),
    wrapUp: (id: string, body: { code: string; notes?: string }) => act(id, 'wrap-up', body),
    link: (id: string, customerId: string) => act(id, 'link-customer', { customerId }),
    dismiss: drop,
  };
}
