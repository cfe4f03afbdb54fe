import { PaperClipOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { download } from '../api/client.ts';
import type { Message } from '../api/routing-types.ts';
import { AuthImage } from './AuthImage.tsx';
import { TypingNote } from './TypingNote.tsx';

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The conversation: the customer on the left, agents on the right, system notes (transfers,
 * reopenings) in the middle; images shown, other files as downloads; "typing…" at the end.
 * It follows the newest message.
 */
export function ChatTranscript({ messages, typingUntil }: { messages: Message[]; typingUntil: number }) {
  const end = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a message arrives
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);

  return (
    <div className="chat-transcript" data-testid="chat-transcript">
      {messages.map((m) => (
        <div key={m.id} className={`chat-line chat-${m.author}`} data-testid={`message-${m.author}`}>
          <div className="chat-bubble">
            {/* An image message's text is the image's name: the image says it. */}
            {m.body && !m.attachments.some((a) => a.url && a.name === m.body) && (
              <div className="chat-body">{m.body}</div>
            )}
            {m.attachments.map((a) =>
              a.url && a.contentType.startsWith('image/') ? (
                <AuthImage key={a.url} url={a.url} alt={a.name} />
              ) : (
                <Typography.Link
                  key={a.name}
                  onClick={() => a.url && void download(a.url, a.name)}
                  className="chat-file"
                >
                  <PaperClipOutlined /> {a.name}
                </Typography.Link>
              ),
            )}
          </div>
          <div className="chat-meta">{time(m.createdAt)}</div>
        </div>
      ))}
      <TypingNote until={typingUntil} />
      <div ref={end} />
    </div>
  );
}
