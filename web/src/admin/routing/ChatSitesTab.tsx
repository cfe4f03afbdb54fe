import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { ChatSiteModal } from './ChatSiteModal.tsx';
import { EmbedCode } from './EmbedCode.tsx';
import type { ChatSite, QueueDetail } from './setup-types.ts';
import { useList } from './use-list.ts';

/**
 * The websites the chat widget is on, each with its public key and the tag to paste.
 * Supervisors read them and copy the tag; tenant admins add, change, re-key and remove them.
 */
export function ChatSitesTab({ queues, editable }: { queues: QueueDetail[]; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const { items: sites, reload } = useList<ChatSite>('/api/v1/webchat-sites');
  const [editing, setEditing] = useState<ChatSite | 'new' | null>(null);
  const [showing, setShowing] = useState<ChatSite | null>(null);
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
            data-testid="site-new"
          >
            {t('routingSetup.site.new')}
          </Button>
        </div>
      )}
      <Table<ChatSite>
        rowKey="id"
        size="middle"
        loading={!sites}
        dataSource={sites ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(s) => ({ 'data-testid': `site-row-${s.name}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('routingSetup.site.name'), dataIndex: 'name' },
          {
            title: t('routingSetup.site.key'),
            dataIndex: 'siteKey',
            render: (k: string) => <code>{k}</code>,
          },
          { title: t('routingSetup.site.queue'), dataIndex: 'queueId', render: queueName },
          {
            title: t('routingSetup.site.origins'),
            dataIndex: 'allowedOrigins',
            render: (origins: string[]) =>
              origins.length === 0 ? (
                <span className="muted">{t('routingSetup.site.ownPagesOnly')}</span>
              ) : (
                origins.map((o) => <Tag key={o}>{o}</Tag>)
              ),
          },
          {
            title: t('routingSetup.site.locale'),
            dataIndex: 'defaultLocale',
            render: (l: string) => (l === 'en' ? 'English' : '简体中文'),
          },
          {
            title: t('routingSetup.site.preChatForm'),
            dataIndex: 'preChatForm',
            render: (v: string) => t(`routingSetup.site.preChat.${v}`),
          },
          {
            key: 'actions',
            render: (_, s) => (
              <Space size={0}>
                <Button type="link" onClick={() => setShowing(s)} data-testid="site-embed">
                  {t('routingSetup.site.embed')}
                </Button>
                {editable && (
                  <>
                    <Button type="link" onClick={() => setEditing(s)}>
                      {t('common.edit')}
                    </Button>
                    <Popconfirm
                      title={t('routingSetup.site.rotateConfirm')}
                      onConfirm={() =>
                        act('POST', `/api/v1/webchat-sites/${s.id}/rotate-key`, 'routingSetup.site.rotated')
                      }
                    >
                      <Button type="link">{t('routingSetup.site.rotate')}</Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('routingSetup.site.deleteConfirm', { name: s.name })}
                      onConfirm={() =>
                        act('DELETE', `/api/v1/webchat-sites/${s.id}`, 'routingSetup.site.deleted')
                      }
                    >
                      <Button type="link" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ChatSiteModal
        site={editing}
        queues={queues}
        onClose={() => setEditing(null)}
        onSaved={(site, created) => {
          void reload();
          if (created) setShowing(site);
        }}
      />
      <Modal
        open={showing !== null}
        title={t('routingSetup.site.embedTitle', { name: showing?.name ?? '' })}
        onCancel={() => setShowing(null)}
        footer={null}
        width={680}
      >
        {showing && <EmbedCode site={showing} />}
      </Modal>
    </>
  );
}
