import { Alert, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../api/types.ts';
import { dateTime, list } from '../i18n/format.ts';

/** What an import did: counts, every bad row with its line, field and reason, ignored columns. */
export function ImportReportCard({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const stats = [
    { key: 'total', value: report.totalRows },
    { key: 'created', value: report.created, color: report.created ? '#389e0d' : undefined },
    { key: 'updated', value: report.updated, color: report.updated ? '#1f6feb' : undefined },
    { key: 'unchanged', value: report.unchanged },
    { key: 'errors', value: report.errorCount, color: report.errorCount ? '#cf1322' : undefined },
  ];
  return (
    <Card
      size="small"
      data-testid="import-report"
      title={t('imports.reportTitle', {
        kind: t(`imports.kindLabels.${report.kind}`),
        file: report.filename ?? '—',
      })}
      extra={
        <Typography.Text type="secondary" className="small">
          {t('imports.reportMeta', { at: dateTime(report.createdAt), encoding: report.encoding })}
        </Typography.Text>
      }
    >
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {stats.map((s) => (
          <Col key={s.key} flex="1">
            <Card size="small" variant="borderless" style={{ background: '#fafbfc' }}>
              <Statistic
                title={t(`imports.${s.key}`)}
                value={s.value}
                styles={{ content: { color: s.color } }}
                data-testid={`import-${s.key}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {report.errorCount === 0 && (
        <Alert type="success" showIcon title={t('imports.allGood')} style={{ marginBottom: 12 }} />
      )}
      {report.ignoredColumns.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('imports.ignored', { columns: list(report.ignoredColumns) })}
          data-testid="import-ignored"
        />
      )}
      {report.errors.length > 0 && (
        <Table
          rowKey={(r) => `${r.line}-${r.field}-${r.reason}`}
          size="small"
          data-testid="import-errors"
          title={() => (
            <Typography.Text strong>{t('imports.badRows', { count: report.errorCount })}</Typography.Text>
          )}
          dataSource={report.errors}
          pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
          columns={[
            { title: t('imports.line'), dataIndex: 'line', width: 90, align: 'right' },
            {
              title: t('imports.field'),
              dataIndex: 'field',
              width: 160,
              render: (v: string | null) => (v ? t(`imports.fields.${v}`, { defaultValue: v }) : '—'),
            },
            { title: t('imports.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Card>
  );
}
