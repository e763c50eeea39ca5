import { describe, expect, it } from 'vitest';
import { REPORT_FLAG_LABELS } from '../../domain/weekly-report-workflow.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

describe("a village's weekly report is called the same on its dashboard as in the weekly reports list", () => {
  it('not started, and missing once past its deadline, in both languages', () => {
    for (const [dict, lang] of [
      [zh, 'zh'],
      [en, 'en'],
    ] as const) {
      // The dashboard said 未开始 and 已超过截止时间 where the list says 未填写 and 未报.
      expect(dict['dashboard.village.reportStatus.not_started'], lang).toBe(dict['reports.status.not_started']);
      expect(dict['dashboard.village.reportLate'], lang).toContain(REPORT_FLAG_LABELS.missing[lang]);
    }
  });
});
