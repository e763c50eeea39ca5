/** Messages of the standards and liaison-group pages (Chinese). */
export const catalogZh = {
  'nav.standards': '规范化标准',
  'nav.liaisonGroups': '包联组',
} as const;
