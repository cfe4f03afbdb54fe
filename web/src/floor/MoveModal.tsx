import { Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Agent, Channel, Queue } from '../api/routing-types.ts';
import { AgentStateTag } from './AgentStateTag.tsx';

export interface MoveTarget {
  queueId?: string;
  agentId?: string;
  note?: string;
}

/**
 * Hands an interaction on: to a queue (it waits there again, keeping its place) or straight to
 * an agent (it rings at them), with a note for whoever takes it. Supervisors reassign a waiting
 * contact with the same dialog. Only queues that take the channel are offered; agents show
 * their state and load, and the server refuses one who cannot take it.
 */
export function MoveModal({
  open,
  title,
  channel,
  queues,
  exceptAgentId,
  onClose,
  onMove,
}: {
  open: boolean;
  title: string;
  channel: Channel;
  queues: Pick<Queue, 'id' | 'name' | 'channels'>[];
  exceptAgentId?: string | null;
  onClose: () => void;
  onMove: (target: MoveTarget) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [to, setTo] = useState<'queue' | 'agent'>('queue');
  const [queueId, setQueueId] = useState<string>();
  const [agentId, setAgentId] = useState<string>();
  const [note, setNote] = useState('');
  const [agents, setAgents] = useState<Agent[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    setQueueId(undefined);
    setAgentId(undefined);
    setNote('');
    api<{ items: Agent[] }>('GET', '/api/v1/agents')
      .then((res) => setAgents(res.items.filter((a) => a.id !== exceptAgentId)))
      .catch(() => setAgents([]));
  }, [open, exceptAgentId]);

  const ready = to === 'queue' ? !!queueId : !!agentId;
  const submit = async () => {
    setBusy(true);
    const target = to === 'queue' ? { queueId } : { agentId };
    const ok = await onMove({ ...target, ...(note.trim() ? { note: note.trim() } : {}) });
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ disabled: !ready, loading: busy }}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item>
          <Radio.Group value={to} onChange={(e) => setTo(e.target.value)} optionType="button">
            <Radio value="queue">{t('floor.toQueue')}</Radio>
            <Radio value="agent">{t('floor.toAgent')}</Radio>
          </Radio.Group>
        </Form.Item>
        {to === 'queue' ? (
          <Form.Item label={t('floor.queue')}>
            <Select
              value={queueId}
              onChange={setQueueId}
              options={queues
                .filter((q) => q.channels.includes(channel))
                .map((q) => ({ value: q.id, label: q.name }))}
              data-testid="transfer-queue"
            />
          </Form.Item>
        ) : (
          <Form.Item label={t('floor.agent')}>
            <Select
              value={agentId}
              onChange={setAgentId}
              showSearch={{ optionFilterProp: 'title' }}
              options={agents.map((a) => ({
                value: a.id,
                title: a.displayName,
                label: (
                  <Space>
                    {a.displayName}
                    <AgentStateTag state={a.state} />
                    <span className="muted small">
                      {t(`channels.${channel}`)} {a.load[channel]}/{a.capacity[channel]}
                    </span>
                  </Space>
                ),
              }))}
              data-testid="transfer-agent"
            />
          </Form.Item>
        )}
        <Form.Item label={t('floor.note')}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={1000}
            autoSize={{ minRows: 2 }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
