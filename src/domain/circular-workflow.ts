/**
 * The circular's lifecycle as data: a draft is edited, regenerated, deleted
 * or published; a published circular is immutable (no action leaves it).
 */
export const CIRCULAR_STATUSES = ['draft', 'published'] as const;
export type CircularStatus = (typeof CIRCULAR_STATUSES)[number];

export const CIRCULAR_ACTIONS = ['edit', 'regenerate', 'publish', 'delete'] as const;
export type CircularAction = (typeof CIRCULAR_ACTIONS)[number];

export const CIRCULAR_WORKFLOW = {
  edit: { from: 'draft', to: 'draft' },
  regenerate: { from: 'draft', to: 'draft' },
  publish: { from: 'draft', to: 'published' },
  /** Deletes the draft (to: null). */
  delete: { from: 'draft', to: null },
} as const satisfies Record<CircularAction, { from: CircularStatus; to: CircularStatus | null }>;

/** The actions whose `from` is the given status (before permission checks). */
export function circularActionsFrom(status: CircularStatus): CircularAction[] {
  return CIRCULAR_ACTIONS.filter((a) => CIRCULAR_WORKFLOW[a].from === status);
}
