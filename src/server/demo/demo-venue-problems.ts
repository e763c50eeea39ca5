import type { ProblemStatus } from '../../domain/problem-workflow.ts';

/**
 * The demo ledger's venue problems (check item ZDJS-01, 活动场所面积和产权),
 * in step with the venue register (demo-venues.ts) and the source: eight
 * venues fail, five rented (良田村, 上庄村, 大闵村, 麻李村, 张东村) and three
 * under 200 m² (安家村, 庙北村, 北坊村). 良田村 rebuilt its venue and uses it
 * (closed); 上庄村's plan is approved and the interior works are under way;
 * 安家村 has fitted anti-theft bars and is greening and paving its square;
 * 大闵村's plan is with the finance bureau for review; 麻李村's plan is still
 * a draft; 张东村's works are past their deadline; 庙北村 has finished and
 * asked for acceptance; 北坊村's plan is approved, the works not begun. No
 * other village has a ZDJS-01 problem, and 良田村 has no other 阵地建设
 * problem.
 */
export interface DemoVenueProblem {
  kind: 'rented' | 'small';
  status: Extract<ProblemStatus, 'rectifying' | 'submitted' | 'closed'>;
  /** The measure's progress. */
  progress: number;
  /** The deadline: days from today, the campaign's deadline, or (null) drawn like the village's other work. */
  dueOffset: number | 'campaign' | null;
  problem: string;
  measure: string;
  /** The latest progress note, in the source's words. */
  note: string;
}

export const DEMO_VENUE_PROBLEMS: Record<string, DemoVenueProblem> = {
  良田村: {
    kind: 'rented',
    status: 'closed',
    progress: 100,
    dueOffset: null,
    problem: '村级活动场所系租用村民住房，产权不归村集体所有',
    measure: '在村委会原址新建两层党群服务中心，配齐便民服务大厅和党员活动室',
    note: '新建党群服务中心已竣工验收并投入使用',
  },
  上庄村: {
    kind: 'rented',
    status: 'rectifying',
    progress: 60,
    dueOffset: 'campaign',
    problem: '村级活动场所系租用原供销社门店，产权不归村集体所有',
    measure: '将村集体闲置小学校舍改建为党群服务中心，重新布置便民服务大厅和活动室',
    note: '改建方案已批复，室内装修正在施工',
  },
  安家村: {
    kind: 'small',
    status: 'rectifying',
    progress: 70,
    dueOffset: 'campaign',
    problem: '村级活动场所面积150平方米，不足200平方米',
    measure: '在原活动室东侧扩建100平方米，扩大便民服务大厅，整治室外广场',
    note: '防盗窗已安装到位，室外广场正在绿化硬化',
  },
  大闵村: {
    kind: 'rented',
    status: 'rectifying',
    progress: 20,
    dueOffset: 'campaign',
    problem: '村级活动场所系租用村民住房，产权不归村集体所有',
    measure: '收回村集体原农机站用房，扩建为党群服务中心，方案报区财政局评审后施工',
    note: '扩建方案已报区财政局评审',
  },
  麻李村: {
    kind: 'rented',
    status: 'rectifying',
    progress: 10,
    dueOffset: 'campaign',
    problem: '村级活动场所系租用厂房，产权不归村集体所有',
    measure: '选址村小学旧址新建党群服务中心，建设方案报区党群工作部',
    note: '新建方案正在起草',
  },
  张东村: {
    kind: 'rented',
    status: 'rectifying',
    progress: 50,
    dueOffset: -9,
    problem: '村级活动场所系租用企业办公楼，产权不归村集体所有',
    measure: '在村集体建设用地新建党群服务中心',
    note: '新建工程已开工，主体施工中',
  },
  庙北村: {
    kind: 'small',
    status: 'submitted',
    progress: 100,
    dueOffset: 'campaign',
    problem: '村级活动场所面积185平方米，不足200平方米',
    measure: '加建二层，扩大党员活动室和便民服务大厅',
    note: '加建工程已完工，已申请验收',
  },
  北坊村: {
    kind: 'small',
    status: 'rectifying',
    progress: 10,
    dueOffset: 'campaign',
    problem: '村级活动场所面积170平方米，不足200平方米',
    measure: '将相邻的村集体仓库改建并入活动场所',
    note: '改建方案已批复，施工队尚未进场',
  },
};

/** The venue check item and its area. */
export const VENUE_ITEM_CODE = 'ZDJS-01';
export const VENUE_AREA_CODE = 'ZDJS';
/** The village whose venue is rebuilt and in use: none of its 阵地建设 problems is left unsettled. */
export const VENUE_DONE_VILLAGE = '良田村';
