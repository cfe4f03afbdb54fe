import { base, en, Faker, zh_CN } from '@faker-js/faker';

/**
 * The demo tenants, generated deterministically (a seeded faker, and `now` passed in), so
 * every fresh install shows the same customers. Pure: no I/O, no clock.
 *
 * The shape follows a real appliance retailer: a few customers bring most of the revenue
 * (each customer has a heavy-tailed "appetite" that drives how often and how much they
 * buy), many buy once, some never did, and a handful came by referral.
 */
export interface DemoUser {
  email: string;
  password: string;
  displayName: string;
  role: 'tenant_admin' | 'supervisor' | 'agent' | 'analyst';
  team?: string;
  skills?: { code: string; level: number }[];
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
  status: 'completed' | 'refunded' | 'cancelled';
  orderedAt: Date;
}

export interface DemoTenant {
  slug: string;
  name: string;
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

/** Real provinces with cities that belong to them. */
const REGIONS: [string, string[]][] = [
  ['广东省', ['广州市', '深圳市', '佛山市', '东莞市']],
  ['浙江省', ['杭州市', '宁波市', '温州市']],
  ['江苏省', ['南京市', '苏州市', '无锡市']],
  ['山东省', ['济南市', '青岛市', '烟台市']],
  ['北京市', ['北京市']],
  ['上海市', ['上海市']],
  ['四川省', ['成都市', '绵阳市']],
  ['湖北省', ['武汉市', '宜昌市']],
  ['湖南省', ['长沙市', '株洲市']],
  ['河南省', ['郑州市', '洛阳市']],
  ['福建省', ['福州市', '厦门市', '泉州市']],
  ['陕西省', ['西安市', '咸阳市']],
  ['辽宁省', ['沈阳市', '大连市']],
  ['安徽省', ['合肥市', '芜湖市']],
  ['重庆市', ['重庆市']],
];

/** Appliances with model names and a price range in yuan. */
const APPLIANCES: { category: string; models: string[]; min: number; max: number }[] = [
  {
    category: '空调',
    models: ['格力 云佳 KFR-35GW', '美的 酷省电 KFR-26GW', '海尔 静悦 KFR-50LW'],
    min: 2299,
    max: 8999,
  },
  {
    category: '冰箱',
    models: ['海尔 BCD-470WDPG', '美的 BCD-521WKPZM', '西门子 KA92NV02TI'],
    min: 1899,
    max: 12999,
  },
  {
    category: '洗衣机',
    models: ['小天鹅 TG100V88', '海尔 EG100MATE2S', '西门子 WG54A1A00W'],
    min: 1499,
    max: 6999,
  },
  { category: '电视', models: ['海信 65E3H', 'TCL 75V8G', '创维 55A3D'], min: 1999, max: 9999 },
  {
    category: '热水器',
    models: ['A.O.史密斯 E60VN3', '万和 JSQ25-13ET', '美的 F6021-JE3'],
    min: 899,
    max: 4999,
  },
  {
    category: '厨电',
    models: ['方太 EMD20T+TH31B', '老板 27A7+57B0', '华帝 i11150+i10041B'],
    min: 2999,
    max: 11999,
  },
  {
    category: '小家电',
    models: ['美的 电饭煲 MB-FB40S701', '九阳 豆浆机 DJ13B-D08D', '戴森 V12 吸尘器'],
    min: 199,
    max: 4999,
  },
];

const POLICIES: { category: string; models: string[]; min: number; max: number }[] = [
  { category: '车险', models: ['交强险', '商业险 综合版'], min: 950, max: 6800 },
  { category: '寿险', models: ['安心定期寿险', '安心终身寿险'], min: 1200, max: 20000 },
  { category: '健康险', models: ['安心百万医疗', '安心重疾险'], min: 300, max: 8000 },
  { category: '意外险', models: ['综合意外险', '出行意外险'], min: 100, max: 800 },
  { category: '财产险', models: ['家庭财产险'], min: 200, max: 1500 },
];

const TAGS = ['VIP', '老客户', '企业客户', '投诉过', '以旧换新', '会员'];
const DAY_MS = 86_400_000;
const HUAXIN_PASSWORDS = {
  admin: 'hotline-admin',
  supervisor: 'hotline-supervisor',
  agent: 'hotline-agent',
  analyst: 'hotline-analyst',
};

export const OPERATOR_LOGIN = { email: 'operator@hotline.demo', password: 'hotline-operator' };

interface Sizes {
  customers: number;
  orders: number;
}

function makeFaker(seed: number) {
  const faker = new Faker({ locale: [zh_CN, en, base] });
  faker.seed(seed);
  return faker;
}

/** A heavy-tailed appetite (Pareto, alpha 1.16: the classic 80/20). */
function appetite(faker: Faker): number {
  return (1 - faker.number.float({ min: 0, max: 0.999 })) ** (-1 / 1.16);
}

function customers(
  faker: Faker,
  count: number,
  now: Date,
  refPrefix: string,
  phones: Set<string>,
): DemoCustomer[] {
  const out: DemoCustomer[] = [];
  const prefixes = ['138', '139', '150', '151', '158', '186', '187', '135', '136', '177', '189', '133'];
  for (let i = 1; out.length < count; i++) {
    const phone = `+86${faker.helpers.arrayElement(prefixes)}${faker.string.numeric({ length: 8, allowLeadingZeros: true })}`;
    if (phones.has(phone)) continue;
    phones.add(phone);
    const gender = faker.helpers.arrayElement(['male', 'female'] as const);
    const english = faker.number.int(99) < 3;
    const name = english
      ? `${faker.helpers.arrayElement(['David', 'Emma', 'Lucas', 'Sophie', 'Tom', 'Anna'])} ${faker.helpers.arrayElement(['Smith', 'Miller', 'Brown', 'Wilson'])}`
      : `${faker.person.lastName()}${faker.person.firstName(gender)}`;
    const [province, cities] = faker.helpers.arrayElement(REGIONS);
    const ref = `${refPrefix}${String(i).padStart(6, '0')}`;
    out.push({
      ref,
      name,
      gender,
      company:
        faker.number.int(99) < 20
          ? `${faker.location.city()}${faker.helpers.arrayElement(['贸易', '科技', '电器', '物业'])}有限公司`
          : null,
      province,
      city: faker.helpers.arrayElement(cities),
      tags: faker.helpers.arrayElements(
        TAGS,
        faker.number.int(99) < 40 ? faker.number.int({ min: 1, max: 2 }) : 0,
      ),
      doNotCall: faker.number.int(99) < 5,
      marketingOptIn: faker.number.int(99) < 60,
      phone,
      email:
        faker.number.int(99) < 35
          ? `user${refPrefix.toLowerCase()}${i}@${faker.helpers.arrayElement(['qq.com', '163.com', 'example.com'])}`
          : null,
      wechat: faker.number.int(99) < 25 ? `wx_${faker.string.alphanumeric(8).toLowerCase()}` : null,
      createdAt: new Date(now.getTime() - faker.number.int({ min: 1, max: 760 }) * DAY_MS),
      referredByRef: null,
    });
  }
  // A handful came on a friend's word: referred by an earlier customer.
  for (const c of out) {
    if (faker.number.int(999) < 15) {
      const referrer = faker.helpers.arrayElement(out);
      if (referrer.ref !== c.ref && referrer.createdAt < c.createdAt) c.referredByRef = referrer.ref;
    }
  }
  return out;
}

function orders(
  faker: Faker,
  people: DemoCustomer[],
  target: number,
  now: Date,
  catalogue: typeof APPLIANCES,
  refPrefix: string,
): DemoOrder[] {
  // Some never bought (leads); the rest share the orders by their appetite.
  const buyers = people.filter(() => faker.number.int(99) >= 12);
  const weights = buyers.map(() => appetite(faker));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: DemoOrder[] = [];
  let n = 0;
  buyers.forEach((c, i) => {
    const share = (weights[i]! / total) * target;
    // At least one order each; the fraction decides one more.
    const count = Math.max(1, Math.floor(share) + (faker.number.float() < share % 1 ? 1 : 0));
    const since = Math.max(c.createdAt.getTime(), now.getTime() - 730 * DAY_MS);
    // Big appetites also buy dearer models.
    const spendy = Math.min(1, weights[i]! / 8);
    for (let k = 0; k < count; k++) {
      const item = faker.helpers.arrayElement(catalogue);
      const yuan = Math.round(
        item.min + (item.max - item.min) * Math.min(1, faker.number.float() * 0.7 + spendy * 0.3),
      );
      const amountMinor = yuan * 100;
      const roll = faker.number.int(99);
      n += 1;
      out.push({
        ref: `${refPrefix}${String(n).padStart(7, '0')}`,
        customerRef: c.ref,
        product: faker.helpers.arrayElement(item.models),
        category: item.category,
        amountMinor,
        marginMinor: Math.round(amountMinor * faker.number.float({ min: 0.1, max: 0.3 })),
        status: roll < 3 ? 'refunded' : roll < 5 ? 'cancelled' : 'completed',
        orderedAt: new Date(since + faker.number.float() * (now.getTime() - since)),
      });
    }
  });
  return out.sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime());
}

