import { Button, Flex } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { StudyFile } from '../../../domain/contracts/study.ts';
import { uploadMultipart } from '../../api/evidence.ts';
import { studyKeys } from '../../api/study.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';

/** Adds a photo (or a 一图解读 board), a material or a broadcast recording to a session. */
export function SessionFileButtons({ sessionId, broadcast }: { sessionId: string; broadcast: boolean }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [purpose, setPurpose] = useState<'photo' | 'material' | 'recording'>('photo');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pick = (p: typeof purpose) => {
    setPurpose(p);
    input.current?.click();
  };
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      await uploadMultipart<StudyFile>('/api/study-files', { sessionId, purpose }, file);
      void queryClient.invalidateQueries({ queryKey: studyKeys.all });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex vertical gap={6}>
      <Flex gap={8} wrap>
        <Button loading={busy && purpose === 'photo'} onClick={() => pick('photo')} data-testid="study-file-photo">
          {t('study.files.photo')}
        </Button>
        <Button loading={busy && purpose === 'material'} onClick={() => pick('material')}>
          {t('study.files.material')}
        </Button>
        {broadcast && (
          <Button loading={busy && purpose === 'recording'} onClick={() => pick('recording')}>
            {t('study.files.recording')}
          </Button>
        )}
      </Flex>
      <input
        ref={input}
        type="file"
        hidden
        accept={purpose === 'photo' ? 'image/*' : purpose === 'recording' ? 'audio/*' : undefined}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void upload(f);
        }}
      />
      {error ? <ErrorAlert error={error} title={t('study.files.failed')} /> : null}
    </Flex>
  );
}
