import type { OrganizationKind } from '../../domain/organizations.ts';
import type { Role } from '../../domain/roles.ts';

/**
 * The demo district. Places named in the source case are real place names;
 * the rest carry `sample: true` and show a 示例 mark. People are fictional.
 */
export interface DemoOrg {
  key: string;
  parent: string | null;
  kind: OrganizationKind;
  name: string;
  code: string;
  sample?: boolean;
}

const villages: Array<[string, string, boolean]> = [
  // [subdistrict key, village name, sample?]
  // DOMAIN.md: "大闵村, 麻李村, 庙北村 (良田办), 良田村, 上庄村, 安家村, 张东村 (白杨街道)": the first three of 良田街道, the
  // next four of 白杨街道. (The order of this list seeds the demo's random draws: it is kept.)
  ['baiyang', '良田村', false],
  ['baiyang', '上庄村', false],
  ['baiyang', '安家村', false],
  ['liangtian', '大闵村', false],
  ['liangtian', '麻李村', false],
  // The source writes 良田办庙北村: 庙北村 belongs to 良田街道.
  ['liangtian', '庙北村', false],
  ['liangtian', '东坡村', true],
  ['liangtian', '西塬村', true],
  ['baiyang', '张东村', false],
  ['baiyang', '南寨村', true],
  ['baiyang', '北坊村', true],
  ['baiyang', '新民村', true],
  ['baiyang', '和平村', true],
  ['baiyang', '兴旺村', true],
  ['baiyang', '红星村', true],
  ['baiyang', '前进村', true],
];

export const DEMO_VILLAGE_NAMES = villages.map(([, name]) => name);

export const DEMO_ORGS: DemoOrg[] = [
  { key: 'district', parent: null, kind: 'district', name: '渭南高新区', code: 'WNGX' },
  { key: 'liangtian', parent: 'district', kind: 'subdistrict', name: '良田街道', code: 'LT' },
  { key: 'baiyang', parent: 'district', kind: 'subdistrict', name: '白杨街道', code: 'BY' },
  ...villages.flatMap(([sub, name, sample], i): DemoOrg[] => {
    // Numbered within its subdistrict: LT01…, BY01….
    const n = villages.slice(0, i + 1).filter(([s]) => s === sub).length;
    const code = `${sub === 'liangtian' ? 'LT' : 'BY'}${String(n).padStart(2, '0')}`;
    return [
      { key: name, parent: sub, kind: 'village', name, code, sample },
      { key: `${name}党支部`, parent: name, kind: 'branch', name: `${name}党支部`, code: `${code}-ZB`, sample },
    ];
  }),
];

export const DEMO_PASSWORD = 'demo-pass-2016';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  org: string;
  note: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'district_admin', org: 'district', note: '区级管理员 · 全区' },
  { username: 'officer', displayName: '赵明远', role: 'district_officer', org: 'district', note: '区党群工作部 · 全区' },
  { username: 'liangtian', displayName: '孙立新', role: 'subdistrict_officer', org: 'liangtian', note: '街道干部 · 良田街道' },
  { username: 'secretary', displayName: '陈晓梅', role: 'village_secretary', org: '大闵村', note: '村党组织书记 · 大闵村' },
  { username: 'zhangdong', displayName: '刘东升', role: 'village_secretary', org: '张东村', note: '村党组织书记 · 张东村（白杨街道）' },
  { username: 'viewer', displayName: '周平', role: 'viewer', org: 'district', note: '只读 · 全区' },
  { username: 'finance', displayName: '郑秀兰', role: 'finance_reviewer', org: 'district', note: '区财政局 · 活动场所项目评审与专项经费' },
];
