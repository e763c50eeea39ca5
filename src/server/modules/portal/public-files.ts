import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Executor } from '../../http/context.ts';
import * as repo from './portal.repository.ts';

/**
 * The bytes behind the portal's images: an evidence photo chosen for
 * publication (on a public problem), or an image of a published article.
 * Anything else is absent (null), whether it exists or not.
 */
export async function readPublicFile(
  db: Executor,
  dataDir: string,
  kind: 'evidence' | 'article-images',
  id: string,
): Promise<{ bytes: Buffer; mime: string; sha256: string } | null> {
  const row = kind === 'evidence' ? await repo.findPublishedPhoto(db, id) : await repo.findPublishedArticleImage(db, id);
  if (!row) return null;
  const file = path.join(dataDir, 'files', row.sha256.slice(0, 2), row.sha256);
  if (!existsSync(file)) return null;
  return { bytes: readFileSync(file), mime: row.mime, sha256: row.sha256 };
}
