import { describe, expect, it } from 'vitest';
import { circularActionsFrom } from './circular-workflow.ts';

describe('the circular workflow', () => {
  it('lets a draft be edited, regenerated, published or deleted', () => {
    expect(circularActionsFrom('draft')).toEqual(['edit', 'regenerate', 'publish', 'delete']);
  });
  it('leaves a published circular immutable', () => {
    expect(circularActionsFrom('published')).toEqual([]);
  });
});
