import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth-context.tsx';
import { LoginPage } from './auth/LoginPage.tsx';
import './i18n/index.ts';
import { RulesPage } from './admin/RulesPage.tsx';
import { CustomerCard } from './customers/CustomerCard.tsx';
import { CustomerList } from './customers/CustomerList.tsx';
import { ImportPage } from './imports/ImportPage.tsx';
import { AnalyticsPage } from './insight/AnalyticsPage.tsx';
import { AppShell } from './layout/AppShell.tsx';
import { SegmentsPage } from './segments/SegmentsPage.tsx';

function Routed() {
  const { me, loading } = useAuth();
  if (loading) return <Spin style={{ display: 'block', marginTop: 120 }} />;
  if (!me) return <LoginPage />;
  return (
    <AppShell>
      <Routes>
        <Route path="/customers" element={<CustomerList />} />
        <Route path="/customers/:id" element={<CustomerCard />} />
        <Route path="/segments" element={<SegmentsPage />} />
        <Route path="/analytics" element={<AnalyticsPage />} />
        <Route path="/imports" element={<ImportPage />} />
        <Route path="/rules" element={<RulesPage />} />
        <Route path="*" element={<Navigate to="/customers" replace />} />
      </Routes>
    </AppShell>
  );
}

function Root() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { borderRadius: 4 } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routed />
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
