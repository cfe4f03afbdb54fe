import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Input, Popconfirm, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, session } from '../../api/client.ts';
import { useErrorToast } from '../../api/use-error-toast.ts';
import { dateTime } from '../../i18n/format.ts';
import type { Language, VoicePrompt } from './ivr-types.ts';

/** Uploaded prompts: upload a WAV (converted to telephone audio by the server), listen, delete. */
export function PromptsTab({
  prompts,
  editable,
  onChanged,
}: {
  prompts: VoicePrompt[] | null;
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useErrorToast();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<Language>('zh');
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const query = new URLSearchParams({ language, name: name.trim() || file.name.replace(/\.wav$/i, '') });
      await api('POST', `/api/v1/voice/prompts?${query}`, undefined, { raw: file, contentType: 'audio/wav' });
      void message.success(t('ivr.prompt.uploaded'));
      setName('');
      onChanged();
    } catch (err) {
      showError(err);
    } finally {
      setUploading(false);
    }
  };

  const remove = async (prompt: VoicePrompt) => {
    try {
      await api('DELETE', `/api/v1/voice/prompts/${prompt.id}`);
      void message.success(t('ivr.prompt.deleted'));
      onChanged();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <>
      {editable && (
        <div className="toolbar ivr-upload" data-testid="prompt-upload">
          <Input
            placeholder={t('ivr.prompt.namePlaceholder')}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 240 }}
            data-testid="prompt-name"
          />
          <Select<Language>
            value={language}
            onChange={setLanguage}
            style={{ width: 120 }}
            data-testid="prompt-language"
            options={(['zh', 'en'] as const).map((l) => ({ value: l, label: t(`ivr.language.${l}`) }))}
          />
          <Upload
            accept=".wav,audio/wav,audio/x-wav"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button
              type="primary"
              icon={<UploadOutlined />}
              loading={uploading}
              data-testid="prompt-upload-button"
            >
              {t('ivr.prompt.upload')}
            </Button>
          </Upload>
          <Typography.Text type="secondary">{t('ivr.prompt.uploadHint')}</Typography.Text>
        </div>
      )}
      <Table<VoicePrompt>
        rowKey="id"
        size="middle"
        loading={!prompts}
        dataSource={prompts ?? []}
        pagination={false}
        onRow={(p) => ({ 'data-testid': `prompt-row-${p.name}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: t('ivr.prompt.empty') }}
        columns={[
          { title: t('ivr.prompt.name'), dataIndex: 'name' },
          {
            title: t('ivr.prompt.language'),
            render: (_, p) => (
              <Tag color={p.language === 'zh' ? 'red' : 'blue'}>{t(`ivr.language.${p.language}`)}</Tag>
            ),
          },
          {
            title: t('ivr.prompt.duration'),
            render: (_, p) => t('ivr.prompt.durationValue', { seconds: (p.durationMs / 1000).toFixed(1) }),
          },
          { title: t('ivr.prompt.listen'), render: (_, p) => <PromptAudio id={p.id} /> },
          {
            title: t('ivr.prompt.usedBy'),
            render: (_, p) => (p.usedBy.length ? p.usedBy.map((m) => <Tag key={m.id}>{m.name}</Tag>) : '—'),
          },
          { title: t('ivr.prompt.uploadedAt'), render: (_, p) => dateTime(p.createdAt) },
          {
            title: '',
            align: 'right',
            render: (_, p) =>
              editable && (
                <Popconfirm
                  title={t('ivr.prompt.confirmDelete', { name: p.name })}
                  onConfirm={() => remove(p)}
                >
                  <Button size="small" danger data-testid="prompt-delete">
                    {t('ivr.delete')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </>
  );
}

/** The prompt as callers hear it; fetched with the session's token (an audio element cannot send one). */
function PromptAudio({ id }: { id: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    void fetch(`/api/v1/voice/prompts/${id}/audio`, {
      headers: { authorization: `Bearer ${session.token ?? ''}` },
    })
      .then((res) => (res.ok ? res.blob() : null))
      .then((blob) => {
        if (!blob || cancelled) return;
        url = URL.createObjectURL(blob);
        setSrc(url);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [id]);
  return src ? (
    // biome-ignore lint/a11y/useMediaCaption: an uploaded prompt has no caption file; its name is in the row
    <audio controls preload="metadata" src={src} className="ivr-audio" data-testid="prompt-audio" />
  ) : (
    <Space>…</Space>
  );
}
