import { sql } from 'kysely';
import type { TenantTx } from '../kernel/db/tenant-scope.ts';

/**
 * The ids of these skill codes, adding the ones the tenant does not have yet (named after
 * their code until an admin renames them): a queue or an agent can name a new skill without
 * a separate step.
 */
export async function ensureSkills(
  tx: TenantTx,
  tenantId: string,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return new Map();
  await sql`
    insert into skills (tenant_id, code, name)
    select ${tenantId}::uuid, code, code from unnest(${unique}::text[]) as u(code)
    on conflict (tenant_id, code) do nothing
  `.execute(tx);
  const rows = await tx.selectFrom('skills').select(['id', 'code']).where('code', 'in', unique).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}
