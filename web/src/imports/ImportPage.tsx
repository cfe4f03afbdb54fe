import { InboxOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Card, Col, Drawer, Form, Radio, Row, Select, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { ImportReport } from '../api/types.ts';
import { useErrorToast } from '../api/use-error-toast.ts';
import { ImportColumnsHelp } from './ImportColumnsHelp.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportReportCard } from './ImportReportCard.tsx';

type Kind = ImportReport['kind'];
const ENCODINGS = ['auto', 'utf-8', 'gbk', 'big5'] as const;

/**
 * Upload a customers or orders CSV (sent as the raw body, text/csv) and read the report;
 * past imports below, each report one click away.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const showError = useErrorToast();
  const [kind, setKind] = useState<Kind>('customers');
  const [encoding, setEncoding] = useState<(typeof ENCODINGS)[number]>('auto');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [history, setHistory] = useState<ImportReport[]>([]);
  const [loadingHistory, setLoadingHistory] = useState(true);
  const [busy, setBusy] = useState(false);
  const [help, setHelp] = useState(false);

  const loadHistory = useCallback(
    () =>
      api<{ items: ImportReport[] }>('GET', '/api/v1/imports')
        .then((r) => setHistory(r.items), showError)
        .finally(() => setLoadingHistory(false)),
    [showError],
  );
  useEffect(() => {
    void loadHistory();
  }, [loadHistory]);

  async function upload(file: File) {
    setBusy(true);
    const params = new URLSearchParams({ filename: file.name });
    if (encoding !== 'auto') params.set('encoding', encoding);
    try {
      setReport(
        await api<ImportReport>('POST', `/api/v1/imports/${kind}?${params}`, undefined, {
          raw: file,
          contentType: 'text/csv',
        }),
      );
      void loadHistory();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page-stack">
      <Card title={t('imports.title')} size="small">
        <Row gutter={24} align="middle">
          <Col xs={24} lg={8}>
            <Form layout="vertical" requiredMark={false}>
              <Form.Item label={t('imports.type')}>
                <Radio.Group
                  value={kind}
                  onChange={(e) => setKind(e.target.value)}
                  optionType="button"
                  buttonStyle="solid"
                  options={(['customers', 'orders'] as const).map((k) => ({
                    value: k,
                    label: t(`imports.import.${k}`),
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('imports.encoding')}>
                <Select
                  value={encoding}
                  onChange={setEncoding}
                  style={{ width: 200 }}
                  options={ENCODINGS.map((e) => ({ value: e, label: t(`imports.encodings.${e}`) }))}
                />
              </Form.Item>
              <Button
                type="link"
                icon={<QuestionCircleOutlined />}
                onClick={() => setHelp(true)}
                style={{ padding: 0 }}
              >
                {t('imports.columnsLink')}
              </Button>
            </Form>
          </Col>
          <Col xs={24} lg={16}>
            <Upload.Dragger
              accept=".csv,text/csv"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">
                {busy ? t('imports.uploading') : t('imports.drop', { kind: t(`imports.kinds.${kind}`) })}
              </p>
              <p className="ant-upload-hint">{t('imports.hint')}</p>
            </Upload.Dragger>
          </Col>
        </Row>
      </Card>
      {report && <ImportReportCard report={report} />}
      <ImportHistory
        items={history}
        loading={loadingHistory}
        selectedId={report?.id ?? null}
        onSelect={setReport}
      />
      <Drawer
        open={help}
        onClose={() => setHelp(false)}
        size={560}
        title={t('imports.columnsTitle', { kind: t(`imports.kinds.${kind}`) })}
      >
        <ImportColumnsHelp kind={kind} />
      </Drawer>
    </div>
  );
}
