import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../../api/routing-types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { can } from '../../auth/permissions.ts';
import { AgentsTab } from './AgentsTab.tsx';
import { ChatSitesTab } from './ChatSitesTab.tsx';
import { MailboxesTab } from './MailboxesTab.tsx';
import { QueuesTab } from './QueuesTab.tsx';
import { SkillsTab } from './SkillsTab.tsx';
import type { QueueDetail, Skill, TenantUser } from './setup-types.ts';
import { useList } from './use-list.ts';
import './routing-setup.css';

/**
 * Routing setup for supervisors and admins: queues, agents' skills and capacity, skills, chat
 * sites and mailboxes. What the role may not change is shown read-only (the server's own
 * checks: managers change queues and agents, tenant admins sites and mailboxes).
 */
export function RoutingSetupPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const queues = useList<QueueDetail>('/api/v1/queues');
  const agents = useList<Agent>('/api/v1/agents');
  const skills = useList<Skill>('/api/v1/skills');
  const users = useList<TenantUser>('/api/v1/users');
  const manager = can.manage(me);
  const admin = can.administer(me);
  const queueList = queues.items ?? [];

  return (
    <div className="rs-page" data-testid="routing-setup">
      <Typography.Title level={3}>{t('routingSetup.title')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'queues',
            label: <span data-testid="tab-queues">{t('routingSetup.tabs.queues')}</span>,
            children: (
              <QueuesTab
                queues={queues.items}
                skills={skills.items ?? []}
                editable={manager}
                onChanged={() => void Promise.all([queues.reload(), skills.reload()])}
              />
            ),
          },
          {
            key: 'agents',
            label: <span data-testid="tab-agents">{t('routingSetup.tabs.agents')}</span>,
            children: (
              <AgentsTab
                agents={agents.items}
                users={users.items ?? []}
                skills={skills.items ?? []}
                editable={manager}
                onChanged={() => void Promise.all([agents.reload(), skills.reload()])}
              />
            ),
          },
          {
            key: 'skills',
            label: <span data-testid="tab-skills">{t('routingSetup.tabs.skills')}</span>,
            children: <SkillsTab skills={skills.items} agents={agents.items ?? []} queues={queueList} />,
          },
          {
            key: 'sites',
            label: <span data-testid="tab-sites">{t('routingSetup.tabs.sites')}</span>,
            children: <ChatSitesTab queues={queueList} editable={admin} />,
          },
          {
            key: 'mailboxes',
            label: <span data-testid="tab-mailboxes">{t('routingSetup.tabs.mailboxes')}</span>,
            children: <MailboxesTab queues={queueList} editable={admin} />,
          },
        ]}
      />
    </div>
  );
}
