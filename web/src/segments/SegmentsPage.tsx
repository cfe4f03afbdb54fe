import {
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, download } from '../api/client.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { can } from '../auth/permissions.ts';
import { money } from '../i18n/format.ts';

interface Member {
  id: string;
  name: string;
  tier: string | null;
  stage: string | null;
  primaryPhone: string | null;
  lifetimeRevenueMinor: number;
  province: string | null;
}
interface Segment {
  id: string;
  name: string;
  description: string | null;
  filter: Record<string, unknown>;
  count: number | null;
}
interface FilterForm {
  tiers?: string[];
  stages?: string[];
  tagsAny?: string[];
  provinces?: string[];
  categories?: string[];
  lastOrderMin?: number;
  lastOrderMax?: number;
  marketingOptIn?: boolean;
  excludeDnc?: boolean;
}

const TIERS = ['high', 'secondary', 'potential', 'low'];
const STAGES = ['contact', 'acquisition', 'conversion', 'retention', 'loyalty', 'at_risk', 'churned'];

function toFilter(f: FilterForm) {
  const filter: Record<string, unknown> = {};
  for (const key of ['tiers', 'stages', 'tagsAny', 'provinces', 'categories'] as const)
    if (f[key]?.length) filter[key] = f[key];
  if (f.lastOrderMin !== undefined || f.lastOrderMax !== undefined)
    filter.lastOrderDays = {
      ...(f.lastOrderMin !== undefined && { min: f.lastOrderMin }),
      ...(f.lastOrderMax !== undefined && { max: f.lastOrderMax }),
    };
  if (f.marketingOptIn) filter.marketingOptIn = true;
  if (f.excludeDnc) filter.doNotCall = false;
  return filter;
}

/** Build a filter with a live count, save it as a segment, list and export its customers. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const showError = useErrorToast();
  const [form] = Form.useForm<FilterForm & { name: string }>();
  const [preview, setPreview] = useState<{ count: number; sample: Member[] } | null>(null);
  const [segments, setSegments] = useState<Segment[]>([]);
  const [selected, setSelected] = useState<Segment | null>(null);
  const [members, setMembers] = useState<Member[]>([]);

  const loadSegments = () =>
    api<{ items: Segment[] }>('GET', '/api/v1/segments').then((r) => setSegments(r.items));
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount
  useEffect(() => {
    void loadSegments();
    void runPreview({});
  }, []);

  async function runPreview(values: FilterForm) {
    try {
      setPreview(await api('POST', '/api/v1/segments/preview', { filter: toFilter(values) }));
    } catch (err) {
      showError(err);
    }
  }

  async function save() {
    const values = form.getFieldsValue();
    try {
      const seg = await api<Segment>('POST', '/api/v1/segments', {
        name: values.name,
        filter: toFilter(values),
      });
      await loadSegments();
      await open(seg);
    } catch (err) {
      showError(err);
    }
  }

  async function open(seg: Segment) {
    setSelected(seg);
    const page = await api<{ items: Member[] }>('GET', `/api/v1/segments/${seg.id}/customers?limit=100`);
    setMembers(page.items);
  }

  const memberColumns = [
    {
      title: t('customers.name'),
      render: (_: unknown, r: Member) => <Link to={`/customers/${r.id}`}>{r.name}</Link>,
    },
    { title: t('customers.phone'), dataIndex: 'primaryPhone' },
    { title: t('card.tier'), render: (_: unknown, r: Member) => r.tier && <Tag>{t(`tiers.${r.tier}`)}</Tag> },
    {
      title: t('card.stage'),
      render: (_: unknown, r: Member) => r.stage && <Tag>{t(`stages.${r.stage}`)}</Tag>,
    },
    { title: t('customers.province'), dataIndex: 'province' },
    {
      title: t('customers.lifetime'),
      align: 'right' as const,
      render: (_: unknown, r: Member) => money(r.lifetimeRevenueMinor),
    },
  ];

  return (
    <Row gutter={16}>
      <Col span={16}>
        <Card title={t('segments.new')}>
          <Form form={form} layout="vertical" onValuesChange={(_, all) => void runPreview(all)}>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="tiers" label={t('segments.tiers')}>
                  <Select
                    mode="multiple"
                    options={TIERS.map((x) => ({ value: x, label: t(`tiers.${x}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="stages" label={t('segments.stages')}>
                  <Select
                    mode="multiple"
                    options={STAGES.map((x) => ({ value: x, label: t(`stages.${x}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="tagsAny" label={t('segments.tagsAny')}>
                  <Select mode="tags" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="provinces" label={t('segments.provinces')}>
                  <Select mode="tags" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="categories" label={t('segments.categories')}>
                  <Select mode="tags" />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="lastOrderMin" label={t('segments.lastOrderMin')}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="lastOrderMax" label={t('segments.lastOrderMax')}>
                  <InputNumber min={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item
                  name="marketingOptIn"
                  valuePropName="checked"
                  style={{ marginTop: 30, marginBottom: 0 }}
                >
                  <Checkbox>{t('segments.marketingOptIn')}</Checkbox>
                </Form.Item>
                <Form.Item name="excludeDnc" valuePropName="checked" style={{ marginBottom: 0 }}>
                  <Checkbox>{t('segments.excludeDnc')}</Checkbox>
                </Form.Item>
              </Col>
            </Row>
            <Space>
              <Typography.Text strong data-testid="segment-count">
                {t('segments.preview', { count: preview?.count ?? 0 })}
              </Typography.Text>
              {can.manage(me) && (
                <>
                  <Form.Item name="name" noStyle>
                    <Input placeholder={t('segments.name')} style={{ width: 200 }} />
                  </Form.Item>
                  <Button type="primary" onClick={() => void save()}>
                    {t('segments.save')}
                  </Button>
                </>
              )}
            </Space>
          </Form>
          <Table
            rowKey="id"
            size="small"
            style={{ marginTop: 16 }}
            pagination={false}
            dataSource={preview?.sample ?? []}
            columns={memberColumns}
          />
        </Card>
        {selected && (
          <Card
            style={{ marginTop: 16 }}
            title={`${selected.name} · ${t('segments.members')}`}
            extra={
              <Space>
                <Button
                  onClick={() =>
                    void download(`/api/v1/segments/${selected.id}/export?format=csv`, `${selected.name}.csv`)
                  }
                >
                  {t('segments.exportCsv')}
                </Button>
                <Button
                  onClick={() =>
                    void download(
                      `/api/v1/segments/${selected.id}/export?format=xlsx`,
                      `${selected.name}.xlsx`,
                    )
                  }
                >
                  {t('segments.exportXlsx')}
                </Button>
              </Space>
            }
          >
            <Table
              rowKey="id"
              size="small"
              dataSource={members}
              columns={memberColumns}
              pagination={{ pageSize: 20 }}
            />
          </Card>
        )}
      </Col>
      <Col span={8}>
        <Card title={t('segments.title')}>
          <List
            dataSource={segments}
            locale={{ emptyText: t('segments.empty') }}
            renderItem={(s) => (
              <List.Item style={{ cursor: 'pointer' }} onClick={() => void open(s)}>
                <Typography.Text strong={selected?.id === s.id}>{s.name}</Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Col>
    </Row>
  );
}
