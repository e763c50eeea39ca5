import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web takes types only from `src/domain/contracts/`: a contract module builds zod schemas as it loads, and zod's
 * eval probe is then a Content-Security-Policy violation in the browser (the statistics page's `SCOPE_ID`, imported
 * from a contract, made one and failed a journey). Values the web needs live in zod-free domain modules.
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

describe('the web’s imports from the contracts', () => {
  it('are types only', () => {
    const wrong: string[] = [];
    for (const file of sources(path.join(import.meta.dirname))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/import\s+(type\s+)?([^;]*?)\s+from\s+'[^']*domain\/contracts\/[^']+'/g)) {
        if (m[1]) continue;
        const names = /^\{([^}]*)\}$/.exec(m[2]!.trim())?.[1];
        const values =
          names === undefined
            ? [m[2]!.trim()]
            : names
                .split(',')
                .map((n) => n.trim())
                .filter((n) => n && !n.startsWith('type '));
        if (values.length > 0) wrong.push(`${path.relative(import.meta.dirname, file)}: ${values.join(', ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
