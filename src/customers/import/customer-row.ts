import type { ContactDraft } from '../customers.service.ts';
import type { RowError } from './csv-records.ts';

/** Header names accepted for each customer field (English or Chinese, any case). */
export const CUSTOMER_HEADERS = {
  externalRef: ['external_ref', 'ref', 'customer_ref', 'customer_id', '客户编号', '客户编码', '客户ID'],
  name: ['姓名', '客户名称', '客户姓名', '名称', 'full_name'],
  phone: ['phones', 'mobile', 'tel', 'telephone', '电话', '手机', '手机号', '手机号码', '联系电话'],
  email: ['emails', 'e-mail', '邮箱', '电子邮件', '电子邮箱'],
  chat: ['chat_id', 'wechat', '微信', '微信号'],
  company: ['公司', '单位', '公司名称'],
  province: ['省份', '省'],
  city: ['城市', '市'],
  tags: ['标签'],
  doNotCall: ['do_not_call', 'dnc', '免打扰', '禁止外呼'],
  marketingOptIn: ['marketing_opt_in', 'marketing', '营销授权', '接受营销'],
  gender: ['性别', 'sex'],
  birthday: ['生日', '出生日期', 'birth_date'],
  notes: ['备注', 'note', 'remarks'],
  referredBy: ['referred_by', 'referrer', '推荐人编号', '推荐人'],
} as const;

export interface CustomerRowDraft {
  externalRef?: string;
  name: string;
  company?: string;
  province?: string;
  city?: string;
  tags?: string[];
  doNotCall?: boolean;
  marketingOptIn?: boolean;
  gender?: 'male' | 'female' | 'other';
  birthday?: string;
  notes?: string;
  referredByRef?: string;
  contacts: ContactDraft[];
}

const YES = ['1', 'y', 'yes', 'true', '是', '对', 'x', '✓'];
const NO = ['0', 'n', 'no', 'false', '否', ''];
const GENDERS: Record<string, 'male' | 'female' | 'other'> = {
  m: 'male',
  male: 'male',
  男: 'male',
  f: 'female',
  female: 'female',
  女: 'female',
  other: 'other',
  其他: 'other',
};

/**
 * One CSV row → a customer draft, or the reasons it cannot be one (pure; contacts are
 * only split here, normalised and checked for duplicates by the service).
 */
export function parseCustomerRow(line: number, v: Record<string, string>): CustomerRowDraft | RowError[] {
  const errors: RowError[] = [];
  const fail = (field: string, reason: string) => errors.push({ line, field, reason });

  if (!v.name) fail('name', 'Name is required');
  else if (v.name.length > 100) fail('name', 'Name is longer than 100 characters');
  const draft: CustomerRowDraft = { name: v.name ?? '', contacts: [] };
  if (v.externalRef) draft.externalRef = v.externalRef;
  if (v.company) draft.company = v.company;
  if (v.province) draft.province = v.province;
  if (v.city) draft.city = v.city;
  if (v.notes) draft.notes = v.notes;
  if (v.referredBy) draft.referredByRef = v.referredBy;
  if (v.tags) draft.tags = splitList(v.tags);
  for (const field of ['doNotCall', 'marketingOptIn'] as const) {
    const raw = v[field];
    if (raw === undefined) continue;
    const flag = parseFlag(raw);
    if (flag === null) fail(field, `"${raw}" is not yes/no (是/否)`);
    else draft[field] = flag;
  }
  if (v.gender) {
    const gender = GENDERS[v.gender.toLowerCase()];
    if (gender) draft.gender = gender;
    else fail('gender', `"${v.gender}" is not a gender (男/女/male/female)`);
  }
  if (v.birthday) {
    const date = v.birthday.replace(/[/.]/g, '-');
    if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(date) && !Number.isNaN(Date.parse(padDate(date))))
      draft.birthday = padDate(date);
    else fail('birthday', `"${v.birthday}" is not a date (YYYY-MM-DD)`);
  }
  for (const kind of ['phone', 'email', 'chat'] as const) {
    for (const value of splitList(v[kind] ?? '')) draft.contacts.push({ kind, value });
  }
  return errors.length > 0 ? errors : draft;
}

export function splitList(raw: string): string[] {
  return raw
    .split(/[;|；、,，/]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseFlag(raw: string): boolean | null {
  const value = raw.trim().toLowerCase();
  if (YES.includes(value)) return true;
  if (NO.includes(value)) return false;
  return null;
}

function padDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}
