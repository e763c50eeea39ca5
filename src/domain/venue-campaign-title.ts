/**
 * The venue campaign's default name, and the title shown for it. No zod here: the web imports this, and a zod
 * schema's first parse in the browser tries `new Function`, which the Content-Security-Policy refuses (and reports).
 */

/** The campaign's name until the district names it; the English app says it in English (campaignTitle). */
export const DEFAULT_CAMPAIGN_NAME = '村级活动场所“清零行动”';

/** The campaign's name to show: the district's own, or, left at the default, the app's title in the reader's language. */
export function campaignTitle(name: string | undefined, defaultTitle: string): string {
  return name === undefined || name === DEFAULT_CAMPAIGN_NAME ? defaultTitle : name;
}
