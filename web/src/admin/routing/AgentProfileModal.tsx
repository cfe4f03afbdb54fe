import { App, Col, Form, InputNumber, Modal, Row } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { SkillLevelsField } from './SkillLevelsField.tsx';
import type { AgentProfile, Skill } from './setup-types.ts';

export interface AgentRow extends AgentProfile {
  id: string;
  displayName: string;
  /** False for a user who has no agent profile yet: saving creates one. */
  hasProfile: boolean;
}

/** A voice call is exclusive, so at most one at a time; chats and emails may run side by side. */
const CAPACITY_MAX = { voice: 1, chat: 20, email: 50 } as const;

/** Sets an agent's skills with levels and how many interactions they take at once per channel. */
export function AgentProfileModal({
  agent,
  skills,
  onClose,
  onSaved,
}: {
  agent: AgentRow | null;
  skills: Skill[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [form] = Form.useForm<AgentProfile>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!agent) return;
    form.resetFields();
    form.setFieldsValue({ skills: agent.skills, capacity: agent.capacity });
  }, [agent, form]);

  const save = async (values: AgentProfile) => {
    if (!agent) return;
    setSaving(true);
    try {
      await api('PUT', `/api/v1/agents/${agent.id}`, {
        skills: (values.skills ?? []).map((s) => ({ skill: s.skill.trim(), level: s.level })),
        capacity: values.capacity,
      });
      void message.success(t('routingSetup.agent.saved'));
      onSaved();
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={agent !== null}
      title={t('routingSetup.agent.editTitle', { name: agent?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      okButtonProps={{ loading: saving, 'data-testid': 'agent-save' }}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} data-testid="agent-form">
        <Form.Item label={t('routingSetup.agent.skills')} extra={t('routingSetup.agent.skillsHint')}>
          <SkillLevelsField name="skills" levelKey="level" skills={skills} />
        </Form.Item>
        <Form.Item
          label={t('routingSetup.agent.capacity')}
          extra={t('routingSetup.agent.capacityHint')}
          style={{ marginBottom: 0 }}
        >
          <Row gutter={12}>
            {(['voice', 'chat', 'email'] as const).map((c) => (
              <Col span={8} key={c}>
                <Form.Item name={['capacity', c]} rules={[{ required: true }]}>
                  <InputNumber
                    min={0}
                    max={CAPACITY_MAX[c]}
                    precision={0}
                    prefix={t(`channels.${c}`)}
                    style={{ width: '100%' }}
                    data-testid={`capacity-${c}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form.Item>
      </Form>
    </Modal>
  );
}
