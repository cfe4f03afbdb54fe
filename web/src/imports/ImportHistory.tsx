import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../api/types.ts';
import { dateTime } from '../i18n/format.ts';

/** Past imports, newest first; a click shows that import's report again. */
export function ImportHistory({
  items,
  loading,
  selectedId,
  onSelect,
}: {
  items: ImportReport[];
  loading: boolean;
  selectedId: string | null;
  onSelect: (r: ImportReport) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card title={t('imports.history')} size="small" data-testid="import-history">
      <Table<ImportReport>
        className="clickable-rows"
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: t('imports.noHistory') }}
        rowClassName={(r) => (r.id === selectedId ? 'ant-table-row-selected' : '')}
        onRow={(r) => ({ onClick: () => onSelect(r) })}
        columns={[
          {
            title: t('imports.at'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => <span className="nowrap">{dateTime(v)}</span>,
          },
          {
            title: t('imports.kind'),
            dataIndex: 'kind',
            width: 100,
            render: (v: ImportReport['kind']) => <Tag>{t(`imports.kindLabels.${v}`)}</Tag>,
          },
          {
            title: t('imports.file'),
            dataIndex: 'filename',
            ellipsis: true,
            render: (v: string | null) => v ?? '—',
          },
          { title: t('imports.encoding'), dataIndex: 'encoding', width: 90 },
          { title: t('imports.total'), dataIndex: 'totalRows', align: 'right', width: 90 },
          { title: t('imports.created'), dataIndex: 'created', align: 'right', width: 90 },
          { title: t('imports.updated'), dataIndex: 'updated', align: 'right', width: 90 },
          { title: t('imports.unchanged'), dataIndex: 'unchanged', align: 'right', width: 110 },
          {
            title: t('imports.errors'),
            dataIndex: 'errorCount',
            align: 'right',
            width: 90,
            render: (v: number) => (v ? <Tag color="red">{v}</Tag> : v),
          },
        ]}
      />
    </Card>
  );
}
