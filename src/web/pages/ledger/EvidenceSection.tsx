import { CameraOutlined, DownloadOutlined, FileOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Image, Progress, Typography } from 'antd';
import { useRef, useState, type ChangeEvent } from 'react';
import type { EvidenceSummary } from '../../../domain/contracts/problems.ts';
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_BYTES, evidenceUrl, uploadEvidence } from '../../api/evidence.ts';
import { useInvalidateProblems } from '../../api/problems.ts';
import { useNotifyError } from '../../components/use-notify-error.ts';
import { useI18n } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** 佐证材料: photo thumbnails with preview, other files as links; upload opens the camera on a phone. */
export function EvidenceSection({
  problemId,
  evidence,
  canUpload,
  isMobile,
}: {
  problemId: string;
  evidence: EvidenceSummary[];
  canUpload: boolean;
  isMobile: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const invalidate = useInvalidateProblems();
  const fileInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<{ name: string; percent: number } | null>(null);

  const onFiles = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    for (const file of files) {
      if (file.size > EVIDENCE_MAX_BYTES) {
        void message.error(t('ledger.evidence.tooLarge', { name: file.name }));
        continue;
      }
      setUploading({ name: file.name, percent: 0 });
      try {
        await uploadEvidence({ problemId }, file, (percent) => setUploading({ name: file.name, percent }));
        void message.success(t('ledger.evidence.uploaded', { name: file.name }));
      } catch (err) {
        notifyError(err);
      }
    }
    setUploading(null);
    void invalidate();
  };

  const images = evidence.filter((e) => e.isImage);
  const files = evidence.filter((e) => !e.isImage);

  return (
    <Card
      size="small"
      id="evidence"
      title={t('common.withDetail', { label: t('ledger.evidence.title'), detail: evidence.length })}
      className="detail-card"
      extra={
        canUpload && !isMobile ? (
          <Button
            icon={<PaperClipOutlined />}
            onClick={() => fileInput.current?.click()}
            disabled={uploading !== null}
            data-testid="evidence-upload-button"
          >
            {t('ledger.evidence.upload')}
          </Button>
        ) : undefined
      }
    >
      {canUpload && (
        <>
          <input
            ref={fileInput}
            type="file"
            multiple
            accept={EVIDENCE_ACCEPT}
            className="visually-hidden-input"
            onChange={(e) => void onFiles(e)}
            data-testid="evidence-upload"
            aria-label={t('ledger.evidence.upload')}
          />
          <input
            ref={cameraInput}
            type="file"
            accept="image/*"
            capture="environment"
            className="visually-hidden-input"
            onChange={(e) => void onFiles(e)}
            data-testid="evidence-camera"
            aria-label={t('ledger.evidence.camera')}
          />
          {isMobile && (
            <Flex gap={8} style={{ marginBottom: 12 }}>
              <Button
                type="primary"
                size="large"
                icon={<CameraOutlined />}
                block
                onClick={() => cameraInput.current?.click()}
                disabled={uploading !== null}
                data-testid="evidence-camera-button"
              >
                {t('ledger.evidence.camera')}
              </Button>
              <Button
                size="large"
                icon={<PaperClipOutlined />}
                block
                onClick={() => fileInput.current?.click()}
                disabled={uploading !== null}
                data-testid="evidence-upload-button"
              >
                {t('ledger.evidence.pickFile')}
              </Button>
            </Flex>
          )}
        </>
      )}
      {uploading && (
        <div style={{ marginBottom: 12 }} data-testid="evidence-progress">
          <Typography.Text type="secondary">{t('ledger.evidence.uploading', { name: uploading.name })}</Typography.Text>
          <Progress percent={uploading.percent} size="small" />
        </div>
      )}
      {evidence.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={canUpload ? t('ledger.evidence.emptyCanUpload') : t('ledger.evidence.empty')}
        />
      ) : (
        <>
          {images.length > 0 && (
            <Image.PreviewGroup>
              <div className="evidence-grid">
                {images.map((e) => (
                  <div key={e.id} className="evidence-thumb" data-testid="evidence-item" data-evidence-id={e.id} title={e.originalName}>
                    <Image src={evidenceUrl(e.id)} alt={e.originalName} width="100%" height={96} style={{ objectFit: 'cover' }} />
                    <div className="evidence-caption">{formatDateTime(e.uploadedAt).slice(5, 16)}</div>
                  </div>
                ))}
              </div>
            </Image.PreviewGroup>
          )}
          {files.length > 0 && (
            <Flex vertical gap={6} style={{ marginTop: images.length ? 12 : 0 }}>
              {files.map((e) => (
                <Flex key={e.id} align="center" gap={8} data-testid="evidence-item" data-evidence-id={e.id} className="evidence-file">
                  <FileOutlined />
                  <a href={evidenceUrl(e.id)} target="_blank" rel="noreferrer" className="evidence-file-name">
                    {e.originalName}
                  </a>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} className="nowrap">
                    {formatSize(e.size)}
                  </Typography.Text>
                  <a href={evidenceUrl(e.id, true)} aria-label={t('ledger.evidence.download')}>
                    <DownloadOutlined />
                  </a>
                </Flex>
              ))}
            </Flex>
          )}
        </>
      )}
    </Card>
  );
}
