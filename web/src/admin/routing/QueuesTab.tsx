import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Table, Tag } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { ChannelIcon } from '../../floor/ChannelIcon.tsx';
import { QueueDrawer } from './QueueDrawer.tsx';
import { QueueHours } from './QueueHours.tsx';
import type { QueueDetail, Skill } from './setup-types.ts';

/** The tenant's queues with their settings at a glance; managers add, change and delete them. */
export function QueuesTab({
  queues,
  skills,
  editable,
  onChanged,
}: {
  queues: QueueDetail[] | null;
  skills: Skill[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [editing, setEditing] = useState<QueueDetail | 'new' | null>(null);
  const nameOf = (id: string | null) => queues?.find((q) => q.id === id)?.name ?? '—';
  const secs = (n: number | null) => (n === null ? '—' : t('routingSetup.secondsValue', { count: n }));

  const remove = async (queue: QueueDetail) => {
    try {
      await api('DELETE', `/api/v1/queues/${queue.id}`);
      void message.success(t('routingSetup.queue.deleted'));
      onChanged();
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
            data-testid="queue-new"
          >
            {t('routingSetup.queue.new')}
          </Button>
        </div>
      )}
      <Table<QueueDetail>
        rowKey="id"
        size="middle"
        loading={!queues}
        dataSource={queues ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(q) => ({ 'data-testid': `queue-row-${q.code}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('routingSetup.queue.name'), dataIndex: 'name', fixed: 'left' },
          { title: t('routingSetup.queue.code'), dataIndex: 'code', render: (c: string) => <code>{c}</code> },
          {
            title: t('routingSetup.queue.channels'),
            dataIndex: 'channels',
            render: (_, q) => (
              <Space size={6}>
                {q.channels.map((c) => (
                  <ChannelIcon key={c} channel={c} />
                ))}
              </Space>
            ),
          },
          { title: t('routingSetup.queue.priority'), dataIndex: 'priority', align: 'right' },
          {
            title: t('routingSetup.queue.requiredSkills'),
            dataIndex: 'requiredSkills',
            render: (_, q) =>
              q.requiredSkills.length === 0
                ? '—'
                : q.requiredSkills.map((r) => (
                    <Tag key={r.skill}>
                      {r.skill} ≥ {r.minLevel}
                    </Tag>
                  )),
          },
          { title: t('routingSetup.queue.hours'), key: 'hours', render: (_, q) => <QueueHours queue={q} /> },
          {
            title: t('routingSetup.queue.serviceLevel'),
            key: 'sl',
            render: (_, q) => (
              <span className="nowrap">
                {t('routingSetup.queue.slValue', {
                  percent: q.serviceLevel.percent,
                  seconds: q.serviceLevel.withinSeconds,
                })}
              </span>
            ),
          },
          { title: t('routingSetup.queue.maxWait'), dataIndex: 'maxWaitSeconds', render: secs },
          { title: t('routingSetup.queue.overflow'), dataIndex: 'overflowQueueId', render: nameOf },
          { title: t('routingSetup.queue.wrapUp'), dataIndex: 'wrapUpSeconds', render: secs },
          ...(editable
            ? [
                {
                  key: 'actions',
                  fixed: 'right' as const,
                  render: (_: unknown, q: QueueDetail) => (
                    <Space size={0}>
                      <Button type="link" onClick={() => setEditing(q)} data-testid="queue-edit">
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('routingSetup.queue.deleteConfirm', { name: q.name })}
                        onConfirm={() => remove(q)}
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
      <QueueDrawer
        open={editing !== null}
        queue={editing === 'new' ? null : editing}
        queues={queues ?? []}
        skills={skills}
        onClose={() => setEditing(null)}
        onSaved={onChanged}
      />
    </>
  );
}
