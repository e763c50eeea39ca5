import type { usersZh } from './users.zh.ts';

export const usersEn: Record<keyof typeof usersZh, string> = {
  'user.email': 'Email',
  'user.emailHelp': 'For email reminders; optional',
  'user.emailInvalid': 'Not a valid email address, e.g. name@example.com',
};
