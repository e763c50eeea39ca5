import { DEFAULT_CADENCE_RULES } from '../../../domain/cadence-rules.ts';
import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/** Rules are district-wide: anyone signed in reads them; only a whole-district admin changes them. */
export function settingsAccessRows(env: AccessEnv): AccessRow[] {
  return [
    {
      route: 'GET /api/settings/cadence',
      target: 'the cadence rules',
      request: async () => ({ method: 'GET', url: '/api/settings/cadence' }),
      expect: statuses(200, {}),
    },
    {
      route: 'PUT /api/settings/cadence',
      target: 'the cadence rules, unchanged',
      writes: 'on-success',
      request: async () => {
        const current = await env.ok({ method: 'GET', url: '/api/settings/cadence' });
        return { method: 'PUT', url: '/api/settings/cadence', payload: { version: current.version, rules: DEFAULT_CADENCE_RULES } };
      },
      expect: statuses(403, { admin: 200 }),
    },
  ];
}
