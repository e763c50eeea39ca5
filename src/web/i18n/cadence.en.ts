import type { cadenceZh } from './cadence.zh.ts';

/** Messages of the cadence pages (English). */
export const cadenceEn: Record<keyof typeof cadenceZh, string> = {
  'nav.rankings': 'RAG & ranking',
  'nav.interviews': 'Interviews',
  'nav.settings': 'Rules',
};
