/**
 * Which demo agents the simulated agents sit in for: agents of 华信家电 who can take the
 * hotline's queue (its required skills at their levels), have a SIP account and no phone
 * registered now (a person may be using it), taken from the end of the list (agent20,
 * agent19 …) so `agent@huaxin.demo`, the login the README suggests, stays free for a person.
 */
import { DEMO_NUMBERS, DEMO_SIP_PASSWORD } from '../../channels/voice/accounts/demo-voice.ts';
import { DEMO_LOGINS } from '../demo-data.ts';
import { HotlineApi } from './api-client.ts';

export interface DeskAgentLogin {
  email: string;
  password: string;
  sipUsername: string;
  sipPassword: string;
}

const TENANT = 'demo';
const ADMIN = 'admin@huaxin.demo';
const KEPT_FOR_PEOPLE = 'agent@huaxin.demo';

/** A user as GET /api/v1/users lists them (agents get their routing profile on first sign-in). */
interface UserItem {
  id: string;
  email: string;
  role: string;
  skills: { code: string; level: number }[];
}

export async function chooseDeskAgents(baseUrl: string, count: number): Promise<DeskAgentLogin[]> {
  if (count <= 0) return [];
  const api = new HotlineApi(baseUrl);
  await api.login(ADMIN, DEMO_LOGINS.find((l) => l.email === ADMIN)!.password);
  const agentPassword = DEMO_LOGINS.find(
    (l) => l.role === 'agent' && l.email.endsWith('@huaxin.demo'),
  )!.password;
  const number = DEMO_NUMBERS.find((n) => n.tenantSlug === TENANT)!.number;
  const route = await api.get<{ queueId: string | null }>(`/api/v1/voice/numbers/${number}`);
  const queues = (
    await api.get<{ items: { id: string; requiredSkills: { skill: string; minLevel: number }[] }[] }>(
      '/api/v1/queues',
    )
  ).items;
  const required = queues.find((q) => q.id === route.queueId)?.requiredSkills ?? [];
  const agents = (await api.get<{ items: UserItem[] }>('/api/v1/users')).items
    .filter((a) => a.role === 'agent' && a.email !== KEPT_FOR_PEOPLE)
    .filter((a) => required.every((r) => a.skills.some((s) => s.code === r.skill && s.level >= r.minLevel)))
    .sort((a, b) => b.email.localeCompare(a.email));
  const chosen: DeskAgentLogin[] = [];
  for (const agent of agents) {
    if (chosen.length >= count) break;
    const account = await api.get<{ username: string | null; registered: boolean }>(
      `/api/v1/agents/${agent.id}/sip-account`,
    );
    if (!account.username || account.registered) continue;
    chosen.push({
      email: agent.email,
      password: agentPassword,
      sipUsername: account.username,
      sipPassword: DEMO_SIP_PASSWORD,
    });
  }
  return chosen;
}
