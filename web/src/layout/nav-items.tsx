import {
  ApartmentOutlined,
  BarChartOutlined,
  ClusterOutlined,
  ControlOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  PartitionOutlined,
  PhoneOutlined,
  TeamOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { can } from '../auth/permissions.ts';

export interface NavItem {
  path: string;
  icon: ReactNode;
  /** Key in the `nav` section of the translations. */
  label: string;
}

/**
 * The product areas that are built, for the user's role. Tickets, follow-ups, campaigns,
 * knowledge and QA join here as their pages land, never before.
 */
export function navItems(me: Me): NavItem[] {
  return [
    { path: '/desktop', icon: <CustomerServiceOutlined />, label: 'nav.desktop', show: can.workDesktop(me) },
    { path: '/wallboard', icon: <DashboardOutlined />, label: 'nav.wallboard', show: can.watchFloor(me) },
    { path: '/customers', icon: <TeamOutlined />, label: 'nav.customers', show: true },
    { path: '/tickets', icon: <FileDoneOutlined />, label: 'nav.tickets', show: true },
    { path: '/segments', icon: <ClusterOutlined />, label: 'nav.segments', show: true },
    { path: '/analytics', icon: <BarChartOutlined />, label: 'nav.analytics', show: can.readReports(me) },
    { path: '/reports/calls', icon: <PhoneOutlined />, label: 'nav.callReport', show: can.readReports(me) },
    { path: '/imports', icon: <UploadOutlined />, label: 'nav.imports', show: can.manage(me) },
    { path: '/rules', icon: <ControlOutlined />, label: 'nav.rules', show: can.readReports(me) },
    {
      path: '/admin/routing',
      icon: <ApartmentOutlined />,
      label: 'nav.routingSetup',
      show: can.manage(me),
    },
    { path: '/admin/ivr', icon: <PartitionOutlined />, label: 'ivr.nav', show: can.manage(me) },
  ]
    .filter((item) => item.show)
    .map(({ show: _, ...item }) => item);
}
