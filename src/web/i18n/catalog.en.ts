import type { catalogZh } from './catalog.zh.ts';

export const catalogEn: Record<keyof typeof catalogZh, string> = {
  'nav.standards': 'Standard',
  'nav.liaisonGroups': 'Liaison groups',
};
