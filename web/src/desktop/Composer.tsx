import { SendOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CannedAnswers } from './CannedAnswers.tsx';

/** How often a chat's "typing" is repeated while the agent types, and when it stops. */
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

/**
 * Where the agent writes: a chat line (Enter sends, Shift+Enter breaks the line) or an email
 * reply (Ctrl/⌘+Enter sends), with the canned answers. In a chat it tells the customer the
 * agent is typing.
 */
export function Composer({
  kind,
  customerName,
  onSend,
  onTyping,
}: {
  kind: 'chat' | 'email';
  customerName: string | null;
  onSend: (text: string) => Promise<boolean>;
  onTyping?: (typing: boolean) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const lastSignal = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stopTyping = () => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (lastSignal.current) onTyping?.(false);
    lastSignal.current = 0;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on unmount
  useEffect(() => stopTyping, []);

  const typed = (value: string) => {
    setText(value);
    if (!onTyping) return;
    const now = Date.now();
    if (now - lastSignal.current > TYPING_REPEAT_MS) {
      lastSignal.current = now;
      onTyping(true);
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const send = async () => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    stopTyping();
    if (await onSend(body)) setText('');
    setSending(false);
  };

  return (
    <div className="composer">
      <Input.TextArea
        value={text}
        onChange={(e) => typed(e.target.value)}
        autoSize={{ minRows: kind === 'email' ? 4 : 2, maxRows: kind === 'email' ? 12 : 5 }}
        maxLength={10_000}
        placeholder={kind === 'email' ? t('desktop.replyPlaceholder') : t('desktop.chatPlaceholder')}
        onKeyDown={(e) => {
          const sendKey =
            kind === 'email'
              ? e.key === 'Enter' && (e.ctrlKey || e.metaKey)
              : e.key === 'Enter' && !e.shiftKey;
          if (sendKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
        data-testid="composer-input"
      />
      <div className="composer-actions">
        <CannedAnswers
          customerName={customerName}
          onPick={(answer) => typed(text ? `${text} ${answer}` : answer)}
        />
        <span className="muted small">
          {kind === 'email' ? t('desktop.sendHintEmail') : t('desktop.sendHintChat')}
        </span>
        <Button
          type="primary"
          icon={<SendOutlined />}
          loading={sending}
          disabled={!text.trim()}
          onClick={() => void send()}
          data-testid="composer-send"
        >
          {kind === 'email' ? t('desktop.sendReply') : t('desktop.send')}
        </Button>
      </div>
    </div>
  );
}
