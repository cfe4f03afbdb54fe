import { SyncOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { can } from '../auth/permissions.ts';
import { compact, date, money, percent } from '../i18n/format.ts';
import { ComplaintRateCard } from '../service/complaints/ComplaintRateCard.tsx';
import { Chart } from './Chart.tsx';

interface Analytics {
  currency: string;
  funnel: { stage: string; customers: number }[];
  flows: { from: string | null; to: string; customers: number }[];
  tiers: { tier: string; customers: number; lifetimeRevenueMinor: number }[];
  churn: { month: string; churned: number; buyers: number; rate: number }[];
  cohorts: { cohort: string; size: number; retention: (number | null)[] }[];
  atRisk: {
    customers: number;
    annualRevenueMinor: number;
    top: { id: string; name: string; tier: string; annualRevenueMinor: number; lastOrderAt: string | null }[];
  };
  referrals: {
    referrers: number;
    referred: number;
    secondLevel: number;
    referredRevenueMinor: number;
    top: { id: string; name: string; referred: number; revenueMinor: number }[];
  };
  costOfLosing: {
    revenueAtStakeMinor: number;
    replacementCostMinor: number;
    costOfLosingMinor: number;
    costOfKeepingMinor: number;
    losingToKeepingRatio: number | null;
    ordinaryPerHighValue: number | null;
    acquisitionCostMinor: number;
    retentionCostMinor: number;
  };
  generatedInMs: number;
}

const FUNNEL = ['contact', 'acquisition', 'conversion', 'retention', 'loyalty'];

/** Retention analytics: funnel and flows, tiers, churn, cohorts, at-risk revenue, referrals, cost of losing. */
export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [data, setData] = useState<Analytics | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [rescoring, setRescoring] = useState(false);

  const load = async () => {
    const params = new URLSearchParams();
    if (range?.[0]) params.set('from', range[0].format('YYYY-MM-DD'));
    if (range?.[1]) params.set('to', range[1].format('YYYY-MM-DD'));
    try {
      setData(await api<Analytics>('GET', `/api/v1/reports/customer-analytics?${params}`));
    } catch (err) {
      showError(err);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the period or language changes
  useEffect(() => {
    void load();
  }, [range, i18n.language]);

  async function rescore() {
    setRescoring(true);
    try {
      const { jobId } = await api<{ jobId: number }>('POST', '/api/v1/value/rescore');
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const job = await api<{ state: string }>('GET', `/api/v1/jobs/${jobId}`);
        if (job.state === 'done' || job.state === 'failed') break;
      }
      message.success(t('analytics.rescored'));
      await load();
    } finally {
      setRescoring(false);
    }
  }

  const options = useMemo(() => {
    if (!data) return null;
    const stage = (s: string | null) => t(`stages.${s ?? 'new'}`);
    // The funnel as bars (stages in order, then at risk and churned), readable at any size.
    const order = [...FUNNEL, 'at_risk', 'churned'];
    const funnel = {
      tooltip: { trigger: 'axis' },
      grid: { left: 90, right: 40, top: 10, bottom: 20 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: order.map(stage) },
      series: [
        {
          type: 'bar',
          label: { show: true, position: 'right' },
          data: order.map((s) => ({
            value: data.funnel.find((f) => f.stage === s)?.customers ?? 0,
            itemStyle: { color: s === 'at_risk' ? '#fa8c16' : s === 'churned' ? '#f5222d' : '#2f54eb' },
          })),
        },
      ],
    };
    const nodes = [...new Set(data.flows.flatMap((f) => [stage(f.from), stage(f.to)]))];
    // A Sankey cannot loop: of two opposite flows, the smaller one is left out of the diagram.
    const links = data.flows
      .filter((f) => f.from !== f.to)
      .map((f) => ({ source: stage(f.from), target: stage(f.to), value: f.customers }));
    const flows = {
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'sankey',
          data: nodes.map((name) => ({ name })),
          links: acyclic(links),
          emphasis: { focus: 'adjacency' },
        },
      ],
    };
    const tiers = {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('analytics.customers'), t('analytics.revenue')] },
      grid: { left: 56, right: 72 },
      xAxis: {
        type: 'category',
        data: data.tiers.map((x) => t(`tiers.${x.tier}`)),
        // Every tier named, even when the chart is narrow.
        axisLabel: { interval: 0 },
      },
      yAxis: [
        { type: 'value', name: t('analytics.customers') },
        {
          type: 'value',
          name: t('analytics.revenue'),
          axisLabel: { formatter: compact },
        },
      ],
      series: [
        { name: t('analytics.customers'), type: 'bar', data: data.tiers.map((x) => x.customers) },
        {
          name: t('analytics.revenue'),
          type: 'bar',
          yAxisIndex: 1,
          data: data.tiers.map((x) => Math.round(x.lifetimeRevenueMinor / 100)),
        },
      ],
    };
    const churn = {
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => percent(v) },
      xAxis: { type: 'category', data: data.churn.map((m) => m.month) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => percent(v) } },
      series: [
        {
          name: t('analytics.churnRate'),
          type: 'line',
          smooth: true,
          areaStyle: {},
          data: data.churn.map((m) => m.rate),
        },
      ],
    };
    const months = Math.max(0, ...data.cohorts.map((c) => c.retention.length));
    const cells = data.cohorts.flatMap((c, y) =>
      c.retention
        .map((r, x) => (r === null ? null : [x, y, Math.round(r * 1000) / 10]))
        .filter((v) => v !== null),
    );
    const cohorts = {
      tooltip: { formatter: (p: { value: number[] }) => `${p.value[2]}%` },
      grid: { left: 90, right: 20, top: 10, bottom: 70 },
      xAxis: {
        type: 'category',
        data: Array.from({ length: months }, (_, n) => t('analytics.month', { n })),
      },
      yAxis: { type: 'category', data: data.cohorts.map((c) => `${c.cohort} (${c.size})`), inverse: true },
      visualMap: {
        min: 0,
        max: 100,
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        inRange: { color: ['#f0f5ff', '#1d39c4'] },
      },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: { show: true, fontSize: 10, formatter: (p: { value: number[] }) => `${p.value[2]}` },
        },
      ],
    };
    return { funnel, flows, tiers, churn, cohorts };
  }, [data, t]);

  if (!data || !options) return <Card loading />;
  const c = data.costOfLosing;
  const cur = data.currency;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="analytics">
      <Card
        title={t('analytics.title')}
        extra={
          <Space>
            <Typography.Text type="secondary">{t('analytics.period')}</Typography.Text>
            <DatePicker.RangePicker value={range as never} onChange={(v) => setRange(v as never)} />
            {can.manage(me) && (
              <Button
                icon={<SyncOutlined spin={rescoring} />}
                loading={rescoring}
                onClick={() => void rescore()}
              >
                {rescoring ? t('analytics.rescoring') : t('analytics.rescore')}
              </Button>
            )}
          </Space>
        }
      >
        <Row gutter={16}>
          <Col span={12}>
            <Typography.Title level={5}>{t('analytics.funnel')}</Typography.Title>
            <Chart option={options.funnel} testId="chart-funnel" />
          </Col>
          <Col span={12}>
            <Typography.Title level={5}>{t('analytics.flows')}</Typography.Title>
            <Chart option={options.flows} />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={t('analytics.tierMix')} size="small">
            <Chart option={options.tiers} height={260} testId="chart-tiers" />
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('analytics.churn')} size="small">
            <Chart option={options.churn} height={260} />
          </Card>
        </Col>
      </Row>
      <Card title={t('analytics.cohorts')} size="small">
        <Chart option={options.cohorts} height={Math.max(260, data.cohorts.length * 26 + 80)} />
      </Card>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={t('analytics.cost')} size="small" data-testid="cost-of-losing">
            <Row gutter={16}>
              <Col span={12}>
                <Statistic title={t('analytics.revenueAtStake')} value={money(c.revenueAtStakeMinor, cur)} />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('analytics.replacementCost')}
                  value={money(c.replacementCostMinor, cur)}
                />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('analytics.costOfLosing')}
                  value={money(c.costOfLosingMinor, cur)}
                  valueStyle={{ color: '#cf1322' }}
                />
              </Col>
              <Col span={12}>
                <Statistic
                  title={t('analytics.costOfKeeping')}
                  value={money(c.costOfKeepingMinor, cur)}
                  valueStyle={{ color: '#389e0d' }}
                />
              </Col>
            </Row>
            {c.losingToKeepingRatio !== null && (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                message={t('analytics.ratio', { ratio: c.losingToKeepingRatio })}
              />
            )}
            {c.ordinaryPerHighValue !== null && (
              <Alert
                style={{ marginTop: 8 }}
                type="info"
                message={t('analytics.ordinaryPerHigh', { n: c.ordinaryPerHighValue })}
              />
            )}
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('analytics.costInputs', {
                acquisition: money(c.acquisitionCostMinor, cur),
                retention: money(c.retentionCostMinor, cur),
              })}
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col span={12}>
          <Card title={t('analytics.referrals')} size="small">
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col span={6}>
                <Statistic title={t('analytics.referrers')} value={data.referrals.referrers} />
              </Col>
              <Col span={6}>
                <Statistic title={t('analytics.referred')} value={data.referrals.referred} />
              </Col>
              <Col span={6}>
                <Statistic title={t('analytics.secondLevel')} value={data.referrals.secondLevel} />
              </Col>
              <Col span={6}>
                <Statistic
                  title={t('analytics.referredRevenue')}
                  value={money(data.referrals.referredRevenueMinor, cur)}
                />
              </Col>
            </Row>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={data.referrals.top.slice(0, 5)}
              columns={[
                {
                  title: t('customers.name'),
                  render: (_, r) => <Link to={`/customers/${r.id}`}>{r.name}</Link>,
                },
                { title: t('analytics.referred'), dataIndex: 'referred', align: 'right' },
                {
                  title: t('analytics.revenue'),
                  align: 'right',
                  render: (_, r) => money(r.revenueMinor, cur),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('analytics.atRisk')}
        size="small"
        extra={t('analytics.atRiskSummary', {
          count: data.atRisk.customers,
          amount: money(data.atRisk.annualRevenueMinor, cur),
        })}
      >
        <Table
          rowKey="id"
          size="small"
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={data.atRisk.top}
          columns={[
            { title: t('customers.name'), render: (_, r) => <Link to={`/customers/${r.id}`}>{r.name}</Link> },
            { title: t('card.tier'), render: (_, r) => <Tag>{t(`tiers.${r.tier}`)}</Tag> },
            {
              title: t('analytics.annualRevenue'),
              align: 'right',
              render: (_, r) => money(r.annualRevenueMinor, cur),
            },
            { title: t('analytics.lastOrder'), render: (_, r) => date(r.lastOrderAt) },
          ]}
        />
      </Card>
      <ComplaintRateCard />
    </Space>
  );
}

/** Drops links that would close a cycle (ECharts' Sankey refuses cycles). */
function acyclic(links: { source: string; target: string; value: number }[]) {
  const kept: typeof links = [];
  const reaches = (from: string, to: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length) {
      const node = stack.pop()!;
      if (node === to) return true;
      if (seen.has(node)) continue;
      seen.add(node);
      for (const l of kept) if (l.source === node) stack.push(l.target);
    }
    return false;
  };
  for (const l of [...links].sort((a, b) => b.value - a.value))
    if (!reaches(l.target, l.source)) kept.push(l);
  return kept;
}
