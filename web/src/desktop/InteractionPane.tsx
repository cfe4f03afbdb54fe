import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InteractionDetail, Queue } from '../api/routing-types.ts';
import { MoveModal, type MoveTarget } from '../floor/MoveModal.tsx';
import { NewTicketModal } from '../service/tickets/NewTicketModal.tsx';
import { CallPane } from '../voice/calls/CallPane.tsx';
import { ChatTranscript } from './ChatTranscript.tsx';
import { Composer } from './Composer.tsx';
import { contactLabel } from './contact-label.ts';
import { EmailThread } from './EmailThread.tsx';
import { LinkCustomerModal } from './LinkCustomerModal.tsx';
import { PaneHeader } from './PaneHeader.tsx';
import { WrapUpModal } from './WrapUpModal.tsx';

export interface PaneActions {
  send(text: string): Promise<boolean>;
  typing(on: boolean): void;
  transfer(target: MoveTarget): Promise<boolean>;
  link(customerId: string): Promise<boolean>;
  wrapUp(body: { code: string; notes?: string }): Promise<boolean>;
  dismiss(): void;
}

/**
 * One conversation on the desktop, side by side with the others: its header and actions,
 * the chat transcript or the email thread, and the composer (while it is in hand).
 */
export function InteractionPane({
  item,
  queues,
  me,
  typingUntil,
  focused,
  onFocus,
  actions,
}: {
  item: InteractionDetail;
  queues: Queue[];
  me: string;
  typingUntil: number;
  focused: boolean;
  onFocus: () => void;
  actions: PaneActions;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'transfer' | 'link' | 'wrapUp' | 'ticket' | null>(null);
  const { message } = App.useApp();
  const close = () => setDialog(null);
  const queueName = queues.find((q) => q.id === item.queueId)?.name ?? '';
  const name = item.contact.name;

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the pane's own controls are keyboard reachable
    <section
      className={`desk-pane${focused ? ' desk-pane-focused' : ''}`}
      onClick={onFocus}
      data-testid="desk-pane"
      aria-label={contactLabel(item.contact) ?? t('desktop.anonymous')}
    >
      <PaneHeader
        item={item}
        queueName={queueName}
        onTransfer={() => setDialog('transfer')}
        onLink={() => setDialog('link')}
        onWrapUp={() => setDialog('wrapUp')}
        onTicket={() => setDialog('ticket')}
        onDismiss={actions.dismiss}
      />
      {item.channel === 'voice' ? (
        <div className="pane-body">
          <CallPane item={item} selfId={me} />
        </div>
      ) : item.channel === 'email' ? (
        <div className="pane-body">
          <EmailThread interactionId={item.id} messages={item.messages} />
        </div>
      ) : (
        <div className="pane-body">
          <ChatTranscript messages={item.messages} typingUntil={typingUntil} />
        </div>
      )}
      {item.status === 'active' && item.channel !== 'voice' && (
        <Composer
          kind={item.channel === 'email' ? 'email' : 'chat'}
          customerName={name}
          onSend={actions.send}
          {...(item.channel === 'chat' ? { onTyping: actions.typing } : {})}
        />
      )}
      <MoveModal
        open={dialog === 'transfer'}
        title={t('desktop.transferTitle')}
        channel={item.channel}
        queues={queues}
        exceptAgentId={me}
        onClose={close}
        onMove={actions.transfer}
      />
      <LinkCustomerModal
        open={dialog === 'link'}
        contact={item.contact}
        onClose={close}
        onLink={actions.link}
      />
      <WrapUpModal open={dialog === 'wrapUp'} onClose={close} onWrapUp={actions.wrapUp} />
      <NewTicketModal
        open={dialog === 'ticket'}
        interactionId={item.id}
        subject={item.subject ?? item.messages.find((m) => m.author === 'customer')?.body.slice(0, 80) ?? ''}
        onClose={close}
        onCreated={(ticket) => {
          close();
          void message.success(t('tickets.created_toast', { number: ticket.number }));
        }}
      />
    </section>
  );
}
