import { Button, Flex, Input, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import type { TourTakeaway } from '../../../domain/contracts/tours.ts';
import { TOUR_ROLE_LABELS, TOUR_ROLES } from '../../../domain/tour-roles.ts';
import { useRecordTakeaway, useTour } from '../../api/study.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';
import { TourModal, TourParticipants } from './TourForms.tsx';

/** A tour's participants by role and each village's take-aways; a village secretary records their own village's. */
export function TourTakeaways({ tourId }: { tourId: string }) {
  const { t, pick } = useI18n();
  const q = useTour(tourId);
  const [editing, setEditing] = useState(false);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Skeleton active paragraph={{ rows: 2 }} />;
  const tour = q.data;
  const byRole = TOUR_ROLES.map((r) => ({ role: r, n: tour.participants.filter((p) => p.role === r).length })).filter((x) => x.n > 0);
  return (
    <Flex vertical gap={8} data-testid="study-tour-detail">
      <Flex gap={4} wrap>
        {byRole.map((x) => (
          <Tag key={x.role}>
            {pick(TOUR_ROLE_LABELS[x.role])} {x.n}
          </Tag>
        ))}
      </Flex>
      {tour.allowedActions.includes('edit') && (
        <Button style={{ alignSelf: 'flex-start' }} onClick={() => setEditing(true)} data-testid="study-tour-edit">
          {t('study.tour.editTitle')}
        </Button>
      )}
      {editing && <TourModal tour={tour} onClose={() => setEditing(false)} />}
      {tour.allowedActions.includes('participants') && <TourParticipants tour={tour} />}
      {tour.takeaways
        .filter((k) => k.text || k.canEdit)
        .map((k) => (
          <TakeawayRow key={k.organizationId} tourId={tour.id} takeaway={k} />
        ))}
      {tour.takeaways.every((k) => !k.text && !k.canEdit) && <span className="text-secondary">{t('study.tour.noTakeaways')}</span>}
    </Flex>
  );
}

function TakeawayRow({ tourId, takeaway }: { tourId: string; takeaway: TourTakeaway }) {
  const { t } = useI18n();
  const save = useRecordTakeaway();
  const [text, setText] = useState(takeaway.text ?? '');
  return (
    <Flex vertical gap={4} data-testid="study-takeaway">
      <strong>{takeaway.organizationName}</strong>
      {takeaway.canEdit ? (
        <>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 2 }}
            maxLength={2000}
            placeholder={t('study.tour.takeawayHint')}
          />
          {save.error && <ErrorAlert error={save.error} />}
          <Button
            style={{ alignSelf: 'flex-start' }}
            loading={save.isPending}
            disabled={!text.trim()}
            onClick={() =>
              save.mutate({ tourId, organizationId: takeaway.organizationId, body: { version: takeaway.version, text: text.trim() } })
            }
          >
            {t('common.save')}
          </Button>
        </>
      ) : (
        <span style={{ whiteSpace: 'pre-wrap' }}>{takeaway.text}</span>
      )}
    </Flex>
  );
}
