import { Alert, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../../api/routing-types.ts';
import type { QueueDetail, Skill } from './setup-types.ts';

/**
 * The tenant's skills with who has them and which queues need them. The API has no endpoint
 * to add or rename a skill: naming a new code on an agent or a queue adds it.
 */
export function SkillsTab({
  skills,
  agents,
  queues,
}: {
  skills: Skill[] | null;
  agents: Agent[];
  queues: QueueDetail[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <Alert type="info" showIcon title={t('routingSetup.skills.howToAdd')} style={{ marginBottom: 16 }} />
      <Table<Skill>
        rowKey="id"
        size="middle"
        loading={!skills}
        dataSource={skills ?? []}
        pagination={false}
        columns={[
          {
            title: t('routingSetup.skills.code'),
            dataIndex: 'code',
            render: (c: string) => <code>{c}</code>,
          },
          { title: t('routingSetup.skills.name'), dataIndex: 'name' },
          {
            title: t('routingSetup.skills.agents'),
            key: 'agents',
            render: (_, s) => {
              const holders = agents.filter((a) => a.skills.some((x) => x.skill === s.code));
              return holders.length === 0
                ? '—'
                : t('routingSetup.skills.agentCount', { count: holders.length });
            },
          },
          {
            title: t('routingSetup.skills.queues'),
            key: 'queues',
            render: (_, s) =>
              queues
                .filter((q) => q.requiredSkills.some((r) => r.skill === s.code))
                .map((q) => <Tag key={q.id}>{q.name}</Tag>),
          },
        ]}
      />
    </>
  );
}
