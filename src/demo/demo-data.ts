import { base, en, Faker, zh_CN } from '@faker-js/faker';
import { normalizePhone } from '../customers/contact-value.ts';
import type { OrderStatus, Role } from '../kernel/db/schema.ts';

/**
 * The demo tenants, generated deterministically (a seeded faker, and `now` passed in), so
 * every fresh install shows the same customers. Pure: no I/O, no clock.
 *
 * The shape follows a real business: each customer has a heavy-tailed "propensity" that
 * drives how often and how dear they buy, so a fifth of the customers bring most of the
 * revenue; companies buy more than households; many buy once, some never did (leads),
 * and a handful came by a friend's referral.
 *
 * @example
 *   const data = generateDemoData(new Date('2026-11-01T00:00:00Z'));
 *   data.tenants[0].customers.length; // 5000
 */
export interface DemoLogin {
  role: Role;
  /** The tenant's display name, or null for the operator (every tenant). */
  tenant: string | null;
  email: string;
  password: string;
}

export interface DemoUser {
  email: string;
  password: string;
  displayName: string;
  role: Exclude<Role, 'operator_admin'>;
  team: string | null;
  skills: { code: string; level: number }[];
}

export interface DemoCustomer {
  ref: string;
  name: string;
  gender: 'male' | 'female';
  company: string | null;
  province: string;
  city: string;
  tags: string[];
  doNotCall: boolean;
  marketingOptIn: boolean;
  /** E.164, as the app stores it. */
  phone: string;
  email: string | null;
  wechat: string | null;
  createdAt: Date;
  referredByRef: string | null;
}

export interface DemoOrder {
  ref: string;
  customerRef: string;
  product: string;
  category: string;
  amountMinor: number;
  marginMinor: number;
  status: OrderStatus;
  orderedAt: Date;
  /** When it was refunded or cancelled (null while completed). */
  statusChangedAt: Date | null;
}

export interface DemoTenant {
  slug: string;
  name: string;
  defaultRegion: string;
  currency: string;
  timeZone: string;
  teams: string[];
  skills: { code: string; name: string }[];
  queues: { code: string; name: string; skills: string[]; priority: number }[];
  users: DemoUser[];
  customers: DemoCustomer[];
  orders: DemoOrder[];
}

export interface DemoData {
  operator: { email: string; password: string; displayName: string };
  tenants: DemoTenant[];
}

/** The slug whose presence means "the demo is loaded" (the loader writes it last). */
export const DEMO_SLUG = 'demo';
const INSURER_SLUG = 'acme-insurance';
const RETAILER = '华信家电';
const INSURER = '安心保险';

const PASSWORDS = {
  operator: 'hotline-operator',
  admin: 'hotline-admin',
  supervisor: 'hotline-supervisor',
  agent: 'hotline-agent',
  analyst: 'hotline-analyst',
} as const;

/**
 * The sign-ins the start-up banner and the README show: one per role and tenant (the other
 * agents, `agent02@huaxin.demo` … `agent20@huaxin.demo`, share the agent password).
 */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { role: 'operator_admin', tenant: null, email: 'operator@hotline.demo', password: PASSWORDS.operator },
  { role: 'tenant_admin', tenant: RETAILER, email: 'admin@huaxin.demo', password: PASSWORDS.admin },
  { role: 'supervisor', tenant: RETAILER, email: 'supervisor@huaxin.demo', password: PASSWORDS.supervisor },
  { role: 'supervisor', tenant: RETAILER, email: 'supervisor2@huaxin.demo', password: PASSWORDS.supervisor },
  { role: 'agent', tenant: RETAILER, email: 'agent@huaxin.demo', password: PASSWORDS.agent },
  { role: 'analyst', tenant: RETAILER, email: 'analyst@huaxin.demo', password: PASSWORDS.analyst },
  { role: 'tenant_admin', tenant: INSURER, email: 'admin@acme.demo', password: PASSWORDS.admin },
  { role: 'supervisor', tenant: INSURER, email: 'supervisor@acme.demo', password: PASSWORDS.supervisor },
  { role: 'agent', tenant: INSURER, email: 'agent1@acme.demo', password: PASSWORDS.agent },
];

