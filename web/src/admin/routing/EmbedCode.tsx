import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { copyText } from './copy-text.ts';
import type { ChatSite } from './setup-types.ts';

/** The one tag a site's pages need, with its site key, and a button that copies it. */
export function EmbedCode({ site }: { site: ChatSite }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (await copyText(site.embedCode)) void message.success(t('routingSetup.site.copied'));
    else void message.error(t('routingSetup.site.copyFailed'));
  };
  return (
    <div data-testid="embed-code">
      <Typography.Paragraph type="secondary">{t('routingSetup.site.embedHint')}</Typography.Paragraph>
      <pre className="rs-snippet" data-testid="embed-snippet">
        {site.embedCode}
      </pre>
      <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="embed-copy">
        {t('routingSetup.site.copy')}
      </Button>
      <Typography.Paragraph type="secondary" className="small" style={{ marginTop: 12 }}>
        {t('routingSetup.site.langHint')}
      </Typography.Paragraph>
    </div>
  );
}
