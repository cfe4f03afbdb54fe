import { Alert, Button, Col, DatePicker, Form, Input, Row, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { isVersionConflict } from '../../api/error-text.ts';
import type { Customer } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';

interface Values {
  name: string;
  company?: string;
  externalRef?: string;
  gender?: Customer['gender'];
  birthday?: Dayjs | null;
  province?: string;
  city?: string;
  tags: string[];
  doNotCall: boolean;
  marketingOptIn: boolean;
  notes?: string;
}

const blankToNull = (v?: string | null) => (v?.trim() ? v.trim() : null);

/** Form values → the PATCH body's fields (empty text is null, dates are YYYY-MM-DD). */
function toPayload(v: Values): Record<string, unknown> {
  return {
    name: v.name.trim(),
    company: blankToNull(v.company),
    externalRef: blankToNull(v.externalRef),
    gender: v.gender ?? null,
    birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
    province: blankToNull(v.province),
    city: blankToNull(v.city),
    tags: v.tags,
    doNotCall: v.doNotCall,
    marketingOptIn: v.marketingOptIn,
    notes: blankToNull(v.notes),
  };
}

function toValues(c: Customer): Values {
  return {
    name: c.name,
    company: c.company ?? '',
    externalRef: c.externalRef ?? '',
    gender: c.gender,
    birthday: c.birthday ? dayjs(c.birthday) : null,
    province: c.province ?? '',
    city: c.city ?? '',
    tags: c.tags,
    doNotCall: c.doNotCall,
    marketingOptIn: c.marketingOptIn,
    notes: c.notes ?? '',
  };
}

/**
 * Edits the profile with the version the user started from. If someone saved in between,
 * the server refuses (409): the user's edits stay in the form, and they choose to load the
 * other person's version or to save theirs over it.
 */
export function ProfileForm({
  customer,
  onSaved,
  onCancel,
}: {
  customer: Customer;
  onSaved: (fresh: Customer) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [form] = Form.useForm<Values>();
  // The version the edits are based on (refs, so a save right after a choice reads them).
  const baseVersion = useRef(customer.version);
  const baseCustomer = useRef(customer);
  const [theirs, setTheirs] = useState<Customer | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(v: Values) {
    // Only what the user changed is sent: saving over someone else's edit then keeps
    // their other fields, and the change history shows just this user's changes.
    const base = toPayload(toValues(baseCustomer.current));
    const mine = toPayload(v);
    const changed = Object.fromEntries(
      Object.entries(mine).filter(([k, value]) => JSON.stringify(value) !== JSON.stringify(base[k])),
    );
    if (Object.keys(changed).length === 0) return onCancel();
    setBusy(true);
    try {
      const fresh = await api<Customer>('PATCH', `/api/v1/customers/${customer.id}`, {
        ...changed,
        version: baseVersion.current,
      });
      onSaved(fresh);
    } catch (err) {
      if (isVersionConflict(err)) {
        setTheirs(await api<Customer>('GET', `/api/v1/customers/${customer.id}`).catch(() => null));
      } else showError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" initialValues={toValues(customer)} onFinish={(v) => void save(v)}>
      {theirs && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('card.conflictTitle')}
          description={t('card.conflictText')}
          data-testid="profile-conflict"
          action={
            <Space orientation="vertical">
              <Button
                size="small"
                onClick={() => {
                  form.setFieldsValue(toValues(theirs));
                  baseVersion.current = theirs.version;
                  baseCustomer.current = theirs;
                  setTheirs(null);
                }}
              >
                {t('card.conflictLoadTheirs')}
              </Button>
              <Button
                size="small"
                type="primary"
                danger
                onClick={() => {
                  baseVersion.current = theirs.version;
                  setTheirs(null);
                  form.submit();
                }}
              >
                {t('card.conflictKeepMine')}
              </Button>
            </Space>
          }
        />
      )}
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="name"
            label={t('customers.name')}
            rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }]}
          >
            <Input data-testid="profile-name" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="company" label={t('customers.company')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="externalRef" label={t('card.externalRef')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="gender" label={t('card.gender')}>
            <Select
              allowClear
              options={(['male', 'female', 'other'] as const).map((g) => ({
                value: g,
                label: t(`card.genders.${g}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="birthday" label={t('card.birthday')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="province" label={t('customers.province')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="city" label={t('customers.city')}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="doNotCall" label={t('customers.doNotCall')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={4}>
          <Form.Item name="marketingOptIn" label={t('customers.marketingOptIn')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="tags" label={t('customers.tags')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="notes" label={t('card.notes')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        </Col>
      </Row>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="profile-save">
          {t('common.save')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
