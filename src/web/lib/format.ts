import { SHANGHAI_OFFSET_MS } from '../../domain/time.ts';

/** An instant shown as Asia/Shanghai wall-clock time, `YYYY-MM-DD HH:mm:ss`, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The first block of a UUID, enough to tell rows apart on screen. */
export function shortId(id: string | null | undefined): string {
  if (!id) return '';
  return id.length > 8 ? id.slice(0, 8) : id;
}
