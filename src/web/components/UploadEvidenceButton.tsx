import { CameraOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_BYTES, uploadEvidence } from '../api/evidence.ts';
import { problemKeys } from '../api/problems.ts';
import { useI18n } from '../i18n/index.ts';
import { useNotifyError } from './use-notify-error.ts';

/**
 * A small button that attaches one file as evidence to a problem or a measure,
 * showing the upload percentage. `photo` takes images only; the phone offers
 * its camera or its gallery (no `capture`: a photo taken earlier must be
 * choosable too). Every view of problems and measures refreshes afterwards, so
 * counts such as 佐证材料（2） are right without a reload.
 */
export function UploadEvidenceButton({
  target,
  label,
  photo = false,
  successMessage,
  onUploaded,
  testId,
}: {
  target: { problemId: string } | { measureId: string };
  label: string;
  photo?: boolean;
  successMessage: string;
  onUploaded?: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > EVIDENCE_MAX_BYTES) {
      notifyError(new ApiError(413, 'TOO_LARGE', t('evidence.tooLarge')));
      return;
    }
    setPercent(0);
    try {
      await uploadEvidence(target, file, setPercent);
      void message.success(successMessage);
      void queryClient.invalidateQueries({ queryKey: problemKeys.all });
      onUploaded?.();
    } catch (err) {
      notifyError(err);
    } finally {
      setPercent(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <input
        ref={input}
        type="file"
        accept={photo ? 'image/*' : EVIDENCE_ACCEPT}
        style={{ display: 'none' }}
        onChange={(e) => void onFile(e.target.files?.[0])}
        data-testid={`${testId}-input`}
      />
      <Button
        size="small"
        type="link"
        className="tap-target"
        icon={photo ? <CameraOutlined /> : <PaperClipOutlined />}
        loading={percent !== null}
        onClick={() => input.current?.click()}
        data-testid={testId}
      >
        {percent !== null ? `${percent}%` : label}
      </Button>
    </>
  );
}
