import { Result, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from '../auth/auth-context.tsx';
import { LoginPage } from '../auth/LoginPage.tsx';
import { AppShell } from '../layout/AppShell.tsx';
import { navItems } from '../layout/nav-items.tsx';

// Each area is its own chunk, so sign-in does not wait for the charts library.
const CustomerList = lazy(() =>
  import('../customers/CustomerList.tsx').then((m) => ({ default: m.CustomerList })),
);
const CustomerCard = lazy(() =>
  import('../customers/card/CustomerCard.tsx').then((m) => ({ default: m.CustomerCard })),
);
const SegmentsPage = lazy(() =>
  import('../segments/SegmentsPage.tsx').then((m) => ({ default: m.SegmentsPage })),
);
const AnalyticsPage = lazy(() =>
  import('../insight/AnalyticsPage.tsx').then((m) => ({ default: m.AnalyticsPage })),
);
const DesktopPage = lazy(() =>
  import('../desktop/DesktopPage.tsx').then((m) => ({ default: m.DesktopPage })),
);
const WallboardPage = lazy(() =>
  import('../wallboard/WallboardPage.tsx').then((m) => ({ default: m.WallboardPage })),
);
const ImportPage = lazy(() => import('../imports/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const RulesPage = lazy(() => import('../admin/RulesPage.tsx').then((m) => ({ default: m.RulesPage })));
const RoutingSetupPage = lazy(() =>
  import('../admin/routing/RoutingSetupPage.tsx').then((m) => ({ default: m.RoutingSetupPage })),
);

const CallReportPage = lazy(() =>
  import('../voice/reports/CallReportPage.tsx').then((m) => ({ default: m.CallReportPage })),
);
const TicketsPage = lazy(() =>
  import('../service/tickets/TicketsPage.tsx').then((m) => ({ default: m.TicketsPage })),
);
const IvrPage = lazy(() => import('../voice/ivr/IvrPage.tsx').then((m) => ({ default: m.IvrPage })));

const loading = (
  <div className="page-spin">
    <Spin size="large" />
  </div>
);

/** The sign-in page until there is a user; then the shell and the pages of the built areas. */
export function AppRoutes() {
  const { t } = useTranslation();
  const { me, loading: restoring } = useAuth();
  if (restoring) return loading;
  if (!me) return <LoginPage />;
  if (!me.tenant)
    return (
      <AppShell>
        <Result status="info" title={t('app.chooseTenant')} subTitle={t('app.chooseTenantHint')} />
      </AppShell>
    );
  // Only the areas the role may open get a route; any other address lands on the customers.
  const allowed = new Set(navItems(me).map((i) => i.path));
  return (
    <AppShell>
      <Suspense fallback={loading}>
        {/* A tenant switch remounts every page, so nothing of the previous tenant lingers. */}
        <Routes key={me.tenant.id}>
          {allowed.has('/desktop') && <Route path="/desktop" element={<DesktopPage />} />}
          {allowed.has('/wallboard') && <Route path="/wallboard" element={<WallboardPage />} />}
          <Route path="/customers" element={<CustomerList />} />
          <Route path="/customers/:id" element={<CustomerCard />} />
          {allowed.has('/tickets') && <Route path="/tickets" element={<TicketsPage />} />}
          {allowed.has('/segments') && <Route path="/segments" element={<SegmentsPage />} />}
          {allowed.has('/analytics') && <Route path="/analytics" element={<AnalyticsPage />} />}
          {allowed.has('/reports/calls') && <Route path="/reports/calls" element={<CallReportPage />} />}
          {allowed.has('/imports') && <Route path="/imports" element={<ImportPage />} />}
          {allowed.has('/rules') && <Route path="/rules" element={<RulesPage />} />}
          {allowed.has('/admin/routing') && <Route path="/admin/routing" element={<RoutingSetupPage />} />}
          {allowed.has('/admin/ivr') && <Route path="/admin/ivr" element={<IvrPage />} />}
          <Route path="*" element={<Navigate to="/customers" replace />} />
        </Routes>
      </Suspense>
    </AppShell>
  );
}
