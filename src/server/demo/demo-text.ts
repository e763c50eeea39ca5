/**
 * Deterministic randomness and the stock phrases of the demo ledger (fictional
 * names, typical problem and measure wording); the province-scale bench uses
 * the same ones.
 */

/** A tiny deterministic generator (mulberry32), so the demo is reproducible. */
export function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
export const GIVEN = [
  '建国',
  '秀兰',
  '志强',
  '海燕',
  '晓东',
  '春梅',
  '永红',
  '立平',
  '文博',
  '丽娟',
  '国庆',
  '玉霞',
  '振华',
  '红霞',
  '新民',
  '雪梅',
];
export const PROBLEM_FORMS = [
  (t: string) => `${t}未达到标准要求，相关台账记录不完整`,
  (t: string) => `${t}落实不到位，缺少会议记录和照片等佐证`,
  (t: string) => `${t}方面制度未上墙，群众知晓率低`,
  (t: string) => `${t}工作开展不经常，近三个月无记录`,
  (t: string) => `${t}有制度无落实，检查时未能提供过程资料`,
];
export const MEASURE_FORMS = [
  (t: string) => `对照标准补齐${t}相关资料，建立专门台账，每月由支部书记审核`,
  (t: string) => `召开支委会专题研究${t}整改，明确责任人和完成时限，按周报告进度`,
  (t: string) => `制作${t}制度牌并上墙公示，组织党员群众学习，留存照片和签到表`,
  (t: string) => `由包联组跟踪指导${t}整改，街道每两周督查一次`,
];
export const NOTES = [
  '已召开支委会研究整改方案',
  '制度牌已订制，预计下周上墙',
  '已补齐前三个月会议记录',
  '已完成场所改造方案，等待街道审核',
  '组织党员学习一次，留存签到表和照片',
];
