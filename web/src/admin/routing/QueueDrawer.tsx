import {
  App,
  Button,
  Checkbox,
  Col,
  Collapse,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { BusinessHoursField } from './BusinessHoursField.tsx';
import { type QueueFormValues, toFormValues, toQueueBody } from './queue-form-values.ts';
import { SkillLevelsField } from './SkillLevelsField.tsx';
import { CHANNELS, type QueueDetail, type Skill } from './setup-types.ts';
import { TierRulesField } from './TierRulesField.tsx';

const TIME_ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
const seconds = { min: 0, precision: 0, style: { width: '100%' } } as const;

/**
 * Creates a queue (`queue` null) or changes one: what it serves, the skills it needs, when it
 * is open, its service-level target, when it overflows, and what customers are told outside
 * its hours.
 */
export function QueueDrawer({
  open,
  queue,
  queues,
  skills,
  onClose,
  onSaved,
}: {
  open: boolean;
  queue: QueueDetail | null;
  queues: QueueDetail[];
  skills: Skill[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [form] = Form.useForm<QueueFormValues>();
  const [saving, setSaving] = useState(false);
  const alwaysOpen = Form.useWatch('alwaysOpen', form);
  const channels = Form.useWatch('channels', form) ?? [];
  const maxWait = Form.useWatch('maxWaitSeconds', form);
  const initial = useMemo(() => toFormValues(queue), [queue]);

  useEffect(() => {
    // The form instance outlives the drawer's content: start from a clean slate each time.
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initial);
  }, [open, initial, form]);

  const save = async (values: QueueFormValues) => {
    setSaving(true);
    try {
      const body = toQueueBody(values, form.isFieldsTouched([['tierRules']]));
      if (queue) await api('PATCH', `/api/v1/queues/${queue.id}`, body);
      else await api('POST', '/api/v1/queues', body);
      void message.success(t('routingSetup.queue.saved'));
      onSaved();
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      size={760}
      title={
        queue ? t('routingSetup.queue.editTitle', { name: queue.name }) : t('routingSetup.queue.newTitle')
      }
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="queue-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void save(v)}
        data-testid="queue-form"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('routingSetup.queue.name')}
              rules={[{ required: true, whitespace: true, max: 100 }]}
            >
              <Input data-testid="queue-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="code"
              label={t('routingSetup.queue.code')}
              extra={t('routingSetup.queue.codeHint')}
              rules={[
                {
                  required: true,
                  pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/,
                  message: t('routingSetup.skills.codeFormat'),
                },
              ]}
            >
              <Input data-testid="queue-code" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="channels"
              label={t('routingSetup.queue.channels')}
              rules={[{ required: true, type: 'array', min: 1 }]}
            >
              <Checkbox.Group
                options={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
                data-testid="queue-channels"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="priority"
              label={t('routingSetup.queue.priority')}
              extra={t('routingSetup.queue.priorityHint')}
            >
              <InputNumber min={-100} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('routingSetup.queue.requiredSkills')}
          extra={t('routingSetup.queue.requiredSkillsHint')}
        >
          <SkillLevelsField name="requiredSkills" levelKey="minLevel" skills={skills} />
        </Form.Item>

        <Divider titlePlacement="start" className="rs-hours-section">
          {t('routingSetup.queue.hours')}
        </Divider>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="alwaysOpen" label={t('routingSetup.queue.alwaysOpen')} valuePropName="checked">
              <Switch data-testid="queue-always-open" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="timeZone" label={t('routingSetup.queue.timeZone')}>
              <Select
                allowClear
                showSearch
                placeholder={t('routingSetup.queue.tenantTimeZone')}
                options={TIME_ZONES.map((z) => ({ value: z, label: z }))}
                disabled={alwaysOpen}
                data-testid="queue-time-zone"
              />
            </Form.Item>
          </Col>
        </Row>
        {!alwaysOpen && (
          <>
            <Form.Item label={t('routingSetup.queue.businessHours')}>
              <BusinessHoursField />
            </Form.Item>
            <Form.Item
              name="holidays"
              label={t('routingSetup.queue.holidays')}
              extra={t('routingSetup.queue.holidaysHint')}
            >
              <DatePicker multiple format="YYYY-MM-DD" style={{ width: '100%' }} className="rs-holidays" />
            </Form.Item>
          </>
        )}

        <Divider titlePlacement="start">{t('routingSetup.queue.targets')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              label={t('routingSetup.queue.serviceLevel')}
              extra={t('routingSetup.queue.serviceLevelHint')}
            >
              <Space.Compact>
                <Form.Item name={['serviceLevel', 'percent']} noStyle rules={[{ required: true }]}>
                  <InputNumber
                    min={1}
                    max={100}
                    precision={0}
                    suffix="%"
                    style={{ width: 110 }}
                    data-testid="queue-sl-percent"
                  />
                </Form.Item>
                <Form.Item name={['serviceLevel', 'withinSeconds']} noStyle rules={[{ required: true }]}>
                  <InputNumber
                    min={1}
                    max={3600}
                    precision={0}
                    prefix={t('routingSetup.queue.within')}
                    suffix={t('routingSetup.queue.withinSuffix')}
                    style={{ width: 170 }}
                    data-testid="queue-sl-seconds"
                  />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="wrapUpSeconds"
              label={t('routingSetup.queue.wrapUp')}
              rules={[{ required: true }]}
            >
              <InputNumber
                {...seconds}
                max={3600}
                suffix={t('routingSetup.seconds')}
                data-testid="queue-wrap-up"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="maxWaitSeconds"
              label={t('routingSetup.queue.maxWait')}
              extra={t('routingSetup.queue.maxWaitHint')}
            >
              <InputNumber
                {...seconds}
                min={1}
                max={86_400}
                suffix={t('routingSetup.seconds')}
                data-testid="queue-max-wait"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="overflowQueueId" label={t('routingSetup.queue.overflow')}>
              <Select
                allowClear
                disabled={!maxWait}
                placeholder={t('routingSetup.queue.noOverflow')}
                options={queues
                  .filter((q) => q.id !== queue?.id)
                  .map((q) => ({ value: q.id, label: q.name }))}
                data-testid="queue-overflow"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="stickyWaitSeconds"
              label={t('routingSetup.queue.stickyWait')}
              extra={t('routingSetup.queue.stickyWaitHint')}
            >
              <InputNumber {...seconds} max={3600} suffix={t('routingSetup.seconds')} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('routingSetup.queue.afterHours')}</Divider>
        <Form.Item
          name="offlineMessage"
          label={t('routingSetup.queue.offlineMessage')}
          extra={t('routingSetup.queue.offlineMessageHint')}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} disabled={!channels.includes('chat')} />
        </Form.Item>
        <Form.Item
          name="emailAutoReply"
          label={t('routingSetup.queue.emailAutoReply')}
          extra={t('routingSetup.queue.emailAutoReplyHint')}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={5000} disabled={!channels.includes('email')} />
        </Form.Item>

        <Collapse
          size="small"
          items={[
            {
              key: 'tiers',
              label: t('routingSetup.queue.tierRules'),
              children: <TierRulesField />,
              forceRender: true,
            },
          ]}
        />
      </Form>
    </Drawer>
  );
}
