import { addMonths } from '../../../domain/cadence.ts';
import { type AccessEnv, type AccessRow, statuses } from '../../testing/access-table.ts';

/**
 * Circulars: published ones are read by everyone in the district; drafts exist
 * only for those managing circulars district-wide (admin, officer); everyone
 * else gets 404 for a draft and 403 for changing a published one.
 */
export function circularAccessRows(env: AccessEnv): AccessRow[] {
  // One draft per month at a time: each fresh draft takes its own (past) month.
  let month = '2026-10';
  const freshDraft = async (): Promise<{ id: string; version: number }> => {
    const m = month;
    month = addMonths(month, -1);
    return env.ok({ method: 'POST', url: '/api/circulars', payload: { month: m } }, 201);
  };
  let publishedOne: { id: string; version: number } | null = null;
  const published = async () => {
    if (!publishedOne) {
      const d = await freshDraft();
      publishedOne = await env.ok({ method: 'POST', url: `/api/circulars/${d.id}/publish`, payload: { version: d.version } });
    }
    return publishedOne!;
  };
  const MANAGERS_ONLY = (ok: number) => statuses(404, { admin: ok, officer: ok });

  return [
    {
      route: 'GET /api/circulars',
      target: '-',
      request: async () => ({ method: 'GET', url: '/api/circulars' }),
      expect: statuses(200, {}),
    },
    {
      route: 'POST /api/circulars',
      target: 'this month’s draft',
      writes: 'on-success',
      request: async () => ({ method: 'POST', url: '/api/circulars', payload: { month: '2026-11' } }),
      // Put things back: the next user must find no draft of the month.
      after: async (_who, res) => {
        if (res.statusCode !== 201) return;
        const c = res.json<{ id: string; version: number }>();
        const del = await env
          .t()
          .app.inject({ method: 'DELETE', url: `/api/circulars/${c.id}?version=${c.version}`, headers: env.session.admin });
        if (del.statusCode !== 204) throw new Error(`cleanup: ${del.statusCode} ${del.body}`);
      },
      expect: statuses(403, { admin: 201, officer: 201 }),
    },
    {
      route: 'GET /api/circulars/{id}',
      target: 'a draft',
      request: async () => ({ method: 'GET', url: `/api/circulars/${(await freshDraft()).id}` }),
      expect: MANAGERS_ONLY(200),
    },
    {
      route: 'GET /api/circulars/{id}',
      target: 'a published circular',
      request: async () => ({ method: 'GET', url: `/api/circulars/${(await published()).id}` }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/circulars/{id}/docx',
      target: 'a published circular',
      request: async () => ({ method: 'GET', url: `/api/circulars/${(await published()).id}/docx` }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/circulars/{id}/docx',
      target: 'a draft',
      request: async () => ({ method: 'GET', url: `/api/circulars/${(await freshDraft()).id}/docx` }),
      expect: MANAGERS_ONLY(200),
    },
    {
      route: 'GET /api/circulars/{id}/annex.xlsx',
      target: 'a published circular',
      request: async () => ({ method: 'GET', url: `/api/circulars/${(await published()).id}/annex.xlsx` }),
      expect: statuses(200, {}),
    },
    {
      route: 'GET /api/circulars/{id}/annex.xlsx',
      target: 'a draft',
      request: async () => ({ method: 'GET', url: `/api/circulars/${(await freshDraft()).id}/annex.xlsx` }),
      expect: MANAGERS_ONLY(200),
    },
    {
      route: 'PATCH /api/circulars/{id}',
      target: 'a draft',
      writes: 'on-success',
      request: async () => {
        const d = await freshDraft();
        return {
          method: 'PATCH',
          url: `/api/circulars/${d.id}`,
          payload: { version: d.version, sections: [{ key: 'focus', text: '下月重点' }] },
        };
      },
      expect: MANAGERS_ONLY(200),
    },
    {
      route: 'PATCH /api/circulars/{id}',
      target: 'a published circular',
      writes: 'on-success',
      request: async () => {
        const p = await published();
        return { method: 'PATCH', url: `/api/circulars/${p.id}`, payload: { version: p.version, title: '改标题' } };
      },
      expect: statuses(403, { admin: 422, officer: 422 }),
    },
    {
      route: 'POST /api/circulars/{id}/regenerate',
      target: 'a draft',
      writes: 'on-success',
      request: async () => {
        const d = await freshDraft();
        return { method: 'POST', url: `/api/circulars/${d.id}/regenerate`, payload: { version: d.version } };
      },
      expect: MANAGERS_ONLY(200),
    },
    {
      route: 'POST /api/circulars/{id}/publish',
      target: 'a draft',
      writes: 'on-success',
      request: async () => {
        const d = await freshDraft();
        return { method: 'POST', url: `/api/circulars/${d.id}/publish`, payload: { version: d.version } };
      },
      expect: MANAGERS_ONLY(200),
    },
    {
      route: 'DELETE /api/circulars/{id}',
      target: 'a draft',
      writes: 'on-success',
      request: async () => {
        const d = await freshDraft();
        return { method: 'DELETE', url: `/api/circulars/${d.id}?version=${d.version}` };
      },
      expect: MANAGERS_ONLY(204),
    },
  ];
}
