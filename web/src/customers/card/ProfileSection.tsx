import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { Customer } from '../../api/types.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { date, dateTime } from '../../i18n/format.ts';
import { ProfileForm } from './ProfileForm.tsx';

const dash = (v: string | null | undefined) => v || '—';

/** Who the customer is: name, tags and consent up top; the profile below, editable by writers. */
export function ProfileSection({
  customer,
  canWrite,
  canDelete,
  onSaved,
}: {
  customer: Customer;
  canWrite: boolean;
  canDelete: boolean;
  onSaved: (fresh: Customer) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);

  async function remove() {
    try {
      await api('DELETE', `/api/v1/customers/${customer.id}`);
      message.success(t('card.deleted', { name: customer.name }));
      navigate('/customers');
    } catch (err) {
      showError(err);
    }
  }

  return (
    <Card
      size="small"
      title={
        <div className="card-title">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-card-name">
            {customer.name}
          </Typography.Title>
          {customer.doNotCall && <Tag color="red">{t('customers.doNotCall')}</Tag>}
          {customer.tags.map((x) => (
            <Tag key={x}>{x}</Tag>
          ))}
        </div>
      }
      extra={
        !editing && (
          <Space>
            {canWrite && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="profile-edit">
                {t('common.edit')}
              </Button>
            )}
            {canDelete && (
              <Popconfirm
                title={t('card.deleteTitle', { name: customer.name })}
                description={t('card.deleteText')}
                okText={t('common.delete')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove()}
              >
                <Button danger icon={<DeleteOutlined />} data-testid="customer-delete">
                  {t('card.deleteCustomer')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {editing ? (
        <ProfileForm
          customer={customer}
          onCancel={() => setEditing(false)}
          onSaved={(fresh) => {
            setEditing(false);
            message.success(t('common.saved'));
            onSaved(fresh);
          }}
        />
      ) : (
        <Descriptions size="small" column={4} data-testid="card-profile">
          <Descriptions.Item label={t('card.externalRef')}>{dash(customer.externalRef)}</Descriptions.Item>
          <Descriptions.Item label={t('customers.company')}>{dash(customer.company)}</Descriptions.Item>
          <Descriptions.Item label={t('customers.region')}>
            {dash([customer.province, customer.city].filter(Boolean).join(' '))}
          </Descriptions.Item>
          <Descriptions.Item label={t('card.gender')}>
            {customer.gender ? t(`card.genders.${customer.gender}`) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('card.birthday')}>{date(customer.birthday)}</Descriptions.Item>
          <Descriptions.Item label={t('customers.marketingOptIn')}>
            {customer.marketingOptIn ? t('common.yes') : t('common.no')}
          </Descriptions.Item>
          <Descriptions.Item label={t('card.referredBy')}>
            {customer.referredBy ? (
              <Link to={`/customers/${customer.referredBy.id}`}>{customer.referredBy.name}</Link>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.created')}>{dateTime(customer.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('card.notes')} span={4}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
              {dash(customer.notes)}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