function huaxinUsers(faker: Faker): DemoUser[] {
  const teams = ['售前组', '售后组', '投诉组'];
  const skillsByTeam: Record<string, string[]> = {
    售前组: ['presales', 'english'],
    售后组: ['aftersales', 'english'],
    投诉组: ['complaints', 'aftersales'],
  };
  const users: DemoUser[] = [
    {
      email: 'admin@huaxin.demo',
      password: HUAXIN_PASSWORDS.admin,
      displayName: '陈静（管理员）',
      role: 'tenant_admin',
    },
    {
      email: 'supervisor@huaxin.demo',
      password: HUAXIN_PASSWORDS.supervisor,
      displayName: '刘洋（班长）',
      role: 'supervisor',
      team: '售前组',
    },
    {
      email: 'supervisor2@huaxin.demo',
      password: HUAXIN_PASSWORDS.supervisor,
      displayName: '赵敏（班长）',
      role: 'supervisor',
      team: '售后组',
    },
    {
      email: 'analyst@huaxin.demo',
      password: HUAXIN_PASSWORDS.analyst,
      displayName: '孙磊（分析师）',
      role: 'analyst',
    },
  ];
  for (let i = 1; i <= 20; i++) {
    const team = teams[(i - 1) % teams.length]!;
    const own = skillsByTeam[team]!;
    const skills = own
      .filter((_, k) => k === 0 || faker.number.int(99) < 40)
      .map((code) => ({ code, level: faker.number.int({ min: 1, max: 5 }) }));
    users.push({
      email: i === 1 ? 'agent@huaxin.demo' : `agent${String(i).padStart(2, '0')}@huaxin.demo`,
      password: HUAXIN_PASSWORDS.agent,
      displayName: `${faker.person.lastName()}${faker.person.firstName()}`,
      role: 'agent',
      team,
      skills,
    });
  }
  return users;
}

