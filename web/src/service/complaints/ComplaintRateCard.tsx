import { WarningOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { Chart } from '../../insight/Chart.tsx';

interface ComplaintReport {
  warnPer1000Orders: number;
  products: {
    product: string;
    complaints: number;
    orders: number;
    per1000Orders: number | null;
    warning: boolean;
  }[];
  byCategory: Record<string, number>;
  total: { complaints: number; orders: number; per1000Orders: number | null; warning: boolean };
  resolved: number;
  avgHoursToResolve: number | null;
  accepted: number;
  rejected: number;
}

/**
 * 投诉率 / Complaint rate on the analytics page: the last 30 days' complaints per 1,000 orders,
 * per product against the tenant's threshold (over it in red), the reasons, the time to
 * resolve, and how many customers accepted the resolution.
 */
export function ComplaintRateCard() {
  const { t } = useTranslation();
  const [report, setReport] = useState<ComplaintReport | null>(null);
  useEffect(() => {
    api<ComplaintReport>('GET', '/api/v1/reports/complaints').then(setReport, () => setReport(null));
  }, []);
  if (!report) return null;
  const reasons = Object.entries(report.byCategory);
  return (
    <Card
      title={t('complaints.title')}
      size="small"
      data-testid="complaint-rate"
      extra={t('complaints.threshold', { value: report.warnPer1000Orders })}
    >
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Statistic
            title={t('complaints.per1000')}
            value={report.total.per1000Orders ?? '—'}
            valueStyle={report.total.warning ? { color: '#cf1322' } : undefined}
            prefix={report.total.warning ? <WarningOutlined /> : undefined}
          />
          <Statistic title={t('complaints.count')} value={report.total.complaints} />
          <Statistic
            title={t('complaints.accepted')}
            value={report.resolved ? `${report.accepted} / ${report.resolved}` : '—'}
          />
          <Statistic title={t('complaints.hoursToResolve')} value={report.avgHoursToResolve ?? '—'} />
        </Col>
        <Col xs={24} md={10}>
          <Table
            rowKey="product"
            size="small"
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            dataSource={report.products}
            locale={{ emptyText: t('complaints.none') }}
            columns={[
              { title: t('complaints.product'), dataIndex: 'product' },
              { title: t('complaints.count'), dataIndex: 'complaints', align: 'right' },
              { title: t('complaints.orders'), dataIndex: 'orders', align: 'right' },
              {
                title: t('complaints.per1000'),
                align: 'right',
                render: (_, r) =>
                  r.per1000Orders === null ? (
                    '—'
                  ) : r.warning ? (
                    <Tag color="red">{r.per1000Orders}</Tag>
                  ) : (
                    r.per1000Orders
                  ),
              },
            ]}
          />
        </Col>
        <Col xs={24} md={8}>
          {reasons.length > 0 && (
            <Chart
              height={220}
              option={{
                tooltip: { trigger: 'item' },
                series: [
                  {
                    type: 'pie',
                    radius: ['40%', '70%'],
                    data: reasons.map(([k, v]) => ({ name: t(`complaints.categories.${k}`), value: v })),
                  },
                ],
              }}
            />
          )}
        </Col>
      </Row>
    </Card>
  );
}
