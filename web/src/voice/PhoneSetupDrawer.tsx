import { CopyOutlined, KeyOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../admin/routing/copy-text.ts';
import { dateTime } from '../i18n/format.ts';
import type { SipAccount } from './sip-account-types.ts';
import { useSipAccount } from './use-sip-account.ts';
import './phone-setup.css';

/**
 * 话机设置 / Phone setup: what to type into a desk phone or softphone (server, port, username,
 * realm), whether a phone is registered now, and a new password, shown once with a copy
 * button. The password lives only in this drawer's state and is gone when it closes.
 */
export function PhoneSetupDrawer({
  userId,
  open,
  onClose,
}: {
  userId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { account, loading, reload, newPassword } = useSipAccount(userId, open);
  const [password, setPassword] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const generate = async () => {
    setBusy(true);
    const made = await newPassword();
    setBusy(false);
    if (made) setPassword(made);
  };
  const copy = async () => {
    if (password && (await copyText(password))) void message.success(t('sipAccount.copied'));
    else void message.error(t('sipAccount.copyFailed'));
  };
  const close = () => {
    setPassword(null);
    onClose();
  };

  const button = (onClick?: () => void) => (
    <Button
      type={account?.username ? 'default' : 'primary'}
      icon={<KeyOutlined />}
      loading={busy}
      onClick={onClick}
      data-testid="sip-new-password"
    >
      {t('sipAccount.newPassword')}
    </Button>
  );

  return (
    <Drawer
      open={open}
      size={520}
      title={t('sipAccount.title')}
      onClose={close}
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void reload()}
          loading={loading}
          data-testid="sip-refresh"
        >
          {t('sipAccount.refresh')}
        </Button>
      }
      data-testid="phone-setup"
    >
      <Typography.Paragraph type="secondary">{t('sipAccount.intro')}</Typography.Paragraph>
      {account && account.serverAddress === null && (
        <Alert type="warning" showIcon className="phone-setup-alert" title={t('sipAccount.edgeOff')} />
      )}
      {account && <Settings account={account} />}
      {password ? (
        <Alert
          type="success"
          showIcon
          className="phone-setup-alert"
          data-testid="sip-password-once"
          title={t('sipAccount.generated')}
          description={
            <Space orientation="vertical" size="small" style={{ width: '100%' }}>
              <code className="phone-setup-password" data-testid="sip-password">
                {password}
              </code>
              <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="sip-copy-password">
                {t('sipAccount.copy')}
              </Button>
              <Typography.Text type="warning">{t('sipAccount.onceNote')}</Typography.Text>
            </Space>
          }
        />
      ) : (
        account && (
          <div className="phone-setup-actions">
            {account.username ? (
              <Popconfirm
                title={t('sipAccount.confirmTitle')}
                description={t('sipAccount.confirmBody')}
                okText={t('sipAccount.newPassword')}
                cancelText={t('common.cancel')}
                onConfirm={() => void generate()}
              >
                {button()}
              </Popconfirm>
            ) : (
              button(() => void generate())
            )}
          </div>
        )
      )}
    </Drawer>
  );
}

function Settings({ account }: { account: SipAccount }) {
  const { t } = useTranslation();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  const value = (text: string | number | null, testId: string) =>
    text === null ? (
      dash
    ) : (
      <Typography.Text copyable strong data-testid={testId}>
        {String(text)}
      </Typography.Text>
    );
  const live = account.registrations[0];
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      data-testid="sip-settings"
      className="phone-setup-settings"
    >
      <Descriptions.Item label={t('sipAccount.server')}>
        {value(account.serverAddress, 'sip-server')}
      </Descriptions.Item>
      <Descriptions.Item label={t('sipAccount.port')}>
        <Space>
          {value(account.serverPort, 'sip-port')}
          <Typography.Text type="secondary">
            {t('sipAccount.transportValue', {
              transports: account.transports.map((x) => x.toUpperCase()).join(' / '),
            })}
          </Typography.Text>
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('sipAccount.username')}>
        {account.username ? (
          value(account.username, 'sip-username')
        ) : (
          <Typography.Text type="secondary">{t('sipAccount.noAccount')}</Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('sipAccount.password')}>
        <Typography.Text type="secondary">
          {account.passwordSetAt
            ? t('sipAccount.passwordSet', { time: dateTime(account.passwordSetAt) })
            : t('sipAccount.passwordNone')}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('sipAccount.realm')}>{value(account.realm, 'sip-realm')}</Descriptions.Item>
      <Descriptions.Item label={t('sipAccount.status')}>
        <span data-testid="sip-status">
          {live ? (
            <Space orientation="vertical" size={0}>
              <Tag color="success">{t('sipAccount.registered')}</Tag>
              <Typography.Text type="secondary" className="small">
                {t('sipAccount.registeredDetail', {
                  phone: live.userAgent ?? t('sipAccount.unknownPhone'),
                  address: `${live.sourceAddress}:${live.sourcePort}`,
                  transport: live.transport.toUpperCase(),
                  time: dateTime(live.expiresAt),
                })}
              </Typography.Text>
            </Space>
          ) : (
            <Tag>{t('sipAccount.notRegistered')}</Tag>
          )}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}
