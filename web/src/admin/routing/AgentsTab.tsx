import { Button, Table, Tag } from 'antd';
import { type HTMLAttributes, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Agent } from '../../api/routing-types.ts';
import { AgentStateTag } from '../../floor/AgentStateTag.tsx';
import { AgentProfileModal, type AgentRow } from './AgentProfileModal.tsx';
import type { Skill, TenantUser } from './setup-types.ts';

/** Roles that take interactions: a user of these roles without a profile can be given one. */
const DESK_ROLES = ['agent', 'supervisor'];
const NEW_PROFILE = { skills: [], capacity: { voice: 1, chat: 3, email: 5 } };

type Row = AgentRow &
  Partial<Pick<Agent, 'state' | 'stateReason' | 'load'>> & { email: string; role: string };

/**
 * Every agent with their state, skills and capacity per channel, and the agents and
 * supervisors who have no profile yet; managers set skills and capacity.
 */
export function AgentsTab({
  agents,
  users,
  skills,
  editable,
  onChanged,
}: {
  agents: Agent[] | null;
  users: TenantUser[];
  skills: Skill[];
  editable: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<AgentRow | null>(null);
  const rows = useMemo<Row[]>(() => {
    const withProfile = (agents ?? []).map((a) => ({ ...a, hasProfile: true }));
    const ids = new Set(withProfile.map((a) => a.id));
    const without = users
      .filter((u) => DESK_ROLES.includes(u.role) && !ids.has(u.id))
      .map((u) => ({ ...u, ...NEW_PROFILE, hasProfile: false }));
    return [...withProfile, ...without];
  }, [agents, users]);

  return (
    <>
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={!agents}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(a) => ({ 'data-testid': `agent-row-${a.email}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('routingSetup.agent.name'),
            key: 'name',
            render: (_, a) => (
              <>
                <div>{a.displayName}</div>
                <div className="small muted">
                  {a.email} · {t(`roles.${a.role}`)}
                </div>
              </>
            ),
          },
          {
            title: t('routingSetup.agent.state'),
            key: 'state',
            render: (_, a) =>
              a.state ? (
                <AgentStateTag state={a.state} reason={a.stateReason} />
              ) : (
                <Tag>{t('routingSetup.agent.noProfile')}</Tag>
              ),
          },
          {
            title: t('routingSetup.agent.skills'),
            key: 'skills',
            render: (_, a) =>
              a.skills.length === 0
                ? '—'
                : a.skills.map((s) => (
                    <Tag key={s.skill} color="blue">
                      {s.skill} · {t('routingSetup.skills.levelValue', { level: s.level })}
                    </Tag>
                  )),
          },
          {
            title: t('routingSetup.agent.capacity'),
            children: (['voice', 'chat', 'email'] as const).map((c) => ({
              title: t(`channels.${c}`),
              key: c,
              align: 'right' as const,
              render: (_: unknown, a: Row) => (a.hasProfile ? a.capacity[c] : '—'),
            })),
          },
          ...(editable
            ? [
                {
                  key: 'actions',
                  render: (_: unknown, a: Row) => (
                    <Button type="link" onClick={() => setEditing(a)} data-testid="agent-edit">
                      {a.hasProfile ? t('common.edit') : t('routingSetup.agent.createProfile')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AgentProfileModal
        agent={editing}
        skills={skills}
        onClose={() => setEditing(null)}
        onSaved={onChanged}
      />
    </>
  );
}
