import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { dateTime } from '../../i18n/format.ts';
import { MailboxModal } from './MailboxModal.tsx';
import type { Mailbox, QueueDetail } from './setup-types.ts';
import { useList } from './use-list.ts';

/**
 * The tenant's mailboxes: addresses, queue, From, and the IMAP account's last poll. Supervisors
 * read them; tenant admins add, change, poll and remove them.
 */
export function MailboxesTab({ queues, editable }: { queues: QueueDetail[]; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const { items: mailboxes, reload } = useList<Mailbox>('/api/v1/email-mailboxes');
  const [editing, setEditing] = useState<Mailbox | 'new' | null>(null);
  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? '—';

  const act = async (method: string, url: string, done: string) => {
    try {
      await api(method, url);
      void message.success(t(done));
      void reload();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      {editable && (
        <div className="toolbar">
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="mailbox-new"
          >
            {t('routingSetup.mailbox.new')}
          </Button>
        </div>
      )}
      <Table<Mailbox>
        rowKey="id"
        size="middle"
        loading={!mailboxes}
        dataSource={mailboxes ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('routingSetup.mailbox.name'),
            dataIndex: 'name',
            render: (name: string, m) => (
              <Space>
                {name}
                {!m.enabled && <Tag>{t('routingSetup.mailbox.disabled')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('routingSetup.mailbox.addresses'),
            dataIndex: 'addresses',
            render: (a: string[]) => a.map((x) => <Tag key={x}>{x}</Tag>),
          },
          { title: t('routingSetup.mailbox.queue'), dataIndex: 'queueId', render: queueName },
          {
            title: t('routingSetup.mailbox.from'),
            key: 'from',
            render: (_, m) => (m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress),
          },
          {
            title: 'IMAP',
            key: 'imap',
            render: (_, m) =>
              m.imap ? (
                <Space orientation="vertical" size={0}>
                  <span className="small">
                    {m.imap.user} @ {m.imap.host}:{m.imap.port} · {m.imap.folder}
                  </span>
                  <span className="small muted">
                    {t('routingSetup.mailbox.lastPolled', { time: dateTime(m.imap.lastPolledAt) })}
                  </span>
                  {m.imap.lastError && (
                    <Typography.Text type="danger" className="small">
                      {m.imap.lastError}
                    </Typography.Text>
                  )}
                </Space>
              ) : (
                <span className="muted">{t('routingSetup.mailbox.smtpOnly')}</span>
              ),
          },
          ...(editable
            ? [
                {
                  key: 'actions',
                  render: (_: unknown, m: Mailbox) => (
                    <Space size={0}>
                      <Button type="link" onClick={() => setEditing(m)}>
                        {t('common.edit')}
                      </Button>
                      {m.imap && (
                        <Button
                          type="link"
                          onClick={() =>
                            void act(
                              'POST',
                              `/api/v1/email-mailboxes/${m.id}/poll`,
                              'routingSetup.mailbox.polling',
                            )
                          }
                        >
                          {t('routingSetup.mailbox.pollNow')}
                        </Button>
                      )}
                      <Popconfirm
                        title={t('routingSetup.mailbox.deleteConfirm', { name: m.name })}
                        onConfirm={() =>
                          act('DELETE', `/api/v1/email-mailboxes/${m.id}`, 'routingSetup.mailbox.deleted')
                        }
                      >
                        <Button type="link" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <MailboxModal
        mailbox={editing}
        queues={queues}
        onClose={() => setEditing(null)}
        onSaved={() => void reload()}
      />
    </>
  );
}
