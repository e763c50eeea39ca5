import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zh } from './zh.ts';

describe('the English dictionary', () => {
  it('uses ASCII colons and brackets, never the full-width ones of the Chinese', () => {
    // …nor the curly apostrophe: the fonts list the Chinese ones first, whose ’ is full-width ("today’ s").
    const wrong = Object.entries(en).filter(([, text]) => /[：（）；，。’]/.test(text));
    expect(wrong).toEqual([]);
  });

  it('gives each language its colon for "label: value" (common.colon)', () => {
    expect(zh['common.colon']).toBe('：');
    expect(en['common.colon']).toBe(': ');
  });
});

describe('the pages', () => {
  it('write no full-width colon of their own after a translated label (they use common.colon)', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '..');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.tsx')) files.push(full);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThan(50);
    // A translated label followed by a literal "：" shows "Owner：" in English. The circular is a Chinese document.
    const offenders = files
      .filter((f) => !f.endsWith('CircularDocument.tsx'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${path.relative(root, f)}:${i + 1}`, line }))
          .filter(({ line }) => /t\([^)]*\)\}?[：（]/.test(line)),
      )
      .map((o) => o.where);
    expect(offenders).toEqual([]);
  });
});
