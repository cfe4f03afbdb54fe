import { DeleteOutlined, EyeOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api/client.ts';
import type { AuditEntry, Contact, Customer, Order, Page, Standing, TimelineItem } from '../api/types.ts';
import { can, useAuth } from '../auth/auth-context.tsx';
import { dateTime, date as formatDate, money } from '../i18n/format.ts';
import { StandingPanel } from './StandingPanel.tsx';

const show = (v: unknown) =>
  v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join('、') || '—' : String(v);

/** The 360° customer card: profile, value and stage, contacts, orders, history, timeline. */
export function CustomerCard() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [orders, setOrders] = useState<Order[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const [standing, setStanding] = useState<Standing | null>(null);
  const [editing, setEditing] = useState(false);
  const writer = can.write(me);

  const reload = useCallback(async () => {
    try {
      const [c, o, a, tl, s] = await Promise.all([
        api<Customer>('GET', `/api/v1/customers/${id}`),
        api<Page<Order>>('GET', `/api/v1/customers/${id}/orders?limit=100`),
        api<Page<AuditEntry>>('GET', `/api/v1/customers/${id}/audit?limit=50`),
        api<{ items: TimelineItem[] }>('GET', `/api/v1/customers/${id}/timeline`),
        api<Standing>('GET', `/api/v1/customers/${id}/standing`),
      ]);
      setCustomer(c);
      setOrders(o.items);
      setAudit(a.items);
      setTimeline(tl.items);
      setStanding(s);
    } catch (err) {
      message.error((err as Error).message);
    }
  }, [id, message]);

  // The server words the tier, stage and timeline in the user's language: refetch on a switch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the language is the trigger
  useEffect(() => {
    void reload();
  }, [reload, i18n.language, me?.locale]);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      await reload();
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  if (!customer) return <Card loading />;

  async function saveProfile(values: Record<string, unknown>) {
    await act(async () => {
      await api('PATCH', `/api/v1/customers/${id}`, {
        ...values,
        tags: String(values.tags ?? '')
          .split(/[,，、|]/)
          .map((x) => x.trim())
          .filter(Boolean),
        version: customer!.version,
      });
      setEditing(false);
    });
  }

  async function reveal(contact: Contact) {
    await act(async () => {
      const res = await api<{ value: string }>(
        'POST',
        `/api/v1/customers/${id}/contacts/${contact.id}/reveal`,
      );
      message.info(res.value, 8);
    });
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-card-name">
              {customer.name}
            </Typography.Title>
            {customer.tags.map((x) => (
              <Tag key={x}>{x}</Tag>
            ))}
            {customer.doNotCall && <Tag color="red">{t('customers.doNotCall')}</Tag>}
          </Space>
        }
        extra={
          writer && (
            <Space>
              <Button onClick={() => setEditing(!editing)}>
                {editing ? t('common.cancel') : t('common.edit')}
              </Button>
              {can.manage(me) && (
                <Popconfirm
                  title={t('common.confirmDelete')}
                  onConfirm={() =>
                    void act(async () => {
                      await api('DELETE', `/api/v1/customers/${id}`);
                      message.success(t('card.deleted'));
                      navigate('/customers');
                    })
                  }
                >
                  <Button danger icon={<DeleteOutlined />}>
                    {t('card.deleteCustomer')}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
      >
        {editing ? (
          <Form
            layout="vertical"
            initialValues={{ ...customer, tags: customer.tags.join(', ') }}
            onFinish={(v) => void saveProfile(v)}
          >
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name="name" label={t('customers.name')} rules={[{ required: true }]}>
                  <Input />
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
              <Col span={6}>
                <Form.Item name="province" label={t('customers.province')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="city" label={t('customers.city')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="tags" label={t('customers.tags')}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name="doNotCall" label={t('customers.doNotCall')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item
                  name="marketingOptIn"
                  label={t('customers.marketingOptIn')}
                  valuePropName="checked"
                >
                  <Switch />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="notes" label={t('card.notes')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit">
              {t('common.save')}
            </Button>
          </Form>
        ) : (
          <Row gutter={24}>
            {[
              [t('card.externalRef'), customer.externalRef],
              [t('customers.company'), customer.company],
              [t('customers.region'), [customer.province, customer.city].filter(Boolean).join(' ')],
              [t('customers.marketingOptIn'), customer.marketingOptIn ? t('common.yes') : t('common.no')],
              [t('card.referredBy'), customer.referredBy?.name],
              [t('card.notes'), customer.notes],
            ].map(([label, value]) => (
              <Col span={8} key={String(label)} style={{ marginBottom: 8 }}>
                <Typography.Text type="secondary">{label}：</Typography.Text>
                {show(value)}
              </Col>
            ))}
          </Row>
        )}
      </Card>

      <StandingPanel
        customerId={id}
        standing={standing}
        canWrite={writer}
        onChange={(s) => {
          setStanding(s);
          void reload();
        }}
      />

      <Row gutter={16}>
        <Col span={10}>
          <Card title={t('card.contacts')} size="small" data-testid="card-contacts">
            <List
              dataSource={customer.contacts}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    c.masked && (
                      <Button key="reveal" size="small" icon={<EyeOutlined />} onClick={() => void reveal(c)}>
                        {t('card.reveal')}
                      </Button>
                    ),
                    writer && (
                      <Popconfirm
                        key="del"
                        title={t('common.confirmDelete')}
                        onConfirm={() =>
                          void act(() => api('DELETE', `/api/v1/customers/${id}/contacts/${c.id}`))
                        }
                      >
                        <Button size="small" type="text" icon={<DeleteOutlined />} />
                      </Popconfirm>
                    ),
                  ].filter(Boolean)}
                >
                  <Tag>{t(`card.${c.kind}`)}</Tag> {c.value}{' '}
                  {c.label && <Typography.Text type="secondary">（{c.label}）</Typography.Text>}
                </List.Item>
              )}
            />
            {writer && (
              <Form
                layout="inline"
                style={{ marginTop: 8 }}
                onFinish={(v: { kind: string; value: string }) =>
                  void act(() => api('POST', `/api/v1/customers/${id}/contacts`, v))
                }
                initialValues={{ kind: 'phone' }}
              >
                <Form.Item name="kind">
                  <Select
                    style={{ width: 100 }}
                    options={['phone', 'email', 'chat'].map((k) => ({ value: k, label: t(`card.${k}`) }))}
                  />
                </Form.Item>
                <Form.Item name="value" rules={[{ required: true }]}>
                  <Input placeholder={t('card.value')} />
                </Form.Item>
                <Button htmlType="submit">{t('common.add')}</Button>
              </Form>
            )}
          </Card>
        </Col>
        <Col span={14}>
          <Card title={t('card.orders')} size="small" data-testid="card-orders">
            <Table<Order>
              rowKey="id"
              size="small"
              dataSource={orders}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t('card.product'), dataIndex: 'product' },
                { title: t('card.category'), dataIndex: 'category', render: show },
                {
                  title: t('card.amount'),
                  align: 'right',
                  render: (_, o) => money(o.amountMinor, o.currency),
                },
                { title: t('card.orderedAt'), dataIndex: 'orderedAt', render: (v: string) => formatDate(v) },
                {
                  title: t('card.status'),
                  render: (_, o) =>
                    writer && o.status === 'completed' ? (
                      <Space size={4}>
                        <Tag color="green">{t('card.completed')}</Tag>
                        <Button
                          size="small"
                          type="link"
                          onClick={() =>
                            void act(() =>
                              api('PATCH', `/api/v1/customers/${id}/orders/${o.id}`, { status: 'refunded' }),
                            )
                          }
                        >
                          {t('card.refund')}
                        </Button>
                      </Space>
                    ) : (
                      <Tag color={o.status === 'completed' ? 'green' : 'default'}>
                        {t(`card.${o.status}`)}
                      </Tag>
                    ),
                },
              ]}
            />
            {writer && (
              <Form
                layout="inline"
                style={{ marginTop: 8 }}
                onFinish={(v: {
                  product: string;
                  category?: string;
                  amount: number;
                  orderedAt?: { toISOString(): string };
                }) =>
                  void act(() =>
                    api('POST', `/api/v1/customers/${id}/orders`, {
                      product: v.product,
                      category: v.category || null,
                      amountMinor: Math.round(v.amount * 100),
                      orderedAt: (
                        v.orderedAt ?? { toISOString: () => new Date().toISOString() }
                      ).toISOString(),
                    }),
                  )
                }
              >
                <Form.Item name="product" rules={[{ required: true }]}>
                  <Input placeholder={t('card.product')} style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name="category">
                  <Input placeholder={t('card.category')} style={{ width: 90 }} />
                </Form.Item>
                <Form.Item name="amount" rules={[{ required: true }]}>
                  <InputNumber placeholder={t('card.amount')} min={0} step={0.01} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="orderedAt">
                  <DatePicker placeholder={t('card.orderedAt')} />
                </Form.Item>
                <Button htmlType="submit">{t('card.addOrder')}</Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={16}>
        <Col span={12}>
          <Card title={t('card.audit')} size="small" data-testid="card-audit">
            <List
              size="small"
              dataSource={audit}
              renderItem={(a) => (
                <List.Item>
                  <div style={{ width: '100%' }}>
                    <div>
                      <b>{t(`card.actions.${a.action}`, { defaultValue: a.action })}</b> · {a.actorName} ·{' '}
                      <Typography.Text type="secondary">{dateTime(a.at)}</Typography.Text>
                    </div>
                    {a.changes.slice(0, 6).map((c) => (
                      <div key={c.field} style={{ fontSize: 12, color: '#555' }}>
                        {c.field}：{show(c.before)} → {show(c.after)}
                      </div>
                    ))}
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('card.timeline')} size="small" data-testid="card-timeline">
            <Timeline
              items={timeline.slice(0, 30).map((i) => ({
                color: i.kind === 'order' ? 'green' : i.kind === 'stage' ? 'blue' : 'gray',
                children: (
                  <span>
                    <Typography.Text type="secondary">{dateTime(i.at)}</Typography.Text> {i.title}
                    {i.detail && <Typography.Text type="secondary"> · {i.detail}</Typography.Text>}
                  </span>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
