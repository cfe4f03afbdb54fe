import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useList } from '../../admin/routing/use-list.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { can } from '../../auth/permissions.ts';
import type { IvrMenu, VoicePrompt } from './ivr-types.ts';
import { MenusTab } from './MenusTab.tsx';
import { PromptsTab } from './PromptsTab.tsx';
import './ivr.css';

interface QueueRow {
  id: string;
  name: string;
  channels: string[];
}

/**
 * IVR menus for admins (supervisors see them read-only): the menus callers hear on the
 * hotline numbers, and the WAV prompts uploaded for them.
 */
export function IvrPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const menus = useList<IvrMenu>('/api/v1/voice/ivr-menus');
  const prompts = useList<VoicePrompt>('/api/v1/voice/prompts');
  const queues = useList<QueueRow>('/api/v1/queues');
  const admin = can.administer(me);
  const voiceQueues = (queues.items ?? []).filter((q) => q.channels.includes('voice'));

  return (
    <div className="ivr-page" data-testid="ivr-page">
      <Typography.Title level={3}>{t('ivr.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('ivr.intro')}</Typography.Paragraph>
      <Tabs
        items={[
          {
            key: 'menus',
            label: <span data-testid="tab-ivr-menus">{t('ivr.tabs.menus')}</span>,
            children: (
              <MenusTab
                menus={menus.items}
                queues={voiceQueues}
                prompts={prompts.items ?? []}
                editable={admin}
                onChanged={() => void Promise.all([menus.reload(), prompts.reload()])}
              />
            ),
          },
          {
            key: 'prompts',
            label: <span data-testid="tab-ivr-prompts">{t('ivr.tabs.prompts')}</span>,
            children: (
              <PromptsTab
                prompts={prompts.items}
                editable={admin}
                onChanged={() => void Promise.all([menus.reload(), prompts.reload()])}
              />
            ),
          },
        ]}
      />
    </div>
  );
}
