import { describe, expect, it } from 'vitest';
import { PROBLEM_ACTION_LABELS } from '../../../domain/problem-workflow.ts';
import { ROLE_PERMISSIONS } from '../../../domain/roles.ts';
import { timeoutMessage, writeNetworkMessage } from '../../api/client.ts';
import { en } from '../../i18n/en.ts';
import { zh } from '../../i18n/zh.ts';
import { helpSectionsFor, type HelpSection } from './help-content.ts';

const keysOf = (sections: HelpSection[]) => sections.map((s) => s.key);
const all = helpSectionsFor({ permissions: [...new Set(Object.values(ROLE_PERMISSIONS).flat())], villageOnly: false });

describe('使用说明', () => {
  it("puts the reader's own work first, then what holds for everyone", () => {
    expect(keysOf(helpSectionsFor({ permissions: ROLE_PERMISSIONS.village_secretary, villageOnly: true }))).toEqual([
      'village',
      'everyone',
    ]);
    expect(keysOf(helpSectionsFor({ permissions: ROLE_PERMISSIONS.liaison_member, villageOnly: true }))).toEqual(['liaison', 'everyone']);
    expect(keysOf(helpSectionsFor({ permissions: ROLE_PERMISSIONS.district_officer, villageOnly: false }))).toContain('district');
    expect(keysOf(all)).toEqual(['village', 'liaison', 'district', 'everyone']);
  });

  it('quotes the screens in their own words: every “label” it names is one the app shows', () => {
    // The dictionary, the workflow's labels, and the client's own messages on a broken link (in Chinese by default).
    const shown = [
      ...Object.values(zh),
      ...Object.values(PROBLEM_ACTION_LABELS).map((l) => l.zh),
      writeNetworkMessage(),
      timeoutMessage(true),
    ].map((v) => v.replace(/\{\w+\}/g, 'N'));
    const shownEn = [...Object.values(en), ...Object.values(PROBLEM_ACTION_LABELS).map((l) => l.en)].map((v) =>
      v.replace(/\{\w+\|[^|}]*\|([^}]*)\}/g, '$1').replace(/\{\w+\}/g, 'N'),
    );
    const quotedZh = all.flatMap((s) =>
      s.topics.flatMap((t) => t.steps.flatMap((x) => [...x.zh.matchAll(/“([^”]+)”/g)].map((m) => m[1]!))),
    );
    const quotedEn = all.flatMap((s) =>
      s.topics.flatMap((t) => t.steps.flatMap((x) => [...x.en.matchAll(/"([^"]+)"/g)].map((m) => m[1]!))),
    );
    expect(quotedZh.length).toBeGreaterThan(15);
    expect(quotedEn.length).toBeGreaterThan(8);
    expect(quotedZh.filter((q) => !shown.some((v) => v.includes(q.replace(/ N /g, ' N '))))).toEqual([]);
    expect(quotedEn.filter((q) => !shownEn.some((v) => v.toLowerCase().includes(q.toLowerCase())))).toEqual([]);
  });
});