export function generateDemoData(
  now: Date,
  sizes: { huaxin?: Sizes; anxin?: Sizes } = {},
  seed = 20261122,
): DemoData {
  const huaxinSize = sizes.huaxin ?? { customers: 5000, orders: 20000 };
  const anxinSize = sizes.anxin ?? { customers: 300, orders: 700 };
  const faker = makeFaker(seed);
  const phones = new Set<string>();
  const huaxinCustomers = customers(faker, huaxinSize.customers, now, 'C', phones);
  const huaxin: DemoTenant = {
    slug: 'demo',
    name: '华信家电',
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
    users: huaxinUsers(faker),
    customers: huaxinCustomers,
    orders: orders(faker, huaxinCustomers, huaxinSize.orders, now, APPLIANCES, 'O'),
  };
  const anxinFaker = makeFaker(seed + 1);
  const anxinCustomers = customers(anxinFaker, anxinSize.customers, now, 'P', new Set(phones));
  const anxin: DemoTenant = {
    slug: 'acme-insurance',
    name: '安心保险',
    teams: ['客服一组'],
    skills: [
      { code: 'claims', name: '理赔咨询' },
      { code: 'renewal', name: '续保服务' },
    ],
    queues: [
      { code: 'claims', name: '理赔咨询', skills: ['claims'], priority: 4 },
      { code: 'renewal', name: '续保服务', skills: ['renewal'], priority: 2 },
    ],
    users: [
      {
        email: 'admin@acme.demo',
        password: 'hotline-admin',
        displayName: '周洁（管理员）',
        role: 'tenant_admin',
      },
      {
        email: 'supervisor@acme.demo',
        password: 'hotline-supervisor',
        displayName: '吴刚（班长）',
        role: 'supervisor',
        team: '客服一组',
      },
      ...[1, 2, 3].map(
        (i): DemoUser => ({
          email: `agent${i}@acme.demo`,
          password: 'hotline-agent',
          displayName: `${anxinFaker.person.lastName()}${anxinFaker.person.firstName()}`,
          role: 'agent',
          team: '客服一组',
          skills: [
            { code: 'claims', level: anxinFaker.number.int({ min: 2, max: 5 }) },
            { code: 'renewal', level: anxinFaker.number.int({ min: 1, max: 5 }) },
          ],
        }),
      ),
    ],
    customers: anxinCustomers,
    orders: orders(anxinFaker, anxinCustomers, anxinSize.orders, now, POLICIES, 'PO'),
  };
  return {
    operator: { ...OPERATOR_LOGIN, displayName: '运营管理员' },
    tenants: [huaxin, anxin],
  };
}