/** Real provinces (and municipalities) with cities that belong to them. */
export const REGIONS: readonly (readonly [province: string, cities: readonly string[]])[] = [
  ['广东省', ['广州市', '深圳市', '佛山市', '东莞市']],
  ['浙江省', ['杭州市', '宁波市', '温州市']],
  ['江苏省', ['南京市', '苏州市', '无锡市', '常州市']],
  ['山东省', ['济南市', '青岛市', '烟台市']],
  ['北京市', ['北京市']],
  ['上海市', ['上海市']],
  ['天津市', ['天津市']],
  ['重庆市', ['重庆市']],
  ['四川省', ['成都市', '绵阳市', '宜宾市']],
  ['湖北省', ['武汉市', '宜昌市', '襄阳市']],
  ['湖南省', ['长沙市', '株洲市', '岳阳市']],
  ['河南省', ['郑州市', '洛阳市']],
  ['福建省', ['福州市', '厦门市', '泉州市']],
  ['陕西省', ['西安市', '咸阳市']],
  ['辽宁省', ['沈阳市', '大连市']],
  ['安徽省', ['合肥市', '芜湖市']],
];

interface Catalogue {
  /** Retail prices end in 9 (2,999 yuan); premiums are quoted to the yuan. */
  pricing: 'retail' | 'premium';
  categories: {
    category: string;
    /** How often it is bought, relative to the others. */
    weight: number;
    margin: [min: number, max: number];
    models: [name: string, minYuan: number, maxYuan: number][];
  }[];
}

const APPLIANCES: Catalogue = {
  pricing: 'retail',
  categories: [
    {
      category: '空调',
      weight: 18,
      margin: [0.12, 0.22],
      models: [
        ['格力 云佳 KFR-35GW/NhGd1B', 2599, 3299],
        ['美的 酷省电 KFR-26GW/N8KS1-1', 2199, 2799],
        ['奥克斯 KFR-35GW/BpR3AQG', 1799, 2299],
        ['海尔 静悦 KFR-50LW/03KCA81U1', 5299, 6999],
        ['格力 云锦Ⅲ KFR-72LW', 7999, 9999],
      ],
    },
    {
      category: '冰箱',
      weight: 12,
      margin: [0.12, 0.24],
      models: [
        ['美的 BCD-521WKPZM(E)', 2999, 3799],
        ['容声 BCD-502WD', 2899, 3599],
        ['海尔 BCD-470WGHFD', 3999, 4999],
        ['西门子 KA92NV02TI', 6999, 8999],
        ['卡萨帝 BCD-635WVPAU1', 12999, 16999],
      ],
    },
    {
      category: '洗衣机',
      weight: 12,
      margin: [0.12, 0.25],
      models: [
        ['美的 MG100V11D', 1299, 1699],
        ['海尔 EG100MATE28S', 2199, 2899],
        ['小天鹅 水魔方 TG100V88', 2999, 3999],
        ['西门子 WG54A1A00W', 3999, 4999],
      ],
    },
    {
      category: '电视',
      weight: 10,
      margin: [0.1, 0.16],
      models: [
        ['创维 55A3D', 1899, 2399],
        ['Redmi 智能电视 A70', 2299, 2799],
        ['海信 65E3H', 2999, 3799],
        ['TCL 75V8G', 4299, 5299],
        ['索尼 XR-65X90L', 7999, 9999],
      ],
    },
    {
      category: '热水器',
      weight: 8,
      margin: [0.15, 0.28],
      models: [
        ['美的 F6021-JE3', 899, 1199],
        ['万和 JSQ25-13ET', 1499, 1999],
        ['海尔 JSQ31-16WN5S', 2299, 2899],
        ['A.O.史密斯 E60VN3', 2999, 3999],
      ],
    },
    {
      category: '厨电',
      weight: 10,
      margin: [0.15, 0.3],
      models: [
        ['美的 洗碗机 RX600', 3499, 4299],
        ['华帝 烟灶套装 i11150+i10041B', 3999, 4999],
        ['老板 烟灶套装 27A7+57B0', 5999, 7999],
        ['方太 蒸烤一体机 E2', 6999, 8999],
        ['方太 烟灶套装 EMD20T+TH31B', 8999, 11999],
      ],
    },
    {
      category: '小家电',
      weight: 30,
      margin: [0.18, 0.3],
      models: [
        ['美的 电饭煲 MB-FB40S701', 299, 399],
        ['九阳 豆浆机 DJ13B-D08D', 299, 459],
        ['苏泊尔 电压力锅 SY-50FC8', 299, 399],
        ['飞利浦 电动牙刷 HX6730', 299, 499],
        ['小米 空气净化器 4 Pro', 999, 1299],
        ['科沃斯 扫地机器人 T20', 2999, 3999],
        ['戴森 V12 吸尘器', 3990, 4690],
      ],
    },
  ],
};

