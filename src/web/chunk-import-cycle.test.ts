import { describe, expect, it } from 'vitest';
import { chunkImportCycle } from '../../scripts/web-build.ts';

/** The web build refuses chunks that import each other (scripts/web-build.ts, noChunkImportCycles). */
describe('chunkImportCycle', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it("finds no cycle in the app's usual shape (everything leads down to react)", () => {
    expect(
      chunkImportCycle(
        graph({
          'index.js': ['react.js'],
          'shell.js': ['index.js', 'react.js'],
          'common.js': ['shell.js', 'index.js', 'react.js'],
          'LedgerPage.js': ['common.js', 'shell.js'],
          'react.js': [],
        }),
      ),
    ).toBeNull();
  });

  it('names the chunks that import each other, directly or round a longer loop', () => {
    expect(chunkImportCycle(graph({ 'common.js': ['shell.js'], 'shell.js': ['common.js', 'index.js'], 'index.js': [] }))).toEqual([
      'common.js',
      'shell.js',
      'common.js',
    ]);
    expect(chunkImportCycle(graph({ 'a.js': ['b.js'], 'b.js': ['c.js'], 'c.js': ['a.js'], 'd.js': ['a.js'] }))).toEqual([
      'a.js',
      'b.js',
      'c.js',
      'a.js',
    ]);
    expect(chunkImportCycle(graph({ 'self.js': ['self.js'] }))).toEqual(['self.js', 'self.js']);
  });
});
