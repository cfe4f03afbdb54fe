/**
 * A tenant's custom fields per ticket type (a repair's product model, a complaint's order
 * number) and the check of a ticket's values against them. Pure.
 */
import { z } from 'zod';

export const fieldDefinition = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a key: lower-case letters, digits and _'),
  label: z.strictObject({ 'zh-CN': z.string().trim().min(1).max(60), en: z.string().trim().min(1).max(60) }),
  kind: z.enum(['text', 'number', 'date', 'select']),
  options: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  required: z.boolean().default(false),
});
export type FieldDefinition = z.infer<typeof fieldDefinition>;

export const fieldDefinitions = z
  .array(fieldDefinition)
  .max(30)
  .superRefine((defs, ctx) => {
    const seen = new Set<string>();
    defs.forEach((d, i) => {
      if (seen.has(d.key))
        ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `${d.key}: used twice` });
      seen.add(d.key);
      if (d.kind === 'select' && !d.options?.length)
        ctx.addIssue({ code: 'custom', path: [i, 'options'], message: 'a select field needs options' });
    });
  });

export type FieldValues = Record<string, string | number | null>;

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The problems of `values` against `defs`: unknown keys, missing required values, wrong kinds,
 * a choice not among the options. `partial` checks only the keys given (an update).
 *
 * @example fieldProblems([{ key: 'model', kind: 'text', required: true, … }], {}) // [{ path: 'customFields.model', message: 'required' }]
 */
export function fieldProblems(
  defs: readonly FieldDefinition[],
  values: FieldValues,
  partial = false,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byKey = new Map(defs.map((d) => [d.key, d]));
  for (const key of Object.keys(values))
    if (!byKey.has(key))
      problems.push({ path: `customFields.${key}`, message: 'no such field for this type' });
  for (const def of defs) {
    const path = `customFields.${def.key}`;
    const value = values[def.key];
    if (value === undefined || value === null || value === '') {
      if (def.required && (!partial || def.key in values)) problems.push({ path, message: 'required' });
      continue;
    }
    if (def.kind === 'number' && typeof value !== 'number') problems.push({ path, message: 'a number' });
    else if (def.kind !== 'number' && typeof value !== 'string') problems.push({ path, message: 'text' });
    else if (def.kind === 'date' && (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)))
      problems.push({ path, message: 'a date as YYYY-MM-DD' });
    else if (def.kind === 'select' && !def.options?.includes(String(value)))
      problems.push({ path, message: `one of ${def.options?.join(', ')}` });
    else if (typeof value === 'string' && value.length > 2000)
      problems.push({ path, message: 'at most 2000 characters' });
  }
  return problems;
}