const POLICIES: Catalogue = {
  pricing: 'premium',
  categories: [
    {
      category: '车险',
      weight: 30,
      margin: [0.1, 0.18],
      models: [
        ['交强险', 950, 1100],
        ['商业车险 综合版', 2800, 6800],
      ],
    },
    {
      category: '寿险',
      weight: 10,
      margin: [0.2, 0.3],
      models: [
        ['安心定期寿险 20年期', 1200, 4800],
        ['安心终身寿险', 6000, 20000],
      ],
    },
    {
      category: '健康险',
      weight: 25,
      margin: [0.15, 0.3],
      models: [
        ['安心百万医疗', 300, 1500],
        ['安心重疾险', 3000, 12000],
      ],
    },
    {
      category: '意外险',
      weight: 20,
      margin: [0.2, 0.3],
      models: [
        ['综合意外险', 100, 300],
        ['出行意外险', 50, 200],
      ],
    },
    { category: '财产险', weight: 15, margin: [0.15, 0.25], models: [['家庭财产险', 200, 1000]] },
  ],
};

/** Real mobile prefixes (China Mobile, Unicom, Telecom). */
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '178',
  '182',
  '183',
  '187',
  '188',
  '198',
  '130',
  '131',
  '132',
  '155',
  '156',
  '166',
  '176',
  '185',
  '186',
  '133',
  '153',
  '173',
  '177',
  '180',
  '181',
  '189',
  '191',
  '199',
];
const ENGLISH_NAMES = {
  male: ['David', 'James', 'Michael', 'Tom', 'Lucas', 'Daniel', 'Kevin', 'Peter'],
  female: ['Emma', 'Sophie', 'Anna', 'Linda', 'Grace', 'Emily', 'Lucy', 'Sarah'],
  last: ['Smith', 'Miller', 'Brown', 'Wilson', 'Taylor', 'Johnson', 'Green', 'Walker'],
};
const TRADE_NAMES = [
  '恒达',
  '鑫源',
  '华强',
  '永盛',
  '金诚',
  '瑞丰',
  '宏图',
  '嘉禾',
  '锦程',
  '新世纪',
  '天成',
  '众合',
  '远航',
  '德润',
  '明辉',
  '信达',
  '佳美',
  '盛世',
  '安和',
  '博远',
];
const INDUSTRIES = ['酒店管理', '物业服务', '餐饮管理', '科技', '贸易', '装饰工程', '教育咨询', '医疗器械'];
const EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com', 'gmail.com'];

const CHINA = { defaultRegion: 'CN', currency: 'CNY', timeZone: 'Asia/Shanghai' };
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The history the orders cover. */
const HISTORY_DAYS = 730;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

interface TenantShape {
  refPrefix: string;
  orderPrefix: string;
  customers: number;
  orders: number;
  catalogue: Catalogue;
  /** Most orders a household / a company places over the two years. */
  caps: { person: number; company: number };
  companyShare: number;
  tags: { loyal: string; extra: string[] };
}

/**
 * Two demo tenants: the appliance retailer 华信家电 (5,000 customers, about 20,000 orders)
 * and the insurer 安心保险 (300 customers). `scale` shrinks both for tests.
 */
