import { Card, Empty } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StreamEvent } from '../api/routing-types.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { useEventStream } from '../realtime/use-event-stream.ts';
import { DialBox } from '../voice/outbound/DialBox.tsx';
import { AgentStateBar } from './AgentStateBar.tsx';
import { CustomerSummary } from './CustomerSummary.tsx';
import { InteractionPane } from './InteractionPane.tsx';
import { OfferPop } from './OfferPop.tsx';
import { useMyAgent } from './use-my-agent.ts';
import { useMyInteractions } from './use-my-interactions.ts';
import { useQueues } from './use-queues.ts';
import './desktop.css';

/**
 * The agent desktop: the state switch, offers popping with the customer's card, the
 * conversations in hand side by side, and the focused one's customer at the side. Live from
 * the realtime feed; it resumes after a dropped connection without losing events.
 */
export function DesktopPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const userId = me?.id ?? '';
  const agent = useMyAgent(userId);
  const desk = useMyInteractions(userId);
  const queues = useQueues();
  const [focus, setFocus] = useState<string | null>(null);

  const load = () => {
    void agent.reload();
    void desk.reload();
  };
  const stream = useEventStream((e: StreamEvent) => {
    if (e.type === 'agent.state_changed' || e.type === 'agent.updated') {
      if (e.payload.agentId === userId) void agent.reload();
      return;
    }
    desk.onEvent(e);
    // A load change (an offer, an accept, a close) shows in the state bar.
    if (
      e.payload.agentId === userId &&
      e.type !== 'interaction.typing' &&
      e.type !== 'interaction.message_added'
    )
      void agent.reload();
  }, load);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount; the feed reloads when it is live
  useEffect(load, []);

  const all = Object.values(desk.items);
  const offers = all.filter((i) => i.status === 'offered');
  const panes = all
    .filter((i) => i.status !== 'offered')
    .sort((a, b) => (a.acceptedAt ?? '').localeCompare(b.acceptedAt ?? ''));
  const focused = panes.find((p) => p.id === focus) ?? panes[panes.length - 1] ?? null;
  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? '';

  return (
    <div className="desk" data-testid="desktop">
      <AgentStateBar agent={agent.agent} stream={stream} onChoose={agent.setState} />
      {offers.length > 0 && (
        <div className="offer-stack">
          {offers.map((o) => (
            <OfferPop
              key={o.id}
              offer={o}
              queueName={queueName(o.queueId)}
              onAccept={async () => {
                const ok = await desk.accept(o.id);
                if (ok) setFocus(o.id);
                return ok;
              }}
              onDecline={() => desk.decline(o.id)}
            />
          ))}
        </div>
      )}
      <div className="desk-main">
        <div className="desk-panes">
          {panes.length === 0 ? (
            <Card className="desk-empty">
              <Empty
                description={
                  agent.agent?.state === 'available' ? t('desktop.waitingForWork') : t('desktop.goAvailable')
                }
              />
            </Card>
          ) : (
            panes.map((p) => (
              <InteractionPane
                key={p.id}
                item={p}
                queues={queues}
                me={userId}
                typingUntil={desk.typing[p.id] ?? 0}
                focused={focused?.id === p.id}
                onFocus={() => setFocus(p.id)}
                actions={{
                  send: (text) => desk.send(p.id, text),
                  typing: (on) => desk.signalTyping(p.id, on),
                  transfer: (target) => desk.transfer(p.id, target),
                  link: (customerId) => desk.link(p.id, customerId),
                  wrapUp: (body) => desk.wrapUp(p.id, body),
                  dismiss: () => desk.dismiss(p.id),
                }}
              />
            ))
          )}
        </div>
        <aside className="desk-side">
          <DialBox />
          <Card size="small" title={t('desktop.customer')} data-testid="desk-customer">
            {focused ? (
              <CustomerSummary key={focused.id} customerId={focused.customerId} contact={focused.contact} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('desktop.noCustomer')} />
            )}
          </Card>
        </aside>
      </div>
    </div>
  );
}
