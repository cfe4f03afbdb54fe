import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { CustomerSummary, Page } from '../api/types.ts';
import { can, useAuth } from '../auth/auth-context.tsx';
import { date, money } from '../i18n/format.ts';

interface Facets {
  tags: { value: string; count: number }[];
  regions: { province: string; city: string | null; count: number }[];
}

/** Search and filter customers; click a row to open the card. */
export function CustomerList() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState<string>();
  const [province, setProvince] = useState<string>();
  const [rows, setRows] = useState<CustomerSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [facets, setFacets] = useState<Facets>({ tags: [], regions: [] });
  const [creating, setCreating] = useState(false);

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      const params = new URLSearchParams({ limit: '50' });
      if (q.trim()) params.set('q', q.trim());
      if (tag) params.set('tag', tag);
      if (province) params.set('province', province);
      if (after) params.set('cursor', after);
      try {
        const page = await api<Page<CustomerSummary>>('GET', `/api/v1/customers?${params}`);
        setRows((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        message.error(t('common.error', { message: (err as Error).message }));
      } finally {
        setLoading(false);
      }
    },
    [q, tag, province, message, t],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters change, not on every keystroke
  useEffect(() => {
    void load(null);
  }, [tag, province]);
  useEffect(() => {
    api<Facets>('GET', '/api/v1/customers/facets').then(setFacets, () => undefined);
  }, []);

  const provinces = [...new Set(facets.regions.map((r) => r.province))];

  async function create(values: { name: string; phone?: string; email?: string; company?: string }) {
    try {
      const contacts = [
        ...(values.phone ? [{ kind: 'phone', value: values.phone }] : []),
        ...(values.email ? [{ kind: 'email', value: values.email }] : []),
      ];
      const created = await api<{ id: string }>('POST', '/api/v1/customers', {
        name: values.name,
        company: values.company || null,
        contacts,
      });
      setCreating(false);
      navigate(`/customers/${created.id}`);
    } catch (err) {
      message.error((err as Error).message);
    }
  }

  return (
    <Card
      title={t('customers.title')}
      extra={
        can.write(me) && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="customer-new"
          >
            {t('customers.new')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          style={{ width: 360 }}
          placeholder={t('customers.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onPressEnter={() => void load(null)}
          data-testid="customer-search"
        />
        <Button onClick={() => void load(null)}>{t('common.search')}</Button>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('customers.filterTag')}
          value={tag}
          onChange={setTag}
          options={facets.tags.map((x) => ({ value: x.value, label: `${x.value} (${x.count})` }))}
        />
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('customers.filterProvince')}
          value={province}
          onChange={setProvince}
          options={provinces.map((p) => ({ value: p, label: p }))}
        />
      </Space>
      <Table<CustomerSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        pagination={false}
        onRow={(row) =>
          ({
            onClick: () => navigate(`/customers/${row.id}`),
            style: { cursor: 'pointer' },
            'data-testid': 'customer-row',
          }) as never
        }
        columns={[
          {
            title: t('customers.name'),
            dataIndex: 'name',
            render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
          },
          { title: t('customers.phone'), dataIndex: 'primaryPhone', render: (v: string | null) => v ?? '—' },
          { title: t('customers.company'), dataIndex: 'company', render: (v: string | null) => v ?? '—' },
          {
            title: t('customers.region'),
            render: (_, r) => [r.province, r.city].filter(Boolean).join(' ') || '—',
          },
          {
            title: t('customers.tags'),
            dataIndex: 'tags',
            render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>),
          },
          { title: t('customers.orders'), dataIndex: 'orderCount', align: 'right' },
          {
            title: t('customers.lifetime'),
            align: 'right',
            render: (_, r) => money(r.lifetimeValueMinor, r.currency),
          },
          { title: t('customers.created'), dataIndex: 'createdAt', render: (v: string) => date(v) },
        ]}
      />
      <div style={{ marginTop: 12, display: 'flex', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">{t('customers.count', { count: rows.length })}</Typography.Text>
        {cursor && <Button onClick={() => void load(cursor)}>{t('common.loadMore')}</Button>}
      </div>
      <Modal
        title={t('customers.new')}
        open={creating}
        onCancel={() => setCreating(false)}
        footer={null}
        destroyOnHidden
      >
        <Form layout="vertical" onFinish={create}>
          <Form.Item name="name" label={t('customers.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('customers.phone')}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('customers.email')}>
            <Input />
          </Form.Item>
          <Form.Item name="company" label={t('customers.company')}>
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
