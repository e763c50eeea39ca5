import type { Executor } from '../../http/context.ts';
import { loadPortalSettings } from './portal-settings.ts';
import * as repo from './portal.repository.ts';
import { type PublicImage, type PublicImageSize, publicImage } from './public-images.ts';

/**
 * The portal's images: an evidence photo chosen for publication (on a public
 * problem, while the program shows photos at all), or an image of a published
 * article, each as the public copy made by `publicImage` (no metadata, sized
 * for a phone). Anything else is absent (null), whether it exists or not.
 */
export async function readPublicFile(
  db: Executor,
  dataDir: string,
  kind: 'evidence' | 'article-images',
  id: string,
  size: PublicImageSize,
): Promise<PublicImage | null> {
  if (kind === 'evidence' && !(await loadPortalSettings(db)).showEvidence) return null;
  const row = kind === 'evidence' ? await repo.findPublishedPhoto(db, id) : await repo.findPublishedArticleImage(db, id);
  if (!row) return null;
  return publicImage(dataDir, row.sha256, row.mime, size);
}
