/** Messages of the circulars pages (Chinese, the key source). */
export const circularsZh = {
  'nav.circulars': '月度通报',
} as const;