export function generateDemoData(now: Date, options: { scale?: number; seed?: number } = {}): DemoData {
  const scale = options.scale ?? 1;
  const seed = options.seed ?? 20261122;
  const retailFaker = makeFaker(seed);
  const retail = population(retailFaker, now, {
    refPrefix: 'C',
    orderPrefix: 'O',
    customers: Math.max(20, Math.round(5000 * scale)),
    orders: Math.max(40, Math.round(20000 * scale)),
    catalogue: APPLIANCES,
    caps: { person: 20, company: 80 },
    companyShare: 0.2,
    tags: { loyal: '老客户', extra: ['以旧换新', '会员'] },
  });
  // The insurer draws from its own seed, so scaling the retailer leaves it unchanged.
  const insureFaker = makeFaker(seed + 1);
  const insured = population(insureFaker, now, {
    refPrefix: 'P',
    orderPrefix: 'PO',
    customers: Math.max(20, Math.round(300 * scale)),
    orders: Math.max(40, Math.round(700 * scale)),
    catalogue: POLICIES,
    caps: { person: 8, company: 24 },
    companyShare: 0.15,
    tags: { loyal: '老客户', extra: ['理赔过', '续保提醒'] },
  });
  return {
    operator: { email: 'operator@hotline.demo', password: PASSWORDS.operator, displayName: '运营管理员' },
    tenants: [
      {
        slug: DEMO_SLUG,
        name: RETAILER,
        ...CHINA,
        teams: ['售前组', '售后组', '投诉组'],
        skills: [
          { code: 'presales', name: '售前咨询' },
          { code: 'aftersales', name: '售后服务' },
          { code: 'complaints', name: '投诉处理' },
          { code: 'english', name: '英语服务' },
        ],
        queues: [
          { code: 'presales', name: '售前咨询', skills: ['presales'], priority: 2 },
          { code: 'aftersales', name: '售后服务', skills: ['aftersales'], priority: 3 },
          { code: 'complaints', name: '投诉受理', skills: ['complaints'], priority: 5 },
        ],
        users: retailerUsers(retailFaker),
        ...retail,
      },
      {
        slug: INSURER_SLUG,
        name: INSURER,
        ...CHINA,
        teams: ['客服一组'],
        skills: [
          { code: 'claims', name: '理赔咨询' },
          { code: 'renewal', name: '续保服务' },
        ],
        queues: [
          { code: 'claims', name: '理赔咨询', skills: ['claims'], priority: 4 },
          { code: 'renewal', name: '续保服务', skills: ['renewal'], priority: 2 },
        ],
        users: insurerUsers(insureFaker),
        ...insured,
      },
    ],
  };
}

function makeFaker(seed: number): Faker {
  const faker = new Faker({ locale: [zh_CN, en, base] });
  faker.seed(seed);
  return faker;
}

interface Draft {
  customer: Omit<DemoCustomer, 'ref' | 'referredByRef'>;
  propensity: number;
  buys: boolean;
  orders: Omit<DemoOrder, 'ref' | 'customerRef'>[];
}

