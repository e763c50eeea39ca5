/** Messages of the cadence pages (Chinese, the key source). */
export const cadenceZh = {
  'nav.rankings': '红黄绿与排名',
  'nav.interviews': '约谈',
  'nav.settings': '规则设置',
} as const;
