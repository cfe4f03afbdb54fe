import { DeleteOutlined, EyeOutlined, StarFilled } from '@ant-design/icons';
import {
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  List,
  Popconfirm,
  Select,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Contact } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { CallButton } from '../../voice/outbound/CallButton.tsx';

const KINDS = ['phone', 'email', 'chat'] as const;

interface NewContact {
  kind: Contact['kind'];
  value: string;
  label?: string;
  isPrimary?: boolean;
}

/**
 * Phones, emails and chat ids. Agents and analysts get phones masked; "show" asks the
 * server for the full number, which it records in the change history.
 */
export function ContactsSection({
  customerId,
  contacts,
  canWrite,
  onChanged,
}: {
  customerId: string;
  contacts: Contact[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [form] = Form.useForm<NewContact>();
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
      onChanged();
    } catch (err) {
      showError(err);
    }
  };

  const reveal = (c: Contact) =>
    run(async () => {
      const res = await api<{ value: string }>(
        'POST',
        `/api/v1/customers/${customerId}/contacts/${c.id}/reveal`,
      );
      setRevealed((r) => ({ ...r, [c.id]: res.value }));
    });

  async function add(v: NewContact) {
    setBusy(true);
    await run(async () => {
      await api('POST', `/api/v1/customers/${customerId}/contacts`, {
        kind: v.kind,
        value: v.value.trim(),
        label: v.label?.trim() || null,
        isPrimary: !!v.isPrimary,
      });
      form.resetFields();
    });
    setBusy(false);
  }

  return (
    <Card title={t('card.contacts')} size="small" data-testid="card-contacts">
      <List
        size="small"
        dataSource={contacts}
        locale={{ emptyText: t('card.noContacts') }}
        renderItem={(c) => (
          <List.Item
            actions={[
              c.kind === 'phone' && <CallButton key="call" customerId={customerId} contactId={c.id} />,
              c.masked && !revealed[c.id] && (
                <Button
                  key="reveal"
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => void reveal(c)}
                  data-testid="contact-reveal"
                >
                  {t('card.reveal')}
                </Button>
              ),
              canWrite && (
                <Popconfirm
                  key="remove"
                  title={t('card.removeContact')}
                  okText={t('common.delete')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    run(() => api('DELETE', `/api/v1/customers/${customerId}/contacts/${c.id}`))
                  }
                >
                  <Button
                    size="small"
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                  />
                </Popconfirm>
              ),
            ].filter(Boolean)}
          >
            <span className="contact-line">
              <Tag>{t(`card.${c.kind}`)}</Tag>
              <Typography.Text className="contact-value" copyable={!!revealed[c.id] || !c.masked}>
                {revealed[c.id] ?? c.value}
              </Typography.Text>
              {c.isPrimary && contacts.filter((x) => x.kind === c.kind).length > 1 && (
                <Tooltip title={t('card.primary')}>
                  <StarFilled style={{ color: '#faad14', marginLeft: 6 }} />
                </Tooltip>
              )}
              {c.label && <Typography.Text type="secondary"> · {c.label}</Typography.Text>}
            </span>
          </List.Item>
        )}
      />
      {canWrite && (
        <Form
          form={form}
          className="inline-form"
          initialValues={{ kind: 'phone' }}
          onFinish={(v) => void add(v)}
        >
          <Form.Item name="kind">
            <Select
              style={{ width: 96 }}
              options={KINDS.map((k) => ({ value: k, label: t(`card.${k}`) }))}
              aria-label={t('card.kind')}
            />
          </Form.Item>
          <Form.Item
            name="value"
            rules={[{ required: true, whitespace: true, message: t('card.valueRequired') }]}
          >
            <Input placeholder={t('card.value')} style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="label">
            <Input placeholder={t('card.label')} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="isPrimary" valuePropName="checked">
            <Checkbox>{t('card.primary')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('common.add')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
