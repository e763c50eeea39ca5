import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Flex, Image, Input, Switch, Typography } from 'antd';
import { useState } from 'react';
import type { EvidencePublication, ProblemPublication } from '../../../domain/contracts/portal.ts';
import { api } from '../../api/client.ts';
import { evidenceUrl } from '../../api/evidence.ts';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';

const key = (problemId: string) => ['portal', 'publication', problemId] as const;

/**
 * 公示照片: which of a public problem's photos show on the village's public page,
 * each with a caption (portal.publish; audited). Shown only to those who may
 * choose; nothing while the problem's 公示 switch is off or it has no photo.
 */
export function PublicPhotosCard({ problemId, evidenceCount }: { problemId: string; evidenceCount: number }) {
  const { t } = useI18n();
  const query = useQuery({
    queryKey: [...key(problemId), evidenceCount],
    queryFn: ({ signal }) => api.get<ProblemPublication>(`/api/portal/problems/${encodeURIComponent(problemId)}/publication`, signal),
  });
  const p = query.data;
  if (!p || !p.canPublish || !p.isPublic || p.photos.length === 0) return null;
  return (
    <Card size="small" title={t('portal.photos.title')} data-testid="public-photos">
      <Typography.Paragraph type="secondary">{t('portal.photos.help')}</Typography.Paragraph>
      <Flex vertical gap={12}>
        {p.photos.map((photo) => (
          <PhotoRow key={`${photo.evidenceId}:${photo.published}:${photo.caption ?? ''}`} problemId={problemId} photo={photo} />
        ))}
      </Flex>
    </Card>
  );
}

function PhotoRow({ problemId, photo }: { problemId: string; photo: ProblemPublication['photos'][number] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const client = useQueryClient();
  const [caption, setCaption] = useState(photo.caption ?? '');
  const save = useMutation({
    // Made on the publication this screen shows: another moderator's change since is refused (409), not overwritten.
    mutationFn: (body: { published: boolean; caption: string | null }) =>
      api.put<EvidencePublication>(`/api/portal/evidence/${encodeURIComponent(photo.evidenceId)}/publication`, {
        ...body,
        before: { published: photo.published, caption: photo.caption },
      }),
    onSuccess: (r) => {
      void message.success(r.published ? t('portal.photos.shown') : t('portal.photos.hidden'));
      void client.invalidateQueries({ queryKey: key(problemId) });
    },
    onError: (err) => {
      notifyError(err);
      void client.invalidateQueries({ queryKey: key(problemId) });
    },
  });
  return (
    <Flex gap={12} align="center" wrap>
      <Image src={evidenceUrl(photo.evidenceId)} alt={photo.originalName} width={72} height={54} style={{ objectFit: 'cover' }} />
      <Input
        style={{ flex: '1 1 160px' }}
        maxLength={120}
        value={caption}
        placeholder={t('portal.photos.caption')}
        onChange={(e) => setCaption(e.target.value)}
        onBlur={() => {
          if (photo.published && caption !== (photo.caption ?? '')) save.mutate({ published: true, caption: caption.trim() || null });
        }}
      />
      <Switch
        checked={photo.published}
        loading={save.isPending}
        checkedChildren={t('portal.photos.on')}
        unCheckedChildren={t('portal.photos.off')}
        onChange={(on) => save.mutate({ published: on, caption: caption.trim() || null })}
        data-testid="public-photo-switch"
      />
    </Flex>
  );
}
