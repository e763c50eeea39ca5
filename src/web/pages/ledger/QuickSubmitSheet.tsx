import { CameraOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Drawer, Flex, Input, Progress, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { ProblemAck, ProblemDetail } from '../../../domain/contracts/problems.ts';
import { api } from '../../api/client.ts';
import { EVIDENCE_MAX_BYTES, uploadEvidence } from '../../api/evidence.ts';
import { invalidateProblems, problemKeys } from '../../api/problems.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useConfirmDiscard } from '../../components/use-confirm-discard.ts';
import { useI18n } from '../../i18n/index.ts';
import { stepKey } from '../../lib/idempotency-key.ts';
import { pickByKeyboard } from '../../lib/pick-by-keyboard.ts';

/**
 * 整改完成，上传照片并申请验收: the village's whole "done" step in one sheet, for a
 * secretary on a phone — photos (camera or gallery), an optional note, the
 * measures marked done when she says so, then 开始整改 (if not yet) and
 * 申请验收 in a row. Each server step is its own transaction as ever; a step
 * that fails says which, and nothing already done is lost.
 */
export function QuickSubmitSheet({ problemId, code, onClose }: { problemId: string; code: string; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const confirmDiscard = useConfirmDiscard('quick-submit');
  const [photos, setPhotos] = useState<File[]>([]);
  const [note, setNote] = useState('');
  // null until she chooses: ticked by default, but not when a measure is shared with other problems (ticking it
  // would complete another problem's work with a tap she did not know about).
  const [chosenComplete, setCompleteMeasures] = useState<boolean | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<ProblemDetail | null>(null);

  useEffect(() => {
    let live = true;
    api
      .get<ProblemDetail>(`/api/problems/${encodeURIComponent(problemId)}`)
      .then((p) => live && setProblem(p))
      .catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [problemId]);

  const previews = useMemo(() => photos.map((f) => URL.createObjectURL(f)), [photos]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  const unfinished = (problem?.measures ?? []).filter((m) => m.progress < 100);
  const shared = unfinished.filter((m) => m.problemIds.length > 1);
  const completeMeasures = chosenComplete ?? shared.length === 0;
  // Sent back: the verifier has seen the photos already there and found them wanting, so this path asks for at least
  // one taken since (the problem page still allows a resubmission on the old material, for the rare case).
  const rejection = problem?.lastRejection ?? null;
  const usable = (problem?.evidence ?? []).filter((e) => !rejection || e.uploadedAt > rejection.at);
  const hasEvidence = photos.length > 0 || usable.length > 0;
  const dirty = photos.length > 0 || note.trim() !== '';

  const submit = async () => {
    if (!problem) return;
    setError(null);
    try {
      for (const [i, file] of photos.entries()) {
        if (file.size > EVIDENCE_MAX_BYTES) throw new Error(t('evidence.tooLarge'));
        setBusy(t('quickSubmit.uploading', { n: i + 1, of: photos.length }));
        await uploadEvidence({ problemId: problem.id }, file, () => undefined);
        // Sent: off the list at once, so that a retry after a later photo fails sends only what is left.
        setPhotos((left) => left.filter((f) => f !== file));
      }
      let version = problem.version;
      if (problem.status === 'open') {
        setBusy(t('quickSubmit.starting'));
        // Only the new version is needed before submitting: the short answer spares a weak connection the detail.
        const path = `/api/problems/${problem.id}/transitions`;
        const start = { action: 'start', version };
        version = (await api.postMinimal<ProblemAck>(path, start, { idempotencyKey: stepKey(path, start, 'minimal') })).version;
      }
      setBusy(t('quickSubmit.submitting'));
      const submitPath = `/api/problems/${problem.id}/transitions`;
      const submitBody = {
        action: 'submit',
        version,
        reason: note.trim() || undefined,
        completeMeasures: unfinished.length > 0 && completeMeasures ? true : undefined,
      };
      const done = await api.post<ProblemDetail>(submitPath, submitBody, { idempotencyKey: stepKey(submitPath, submitBody) });
      queryClient.setQueryData(problemKeys.detail(done.id), done);
      void invalidateProblems(queryClient, done.id);
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      void message.success(t('quickSubmit.done', { code }));
      onClose();
    } catch (err) {
      setError(err);
      // Photos already sent are on the problem now; a retry sends only what is left.
      void queryClient.invalidateQueries({ queryKey: problemKeys.detail(problemId) });
      const fresh = await api.get<ProblemDetail>(`/api/problems/${encodeURIComponent(problemId)}`).catch(() => null);
      if (fresh) setProblem(fresh);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer
      open
      placement="bottom"
      height="auto"
      // The code whole on its line: it broke at its hyphen as "WT-" / "2610-0053" on a phone.
      title={(() => {
        const [before, after] = t('quickSubmit.title', { code: '\u0000' }).split('\u0000');
        return (
          <>
            {before}
            <span style={{ whiteSpace: 'nowrap' }}>{code}</span>
            {after}
          </>
        );
      })()}
      onClose={() => (busy ? undefined : confirmDiscard(dirty, onClose))}
      maskClosable={!busy}
      destroyOnHidden
      data-testid="quick-submit"
      styles={{ body: { paddingBottom: 24 } }}
    >
      <Flex vertical gap={14}>
        {error ? <Alert type="error" showIcon message={errorMessage(error)} data-testid="quick-submit-error" /> : null}
        <Typography.Text type="secondary">{problem?.description ?? ''}</Typography.Text>
        {rejection && (
          <Alert
            type="warning"
            showIcon
            message={<span style={{ whiteSpace: 'pre-wrap' }}>{t('ledger.rejected.banner', { reason: rejection.reason })}</span>}
            data-testid="quick-submit-rejection"
          />
        )}
        <label className="pick-button quick-submit-photo" data-testid="quick-submit-photo" {...pickByKeyboard}>
          <CameraOutlined /> {photos.length ? t('quickSubmit.addPhoto', { n: photos.length }) : t('quickSubmit.photo')}
          {/* No `capture`: the phone offers its camera and its gallery. */}
          <input
            type="file"
            accept="image/*"
            multiple
            hidden
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              setPhotos((p) => [...p, ...files]);
              e.target.value = '';
            }}
            data-testid="quick-submit-photo-input"
          />
        </label>
        {previews.length > 0 && (
          <Flex gap={8} wrap>
            {previews.map((u, i) => (
              <img key={u} src={u} alt={photos[i]?.name ?? ''} className="quick-submit-thumb" />
            ))}
          </Flex>
        )}
        {!hasEvidence && (
          <Typography.Text type="secondary" data-testid="quick-submit-need-photo">
            {t(rejection ? 'quickSubmit.needNewPhoto' : 'quickSubmit.needPhoto')}
          </Typography.Text>
        )}
        <Input.TextArea
          rows={2}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('quickSubmit.notePlaceholder')}
          data-testid="quick-submit-note"
        />
        {unfinished.length > 0 && (
          <Checkbox
            checked={completeMeasures}
            onChange={(e) => setCompleteMeasures(e.target.checked)}
            style={{ minHeight: 40, alignItems: 'center' }}
            data-testid="quick-submit-measures"
          >
            {t('quickSubmit.measuresDone', { n: unfinished.length })}
            {shared.length > 0 && (
              <div className="text-secondary" style={{ fontSize: 13 }} data-testid="quick-submit-shared">
                {t('quickSubmit.measuresShared', { n: shared.length })}
              </div>
            )}
          </Checkbox>
        )}
        {busy && <Progress percent={100} status="active" showInfo={false} />}
        <Button
          type="primary"
          size="large"
          block
          icon={<CheckCircleOutlined />}
          disabled={!problem || !hasEvidence}
          loading={busy !== null}
          onClick={() => void submit()}
          data-testid="quick-submit-ok"
        >
          {busy ?? t('quickSubmit.ok')}
        </Button>
      </Flex>
    </Drawer>
  );
}
