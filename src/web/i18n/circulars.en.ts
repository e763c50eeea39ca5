import type { circularsZh } from './circulars.zh.ts';

/** Messages of the circulars pages (English). */
export const circularsEn: Record<keyof typeof circularsZh, string> = {
  'nav.circulars': 'Circulars',
};
