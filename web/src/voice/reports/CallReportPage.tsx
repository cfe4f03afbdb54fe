import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Radio, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { clock } from '../../floor/clock.ts';
import { Chart } from '../../insight/Chart.tsx';

type GroupBy = 'queue' | 'agent' | 'day';

interface ReportRow {
  key: string;
  label: string | null;
  inbound: number;
  outbound: number;
  answered: number;
  abandoned: number;
  serviceLevel: number | null;
  avgWaitSeconds: number | null;
  avgTalkSeconds: number | null;
  holdSeconds: number;
  holds: number;
  transfers: number;
  voicemails: number;
  callbacks: number;
}

interface Report {
  from: string;
  to: string;
  timeZone: string;
  rows: ReportRow[];
  total: ReportRow;
}

const seconds = (s: number | null) => (s === null ? '—' : clock(Math.round(s)));
const percent = (p: number | null) => (p === null ? '—' : `${Math.round(p * 1000) / 10}%`);

/**
 * 话务报表 / Call report: the calls of a period by queue, agent or day (the tenant's days):
 * how many came in and went out, were answered or abandoned, the service level, the average
 * wait and talk, holds and transfers; a chart of answered against abandoned, and a CSV.
 */
export function CallReportPage() {
  const { t } = useTranslation();
  const showError = useErrorToast();
  // Unset at first: the server's default is the last seven days in the tenant's time zone,
  // which need not be the browser's.
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [groupBy, setGroupBy] = useState<GroupBy>('queue');
  const [report, setReport] = useState<Report | null>(null);
  const [loading, setLoading] = useState(false);
  const query = `${range ? `from=${range[0].format('YYYY-MM-DD')}&to=${range[1].format('YYYY-MM-DD')}&` : ''}groupBy=${groupBy}`;

  useEffect(() => {
    setLoading(true);
    api<Report>('GET', `/api/v1/reports/calls?${query}`)
      .then(setReport, (err: unknown) => {
        showError(err);
        setReport(null);
      })
      .finally(() => setLoading(false));
  }, [query, showError]);

  const name = (r: ReportRow) => r.label ?? t('callReport.none');
  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('callReport.answered'), t('callReport.abandoned')] },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: (report?.rows ?? []).map((r) => r.label ?? t('callReport.none')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('callReport.answered'),
          type: 'bar',
          stack: 'calls',
          barMaxWidth: 48,
          itemStyle: { color: '#52c41a' },
          data: (report?.rows ?? []).map((r) => r.answered),
        },
        {
          name: t('callReport.abandoned'),
          type: 'bar',
          stack: 'calls',
          barMaxWidth: 48,
          itemStyle: { color: '#ff7875' },
          data: (report?.rows ?? []).map((r) => r.abandoned),
        },
      ],
    }),
    [report, t],
  );

  const columns = [
    { title: t(`callReport.by.${groupBy}`), key: 'name', render: (_: unknown, r: ReportRow) => name(r) },
    { title: t('callReport.inbound'), dataIndex: 'inbound', align: 'right' as const },
    { title: t('callReport.outbound'), dataIndex: 'outbound', align: 'right' as const },
    { title: t('callReport.answered'), dataIndex: 'answered', align: 'right' as const },
    { title: t('callReport.abandoned'), dataIndex: 'abandoned', align: 'right' as const },
    {
      title: t('callReport.serviceLevel'),
      dataIndex: 'serviceLevel',
      align: 'right' as const,
      render: percent,
    },
    { title: t('callReport.avgWait'), dataIndex: 'avgWaitSeconds', align: 'right' as const, render: seconds },
    { title: t('callReport.avgTalk'), dataIndex: 'avgTalkSeconds', align: 'right' as const, render: seconds },
    {
      title: t('callReport.holds'),
      key: 'holds',
      align: 'right' as const,
      render: (_: unknown, r: ReportRow) => `${r.holds} · ${clock(r.holdSeconds)}`,
    },
    { title: t('callReport.transfers'), dataIndex: 'transfers', align: 'right' as const },
    { title: t('callReport.voicemails'), dataIndex: 'voicemails', align: 'right' as const },
    { title: t('callReport.callbacks'), dataIndex: 'callbacks', align: 'right' as const },
  ];

  return (
    <div className="call-report" data-testid="call-report">
      <Space align="center" wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('callReport.title')}
        </Typography.Title>
        <Space wrap>
          <DatePicker.RangePicker
            value={range ?? (report ? [dayjs(report.from), dayjs(report.to)] : null)}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="call-report-range"
          />
          <Radio.Group value={groupBy} onChange={(e) => setGroupBy(e.target.value)} optionType="button">
            {(['queue', 'agent', 'day'] as const).map((g) => (
              <Radio key={g} value={g} data-testid={`call-report-by-${g}`}>
                {t(`callReport.by.${g}`)}
              </Radio>
            ))}
          </Radio.Group>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              void download(`/api/v1/reports/calls?${query}&format=csv`, `calls-${query}.csv`).catch(
                showError,
              )
            }
            data-testid="call-report-csv"
          >
            CSV
          </Button>
        </Space>
      </Space>
      {report && report.rows.length > 0 && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Chart option={chart} height={240} testId="call-report-chart" />
        </Card>
      )}
      <Card size="small">
        <Table<ReportRow>
          size="small"
          rowKey="key"
          loading={loading}
          pagination={false}
          columns={columns}
          dataSource={report?.rows ?? []}
          locale={{ emptyText: <Empty description={t('callReport.empty')} /> }}
          onRow={() => ({ 'data-testid': 'call-report-row' }) as React.HTMLAttributes<HTMLElement>}
          summary={() =>
            report && report.rows.length > 0 ? (
              <Table.Summary.Row className="call-report-total">
                <Table.Summary.Cell index={0}>
                  <strong>{t('callReport.total')}</strong>
                </Table.Summary.Cell>
                {columns.slice(1).map((c, i) => {
                  const r = report.total;
                  const value =
                    c.key === 'holds'
                      ? `${r.holds} · ${clock(r.holdSeconds)}`
                      : c.dataIndex === 'serviceLevel'
                        ? percent(r.serviceLevel)
                        : c.dataIndex === 'avgWaitSeconds' || c.dataIndex === 'avgTalkSeconds'
                          ? seconds(r[c.dataIndex])
                          : String(r[c.dataIndex as keyof ReportRow] ?? '');
                  return (
                    <Table.Summary.Cell key={c.title} index={i + 1} align="right">
                      <strong>{value}</strong>
                    </Table.Summary.Cell>
                  );
                })}
              </Table.Summary.Row>
            ) : null
          }
        />
        {report && (
          <Typography.Text type="secondary" className="small">
            {t('callReport.period', { from: report.from, to: report.to, zone: report.timeZone })}
          </Typography.Text>
        )}
      </Card>
    </div>
  );
}
