import { PieChart } from 'echarts/charts';
import { LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use as registerEChartsParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import { COUNTED_STATUSES, PROBLEM_STATUS_LABELS } from '../../../domain/problem-workflow.ts';
import { statusPieOption } from './dashboard-charts.ts';

registerEChartsParts([PieChart, LegendComponent, TooltipComponent, SVGRenderer]);

/** The texts ECharts draws for the status pie at a size, rendered to SVG as the browser would lay it out. */
function drawnTexts(lang: 'zh' | 'en', isMobile: boolean, width: number, height: number): string[] {
  const counts = { total: 242, open: 45, rectifying: 77, submitted: 30, accepted: 38, closed: 52, overdue: 35, dueSoon: 16 };
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(statusPieOption(counts, lang, isMobile) as never);
    return [...chart.renderToSVGString().matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.trim()).filter(Boolean);
  } finally {
    chart.dispose();
  }
}

describe('the status pie, drawn', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`on a phone (${lang}) names every status whole with its count, in the legend`, () => {
      const texts = drawnTexts(lang, true, 328, 280);
      const counts = { open: 45, rectifying: 77, submitted: 30, accepted: 38, closed: 52 } as const;
      for (const s of COUNTED_STATUSES) expect(texts).toContain(`${PROBLEM_STATUS_LABELS[s][lang]} ${counts[s]}`);
      // No label cut short, and no pager ("1/2") hiding statuses.
      expect(texts.filter((x) => x.endsWith('...') || x.endsWith('…') || /^\d+\/\d+$/.test(x))).toEqual([]);
    });

    it(`on a desktop (${lang}) labels every slice without cutting a word`, () => {
      const texts = drawnTexts(lang, false, 456, 320);
      expect(texts.filter((x) => x.endsWith('...') || x.endsWith('…') || /^\d+\/\d+$/.test(x))).toEqual([]);
      // Each status is drawn whole twice: its slice's label (its count may break onto the next line) and the legend.
      const joined = texts.join('\n');
      for (const s of COUNTED_STATUSES) expect(joined.split(PROBLEM_STATUS_LABELS[s][lang]).length - 1).toBeGreaterThanOrEqual(2);
    });
  }
});
