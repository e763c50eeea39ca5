import { describe, expect, it } from 'vitest';
import { syncWithServer } from './report-sync.ts';

const t = (progress: string, difficulties = '', nextPlan = '') => ({ progress, difficulties, nextPlan });

describe('the weekly report editor when the report moves on the server', () => {
  it('does nothing while the version is the one it started from', () => {
    expect(syncWithServer({ version: 2, texts: t('a') }, t('a 更多'), [], { version: 2, texts: t('a') })).toBe('same');
  });
  it('shows the server’s texts when nothing was typed', () => {
    expect(syncWithServer({ version: 2, texts: t('a') }, t('a'), [], { version: 3, texts: t('b') })).toBe('adopt');
  });
  it('keeps what was typed after a save whose answer was lost, once the server shows that save', () => {
    // Saved "第一段" (the answer lost), typed on; the page read the report again: version 3 holds "第一段".
    expect(syncWithServer({ version: 2, texts: t('') }, t('第一段第二段', '困难'), [t('第一段')], { version: 3, texts: t('第一段') })).toBe(
      'own',
    );
  });
  it('lets the person choose when someone else saved and something was typed here', () => {
    expect(syncWithServer({ version: 2, texts: t('a') }, t('a 我的'), [], { version: 3, texts: t('他人的') })).toBe('conflict');
  });
});
