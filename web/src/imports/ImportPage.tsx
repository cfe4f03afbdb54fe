import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Radio, Space, Statistic, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ImportReport } from '../api/types.ts';
import { dateTime } from '../i18n/format.ts';

/** Upload a customers or orders CSV and read the report: every bad row with its line and reason. */
export function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<'customers' | 'orders'>('customers');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [history, setHistory] = useState<ImportReport[]>([]);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  const loadHistory = () =>
    api<{ items: ImportReport[] }>('GET', '/api/v1/imports').then(
      (r) => setHistory(r.items),
      () => undefined,
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: once on mount
  useEffect(() => {
    void loadHistory();
  }, []);

  async function upload(f: File) {
    setBusy(true);
    try {
      const res = await api<ImportReport>(
        'POST',
        `/api/v1/imports/${kind}?filename=${encodeURIComponent(f.name)}`,
        undefined,
        {
          raw: f,
          contentType: 'text/csv',
        },
      );
      setReport(res);
      void loadHistory();
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
      if (file.current) file.current.value = '';
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('imports.title')}>
        <Typography.Paragraph type="secondary">{t('imports.hint')}</Typography.Paragraph>
        <Space>
          <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)} optionType="button">
            <Radio.Button value="customers">{t('imports.customers')}</Radio.Button>
            <Radio.Button value="orders">{t('imports.orders')}</Radio.Button>
          </Radio.Group>
          <input
            ref={file}
            type="file"
            accept=".csv,text/csv"
            style={{ display: 'none' }}
            data-testid="import-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void upload(f);
            }}
          />
          <Button
            type="primary"
            icon={<UploadOutlined />}
            loading={busy}
            onClick={() => file.current?.click()}
          >
            {t('imports.choose')}
          </Button>
        </Space>
      </Card>
      {report && (
        <Card title={`${t('imports.report')} · ${report.filename ?? ''}`} data-testid="import-report">
          <Space size="large" style={{ marginBottom: 16 }}>
            <Statistic title={t('imports.total')} value={report.totalRows} />
            <Statistic title={t('imports.created')} value={report.created} />
            <Statistic title={t('imports.updated')} value={report.updated} />
            <Statistic title={t('imports.unchanged')} value={report.unchanged} />
            <Statistic
              title={t('imports.errors')}
              value={report.errorCount}
              valueStyle={{ color: report.errorCount ? '#cf1322' : undefined }}
            />
          </Space>
          {report.ignoredColumns.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              message={t('imports.ignored', { columns: report.ignoredColumns.join(', ') })}
            />
          )}
          {report.errors.length > 0 && (
            <Table
              rowKey={(r) => `${r.line}-${r.field}-${r.reason}`}
              size="small"
              dataSource={report.errors}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('imports.line'), dataIndex: 'line', width: 80 },
                {
                  title: t('imports.field'),
                  dataIndex: 'field',
                  width: 140,
                  render: (v: string | null) => v ?? '—',
                },
                { title: t('imports.reason'), dataIndex: 'reason' },
              ]}
            />
          )}
        </Card>
      )}
      <Card title={t('imports.history')} size="small">
        <Table<ImportReport>
          rowKey="id"
          size="small"
          dataSource={history}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          onRow={(r) => ({ onClick: () => setReport(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('imports.at'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
            { title: t('imports.kind'), dataIndex: 'kind', render: (v: string) => t(`imports.${v}`) },
            { title: t('imports.file'), dataIndex: 'filename', render: (v: string | null) => v ?? '—' },
            { title: t('imports.encoding'), dataIndex: 'encoding' },
            { title: t('imports.total'), dataIndex: 'totalRows', align: 'right' },
            { title: t('imports.created'), dataIndex: 'created', align: 'right' },
            { title: t('imports.errors'), dataIndex: 'errorCount', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}