/** Customers and their orders for one tenant, customers and orders numbered oldest first. */
function population(faker: Faker, now: Date, shape: TenantShape) {
  const end = now.getTime();
  const windowStart = end - HISTORY_DAYS * DAY_MS;
  const phones = new Set<string>();
  const emails = new Set<string>();
  const wechats = new Set<string>();
  const drafts: Draft[] = [];
  for (let i = 0; i < shape.customers; i++) {
    const gender = faker.helpers.arrayElement(['male', 'female'] as const);
    const [province, cities] = faker.helpers.arrayElement(REGIONS);
    const city = faker.helpers.arrayElement(cities);
    const isCompany = faker.number.float() < shape.companyShare;
    // Lognormal: most customers modest, a few heavy buyers; companies buy more.
    const propensity = Math.exp(1.1 * normal(faker)) * (isCompany ? 2.5 : 1);
    // Joined up to a month before the window: some were customers before it began.
    const joined = atBusinessHour(
      faker,
      faker.number.int({ min: windowStart - 30 * DAY_MS, max: end - DAY_MS }),
    );
    drafts.push({
      customer: {
        name: personName(faker, gender),
        gender,
        company: isCompany
          ? `${city.replace(/市$/, '')}${faker.helpers.arrayElement(TRADE_NAMES)}${faker.helpers.arrayElement(INDUSTRIES)}有限公司`
          : null,
        province,
        city,
        tags: [],
        doNotCall: faker.number.float() < 0.05,
        marketingOptIn: faker.number.float() < 0.6,
        phone: uniqueValue(phones, () => mobile(faker)),
        email: faker.number.float() < 0.35 ? uniqueValue(emails, () => emailAddress(faker)) : null,
        wechat: faker.number.float() < 0.25 ? uniqueValue(wechats, () => wechatId(faker)) : null,
        createdAt: new Date(Math.min(joined, end - HOUR_MS)),
      },
      propensity,
      // About one in eight never bought: leads from an enquiry, a campaign or a referral.
      buys: faker.number.float() >= 0.12,
      orders: [],
    });
  }

  const buyers = drafts.filter((d) => d.buys);
  const counts = allocateOrders(
    buyers.map((d) => {
      const since = Math.max(d.customer.createdAt.getTime(), windowStart);
      // A recent customer has had less time to buy.
      return d.propensity * (0.25 + (0.75 * (end - since)) / (end - windowStart));
    }),
    buyers.map((d) => {
      // Nobody buys ten fridges in their first week: the cap grows with time as a customer.
      const days = (end - Math.max(d.customer.createdAt.getTime(), windowStart)) / DAY_MS;
      return d.customer.company
        ? Math.min(shape.caps.company, 1 + Math.floor(days / 5))
        : Math.min(shape.caps.person, 1 + Math.floor(days / 14));
    }),
    shape.orders,
  );
  buyers.forEach((d, i) => {
    const joined = d.customer.createdAt.getTime();
    const since = Math.max(joined, windowStart);
    // Big spenders lean to the dearer models.
    const spend = Math.min(1, Math.log1p(d.propensity) / 2.5);
    for (let k = 0; k < counts[i]!; k++) {
      // A new customer's first order comes within a month of joining; the rest any time after.
      const span = k === 0 && joined >= windowStart ? Math.min(30 * DAY_MS, end - since) : end - since;
      let at = atBusinessHour(faker, since + faker.number.float() * span);
      if (at > end) at -= DAY_MS;
      // Joined at least an hour before `now`, so this stays in the past.
      if (at < joined) at = joined + faker.number.int({ min: 1, max: 50 }) * 60_000;
      d.orders.push(order(faker, shape.catalogue, spend, at, end));
    }
  });

  // Oldest first: C000001 is the first customer, O0000001 the first order.
  drafts.sort((a, b) => a.customer.createdAt.getTime() - b.customer.createdAt.getTime());
  const customers: DemoCustomer[] = drafts.map((d, i) => ({
    ...d.customer,
    ref: `${shape.refPrefix}${String(i + 1).padStart(6, '0')}`,
    referredByRef: null,
  }));
  const orders: DemoOrder[] = drafts
    .flatMap((d, i) => d.orders.map((o) => ({ ...o, ref: '', customerRef: customers[i]!.ref })))
    .sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime());
  orders.forEach((o, i) => {
    o.ref = `${shape.orderPrefix}${String(i + 1).padStart(7, '0')}`;
  });

  tag(faker, customers, orders, shape, end);
  refer(faker, customers, drafts);
  return { customers, orders };
}

/**
 * Orders per buyer: proportional to the weight, at least one, at most the cap, scaled
 * (by bisection) so the total comes to about `target`.
 */
function allocateOrders(weights: number[], caps: number[], target: number): number[] {
  const countsFor = (k: number) => weights.map((w, i) => Math.min(caps[i]!, Math.max(1, Math.round(k * w))));
  const total = (k: number) => countsFor(k).reduce((a, b) => a + b, 0);
  let lo = 0;
  let hi = 1;
  while (total(hi) < target && hi < 1e6) hi *= 2;
  for (let step = 0; step < 50; step++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < target) lo = mid;
    else hi = mid;
  }
  return countsFor(hi);
}

function order(
  faker: Faker,
  catalogue: Catalogue,
  spend: number,
  at: number,
  end: number,
): Omit<DemoOrder, 'ref' | 'customerRef'> {
  const item = faker.helpers.weightedArrayElement(
    catalogue.categories.map((c) => ({ weight: c.weight, value: c })),
  );
  // Within a category, big spenders pick from the dearer end of the range.
  const models = [...item.models].sort((a, b) => a[1] - b[1]);
  const pick = Math.min(models.length - 1, Math.floor(models.length * blend(faker, spend)));
  const [product, min, max] = models[pick]!;
  const yuan = price(min + (max - min) * blend(faker, spend), catalogue.pricing, min, max);
  const amountMinor = yuan * 100;
  const roll = faker.number.float();
  const status: OrderStatus = roll < 0.035 ? 'refunded' : roll < 0.06 ? 'cancelled' : 'completed';
  // A cancellation comes within days; a refund (a return, a policy surrender) within weeks.
  const after =
    status === 'cancelled'
      ? faker.number.float({ min: 0.05, max: 3 })
      : faker.number.float({ min: 2, max: 25 });
  return {
    product,
    category: item.category,
    amountMinor,
    marginMinor: Math.round(amountMinor * faker.number.float({ min: item.margin[0], max: item.margin[1] })),
    status,
    orderedAt: new Date(at),
    statusChangedAt: status === 'completed' ? null : new Date(Math.min(end, at + after * DAY_MS)),
  };
}

