import { PauseCircleOutlined, PlayCircleOutlined, SwapOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Modal, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Agent } from '../../api/routing-types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { AgentStateTag } from '../../floor/AgentStateTag.tsx';
import type { VoiceCall } from './call-types.ts';

/**
 * What the agent does to a connected call from the desktop: hold and resume, and (inbound) an
 * attended transfer: consult a colleague (their phone rings, the caller hears music), then put the
 * caller through to them or drop the consultation. A blind transfer is the pane's Transfer
 * button. The phones carry the audio; the server tells us the call's state, so the buttons
 * follow what really happened rather than what was clicked.
 */
export function CallControls({
  call,
  selfId,
  onChanged,
}: {
  call: VoiceCall;
  selfId: string;
  onChanged: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [busy, setBusy] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [colleague, setColleague] = useState<string>();

  useEffect(() => {
    if (!picking && !call.consult) return;
    api<{ items: Agent[] }>('GET', '/api/v1/agents')
      .then((res) => setAgents(res.items.filter((a) => a.id !== selfId)))
      .catch(() => setAgents([]));
  }, [picking, call.consult, selfId]);

  /** Sends one action, then looks again once the edge has had a moment to carry it out. */
  const act = async (key: string, url: string, body?: unknown): Promise<boolean> => {
    setBusy(key);
    const ok = await api('POST', url, body).then(
      () => true,
      (err: unknown) => {
        showError(err);
        return false;
      },
    );
    if (ok) await new Promise((r) => setTimeout(r, 500)).then(onChanged);
    setBusy(null);
    return ok;
  };
  const base = `/api/v1/voice/calls/${call.id}`;
  const consultName =
    agents.find((a) => a.id === call.consult?.agentId)?.displayName ?? t('voiceCalls.colleague');

  return (
    <div className="call-controls" data-testid="call-controls">
      <Space wrap size="small">
        {call.onHold ? (
          <Button
            size="small"
            icon={<PlayCircleOutlined />}
            loading={busy === 'resume'}
            onClick={() => void act('resume', `${base}/resume`)}
            data-testid="call-resume"
          >
            {t('voiceCalls.resume')}
          </Button>
        ) : (
          <Button
            size="small"
            icon={<PauseCircleOutlined />}
            loading={busy === 'hold'}
            onClick={() => void act('hold', `${base}/hold`)}
            data-testid="call-hold"
          >
            {t('voiceCalls.hold')}
          </Button>
        )}
        {/* Consulting (an attended transfer) is for inbound calls. */}
        {!call.consult && call.direction === 'inbound' && (
          <Button
            size="small"
            icon={<TeamOutlined />}
            onClick={() => setPicking(true)}
            data-testid="call-consult"
          >
            {t('voiceCalls.consult')}
          </Button>
        )}
      </Space>
      {call.consult && (
        <div className="call-consult" data-testid="call-consult-state">
          <Tag color={call.consult.answered ? 'green' : 'gold'}>
            {t(call.consult.answered ? 'voiceCalls.consultTalking' : 'voiceCalls.consultRinging', {
              name: consultName,
            })}
          </Tag>
          <Space size="small">
            <Button
              size="small"
              type="primary"
              icon={<SwapOutlined />}
              disabled={!call.consult.answered}
              loading={busy === 'complete'}
              onClick={() =>
                void act('complete', `/api/v1/interactions/${call.interactionId}/transfer`, {
                  agentId: call.consult?.agentId,
                })
              }
              data-testid="call-complete-transfer"
            >
              {t('voiceCalls.completeTransfer')}
            </Button>
            <Button
              size="small"
              loading={busy === 'cancel'}
              onClick={() => void act('cancel', `${base}/consult/cancel`)}
              data-testid="call-cancel-consult"
            >
              {t('voiceCalls.cancelConsult')}
            </Button>
          </Space>
        </div>
      )}
      {call.listeners.length > 0 && (
        <Typography.Text type="secondary" className="small" data-testid="call-listened">
          {t('voiceCalls.listenedIn')}
        </Typography.Text>
      )}
      <Modal
        open={picking}
        title={t('voiceCalls.consultTitle')}
        onCancel={() => setPicking(false)}
        okText={t('voiceCalls.consultCall')}
        okButtonProps={{ disabled: !colleague, loading: busy === 'consult', id: 'consult-ok' }}
        onOk={() =>
          void act('consult', `${base}/consult`, { agentId: colleague }).then((ok) => ok && setPicking(false))
        }
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('voiceCalls.consultHelp')}</Typography.Paragraph>
        <Select
          showSearch
          style={{ width: '100%' }}
          placeholder={t('voiceCalls.pickColleague')}
          value={colleague}
          onChange={setColleague}
          optionFilterProp="label"
          data-testid="consult-agent"
          options={agents.map((a) => ({
            value: a.id,
            label: a.displayName,
            title: a.displayName,
          }))}
          optionRender={(option) => {
            const agent = agents.find((a) => a.id === option.value);
            return (
              <Space>
                {agent?.displayName}
                {agent && <AgentStateTag state={agent.state} />}
              </Space>
            );
          }}
        />
      </Modal>
    </div>
  );
}
