import type { KeyboardEvent } from 'react';

/**
 * Props for a <label> that wraps a hidden file input (`.pick-button`): reachable by Tab, and Enter or Space opens the
 * chooser, as a button's would. A tap or click on the label opens it by itself.
 */
export const pickByKeyboard = {
  role: 'button',
  tabIndex: 0,
  onKeyDown(e: KeyboardEvent<HTMLLabelElement>) {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    e.currentTarget.querySelector('input')?.click();
  },
} as const;