/** A number in [0, 1), pushed towards 1 as `spend` grows. */
function blend(faker: Faker, spend: number): number {
  return Math.min(0.999, faker.number.float() * (1 - spend * 0.6) + spend * 0.6);
}

function price(yuan: number, pricing: Catalogue['pricing'], min: number, max: number): number {
  if (pricing === 'premium') return Math.round(yuan);
  // Shop prices: 2,999, 459.
  const step = yuan >= 1000 ? 100 : 10;
  const shelf = Math.round(yuan / step) * step - 1;
  return Math.min(max, Math.max(min, shelf));
}

/** Tags that agree with the facts: 企业客户 for companies, VIP for the biggest spenders. */
function tag(faker: Faker, customers: DemoCustomer[], orders: DemoOrder[], shape: TenantShape, end: number) {
  const revenue = new Map<string, number>();
  const completed = new Map<string, number>();
  const first = new Map<string, number>();
  for (const o of orders) {
    if (!first.has(o.customerRef)) first.set(o.customerRef, o.orderedAt.getTime());
    if (o.status !== 'completed') continue;
    revenue.set(o.customerRef, (revenue.get(o.customerRef) ?? 0) + o.amountMinor);
    completed.set(o.customerRef, (completed.get(o.customerRef) ?? 0) + 1);
  }
  const ranked = [...revenue.entries()].sort((a, b) => b[1] - a[1]);
  const vip = new Set(ranked.slice(0, Math.ceil(customers.length * 0.05)).map(([ref]) => ref));
  for (const c of customers) {
    const tags: string[] = [];
    if (vip.has(c.ref)) tags.push('VIP');
    const since = first.get(c.ref);
    if ((completed.get(c.ref) ?? 0) >= 3 && since !== undefined && end - since > 365 * DAY_MS)
      tags.push(shape.tags.loyal);
    if (c.company) tags.push('企业客户');
    if (since !== undefined && faker.number.float() < 0.04) tags.push('投诉过');
    for (const extra of shape.tags.extra) {
      if (since !== undefined && faker.number.float() < 0.08) tags.push(extra);
    }
    c.tags = tags;
  }
}

/** About 1.5% came on a friend's word: referred by a buyer who joined before them. */
function refer(faker: Faker, customers: DemoCustomer[], drafts: Draft[]) {
  for (let i = 1; i < customers.length; i++) {
    if (faker.number.float() >= 0.015) continue;
    const j = faker.number.int({ min: 0, max: i - 1 });
    const referrer = customers[j]!;
    if (drafts[j]!.buys && referrer.createdAt < customers[i]!.createdAt)
      customers[i]!.referredByRef = referrer.ref;
  }
}

function retailerUsers(faker: Faker): DemoUser[] {
  const teams: Record<string, { primary: string; extra: string }> = {
    售前组: { primary: 'presales', extra: 'aftersales' },
    售后组: { primary: 'aftersales', extra: 'complaints' },
    投诉组: { primary: 'complaints', extra: 'aftersales' },
  };
  const names = Object.keys(teams);
  const users: DemoUser[] = [
    staff('admin@huaxin.demo', PASSWORDS.admin, '陈静', 'tenant_admin', null),
    staff('supervisor@huaxin.demo', PASSWORDS.supervisor, '刘洋', 'supervisor', '售前组'),
    staff('supervisor2@huaxin.demo', PASSWORDS.supervisor, '赵敏', 'supervisor', '售后组'),
    staff('analyst@huaxin.demo', PASSWORDS.analyst, '孙磊', 'analyst', null),
  ];
  for (let i = 1; i <= 20; i++) {
    const team = names[(i - 1) % names.length]!;
    const { primary, extra } = teams[team]!;
    // One to three skills: the team's own, often a second, sometimes English.
    const skills = [{ code: primary, level: faker.number.int({ min: 2, max: 5 }) }];
    if (faker.number.float() < 0.5) skills.push({ code: extra, level: faker.number.int({ min: 1, max: 4 }) });
    if (faker.number.float() < 0.25)
      skills.push({ code: 'english', level: faker.number.int({ min: 1, max: 5 }) });
    const gender = faker.helpers.arrayElement(['male', 'female'] as const);
    users.push({
      ...staff(
        i === 1 ? 'agent@huaxin.demo' : `agent${String(i).padStart(2, '0')}@huaxin.demo`,
        PASSWORDS.agent,
        chineseName(faker, gender),
        'agent',
        team,
      ),
      skills,
    });
  }
  return users;
}

