import { Alert, App, Button, Card, Col, Form, InputNumber, Radio, Row, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { can } from '../auth/permissions.ts';

type Rules = Record<string, unknown>;

const VALUE_FIELDS = ['lookbackMonths', 'marginWeight', 'currentValueCut', 'potentialCut', 'newCustomerDays'];
const LIFECYCLE_FIELDS = [
  'repeatWindowDays',
  'loyaltyMinOrders',
  'loyaltyMinCsat',
  'loyaltyMinNps',
  'atRiskIntervalFactor',
  'churnIntervalFactor',
  'defaultIntervalDays',
  'minSilenceDays',
  'complaintOpenDays',
];

/** The tenant's value and lifecycle rules; saving rescores every customer. */
export function RulesPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [value, setValue] = useState<Rules | null>(null);
  const [lifecycle, setLifecycle] = useState<Rules | null>(null);
  const editable = can.administer(me);

  useEffect(() => {
    api<{ rules: Rules }>('GET', '/api/v1/value/rules').then((r) => setValue(r.rules));
    api<{ rules: Rules }>('GET', '/api/v1/lifecycle/rules').then((r) => setLifecycle(r.rules));
  }, []);

  async function save(url: string, rules: Rules) {
    try {
      await api('PUT', url, rules);
      message.success(t('rules.saved'));
    } catch (err) {
      showError(err);
    }
  }

  if (!value || !lifecycle) return <Card loading />;
  return (
    <Row gutter={16}>
      {!editable && (
        <Col span={24}>
          <Alert type="info" showIcon message={t('rules.readOnly')} style={{ marginBottom: 16 }} />
        </Col>
      )}
      <Col span={12}>
        <Card title={t('rules.value')}>
          <Form
            layout="vertical"
            initialValues={value}
            disabled={!editable}
            onFinish={(v) => void save('/api/v1/value/rules', { ...value, ...v })}
          >
            <Form.Item name="method" label={t('rules.method')}>
              <Radio.Group>
                <Radio value="quantile">{t('rules.quantile')}</Radio>
                <Radio value="threshold">{t('rules.threshold')}</Radio>
              </Radio.Group>
            </Form.Item>
            {VALUE_FIELDS.map((f) => (
              <Form.Item key={f} name={f} label={t(`rules.${f}`)}>
                <InputNumber style={{ width: 200 }} step={f === 'marginWeight' ? 0.1 : 1} />
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col span={12}>
        <Card title={t('rules.lifecycle')}>
          <Form
            layout="vertical"
            initialValues={{
              ...lifecycle,
              acquisitionYuan: Number(lifecycle.acquisitionCostMinor) / 100,
              retentionYuan: Number(lifecycle.retentionCostMinor) / 100,
            }}
            disabled={!editable}
            onFinish={({ acquisitionYuan, retentionYuan, ...v }) =>
              void save('/api/v1/lifecycle/rules', {
                ...lifecycle,
                ...v,
                acquisitionCostMinor: Math.round(acquisitionYuan * 100),
                retentionCostMinor: Math.round(retentionYuan * 100),
              })
            }
          >
            <Row gutter={12}>
              {LIFECYCLE_FIELDS.map((f) => (
                <Col span={12} key={f}>
                  <Form.Item name={f} label={t(`rules.${f}`)}>
                    <InputNumber style={{ width: '100%' }} step={f.endsWith('Factor') ? 0.1 : 1} />
                  </Form.Item>
                </Col>
              ))}
              <Col span={12}>
                <Form.Item name="acquisitionYuan" label={t('rules.acquisitionCost')}>
                  <InputNumber style={{ width: '100%' }} min={0} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="retentionYuan" label={t('rules.retentionCost')}>
                  <InputNumber style={{ width: '100%' }} min={0} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="churnOnCancellation"
                  label={t('rules.churnOnCancellation')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit">
              {t('common.save')}
            </Button>
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
