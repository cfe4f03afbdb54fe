import { Alert, Button, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../../api/client.ts';
import { errorText } from '../../api/error-text.ts';

export interface NewCustomerValues {
  name: string;
  phone?: string;
  email?: string;
  company?: string;
  province?: string;
  city?: string;
  tags?: string[];
}

const blankToNull = (v?: string) => (v?.trim() ? v.trim() : null);

/**
 * The short form an agent fills in while the caller waits. A phone or email that already
 * belongs to someone is reported on its field, with a link to that customer's card.
 */
export function NewCustomerModal({
  open,
  onClose,
  onCreated,
  initial,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
  /** Prefilled fields (the agent desktop passes what the chat or email told about the customer). */
  initial?: Partial<NewCustomerValues>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewCustomerValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ text: string; customerId?: string } | null>(null);

  async function submit(values: NewCustomerValues) {
    const contacts: { field: keyof NewCustomerValues; kind: string; value: string }[] = [];
    if (values.phone?.trim()) contacts.push({ field: 'phone', kind: 'phone', value: values.phone.trim() });
    if (values.email?.trim()) contacts.push({ field: 'email', kind: 'email', value: values.email.trim() });
    setBusy(true);
    setFailure(null);
    try {
      const created = await api<{ id: string }>('POST', '/api/v1/customers', {
        name: values.name.trim(),
        company: blankToNull(values.company),
        province: blankToNull(values.province),
        city: blankToNull(values.city),
        tags: values.tags ?? [],
        contacts: contacts.map(({ kind, value }) => ({ kind, value })),
      });
      form.resetFields();
      onCreated(created.id);
    } catch (err) {
      const text = errorText(err, t);
      const details =
        err instanceof ApiError ? (err.details as { path?: string; customerId?: string }) : null;
      const path = Array.isArray(details) ? (details[0] as { path?: string }).path : details?.path;
      const index = /^contacts\.(\d+)/.exec(path ?? '')?.[1];
      const field = index === undefined ? undefined : contacts[Number(index)]?.field;
      if (field) form.setFields([{ name: field, errors: [text] }]);
      setFailure({ text, customerId: details && !Array.isArray(details) ? details.customerId : undefined });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={t('customers.new')}
      open={open}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={busy}
          onClick={() => form.submit()}
          data-testid="customer-save"
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      {failure && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={failure.text}
          action={
            failure.customerId && (
              <Link to={`/customers/${failure.customerId}`} onClick={onClose}>
                {t('customers.openExisting')}
              </Link>
            )
          }
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        requiredMark="optional"
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('customers.name')}
              rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }]}
            >
              <Input autoFocus data-testid="new-customer-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="company" label={t('customers.company')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('customers.phone')} extra={t('customers.phoneHint')}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="email"
              label={t('customers.email')}
              rules={[{ type: 'email', message: t('errors.invalidEmail') }]}
            >
              <Input inputMode="email" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="province" label={t('customers.province')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="city" label={t('customers.city')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('customers.tags')}>
              <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