function insurerUsers(faker: Faker): DemoUser[] {
  return [
    staff('admin@acme.demo', PASSWORDS.admin, '周洁', 'tenant_admin', null),
    staff('supervisor@acme.demo', PASSWORDS.supervisor, '吴刚', 'supervisor', '客服一组'),
    ...[1, 2, 3].map(
      (i): DemoUser => ({
        ...staff(
          `agent${i}@acme.demo`,
          PASSWORDS.agent,
          chineseName(faker, faker.helpers.arrayElement(['male', 'female'] as const)),
          'agent',
          '客服一组',
        ),
        skills: [
          { code: 'claims', level: faker.number.int({ min: 2, max: 5 }) },
          { code: 'renewal', level: faker.number.int({ min: 1, max: 5 }) },
        ],
      }),
    ),
  ];
}

function staff(
  email: string,
  password: string,
  displayName: string,
  role: DemoUser['role'],
  team: string | null,
): DemoUser {
  return { email, password, displayName, role, team, skills: [] };
}

function personName(faker: Faker, gender: 'male' | 'female'): string {
  // A few foreign customers (expats, a Hong Kong office) among the Chinese names.
  if (faker.number.float() < 0.03)
    return `${faker.helpers.arrayElement(ENGLISH_NAMES[gender])} ${faker.helpers.arrayElement(ENGLISH_NAMES.last)}`;
  return chineseName(faker, gender);
}

/** faker's zh_CN `firstName(sex)` mixes in its (mostly male) generic names: draw from the sex's own list. */
function chineseName(faker: Faker, gender: 'male' | 'female'): string {
  const given = faker.definitions.person.first_name[gender] ?? [];
  return `${faker.person.lastName()}${given.length ? faker.helpers.arrayElement(given) : faker.person.firstName()}`;
}

/** A valid Chinese mobile number in E.164, checked the way the app checks input. */
function mobile(faker: Faker): string {
  for (;;) {
    const raw = `${faker.helpers.arrayElement(MOBILE_PREFIXES)}${faker.string.numeric({ length: 8, allowLeadingZeros: true })}`;
    const phone = normalizePhone(raw, 'CN');
    if (phone.ok) return phone.value;
  }
}

function emailAddress(faker: Faker): string {
  const domain = faker.helpers.arrayElement(EMAIL_DOMAINS);
  if (domain === 'qq.com' || domain === 'foxmail.com')
    return `${faker.number.int({ min: 10_000, max: 3_999_999_999 })}@${domain}`;
  const letters = faker.string.alpha({ length: { min: 3, max: 8 }, casing: 'lower' });
  return `${letters}${faker.number.float() < 0.6 ? faker.number.int({ min: 70, max: 2009 }) : ''}@${domain}`;
}

function wechatId(faker: Faker): string {
  if (faker.number.float() < 0.5) return `wxid_${faker.string.alphanumeric({ length: 14, casing: 'lower' })}`;
  return `${faker.string.alpha({ length: { min: 4, max: 8 }, casing: 'lower' })}${faker.string.numeric(4)}`;
}

function uniqueValue(taken: Set<string>, make: () => string): string {
  for (;;) {
    const value = make();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
}

/** A standard normal draw (Box–Muller). */
function normal(faker: Faker): number {
  const u = 1 - faker.number.float();
  const v = faker.number.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The same day at a time between 09:00 and 22:00 in Beijing, when shops and call centers are open. */
function atBusinessHour(faker: Faker, at: number): number {
  const dayStart = Math.floor((at + BEIJING_OFFSET_MS) / DAY_MS) * DAY_MS - BEIJING_OFFSET_MS;
  return dayStart + 9 * HOUR_MS + faker.number.int({ min: 0, max: 13 * 60 - 1 }) * 60_000;
}
