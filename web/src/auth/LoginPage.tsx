import { LockOutlined, MailOutlined, PhoneOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/error-text.ts';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { useAuth } from './auth-context.tsx';

/** Sign-in: email and password, with the language switch available before anyone is known. */
export function LoginPage() {
  const { t } = useTranslation();
  const { login, expired } = useAuth();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(values: { email: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await login(values.email.trim(), values.password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <div className="login-brand">
          <span className="login-logo">
            <PhoneOutlined />
          </span>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
        </div>
        {expired && error === null && (
          <Alert type="info" showIcon title={t('errors.unauthenticated')} style={{ marginBottom: 16 }} />
        )}
        {error !== null && (
          <Alert
            type="error"
            showIcon
            title={errorText(error, t)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[{ required: true, message: t('login.emailRequired') }]}
          >
            <Input
              prefix={<MailOutlined />}
              data-testid="login-email"
              autoComplete="username"
              inputMode="email"
              autoFocus
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              data-testid="login-password"
              autoComplete="current-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
