import { Alert, Button, Flex, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ReactNode } from 'react';
import type { MemberImportResult } from '../../../domain/contracts/members.ts';
import { uploadMultipart } from '../../api/evidence.ts';
import { studyKeys, useStudyOverview } from '../../api/study.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.ts';

/** 党员名册 in Excel: export a branch's register, import one in the branch's own columns (bad rows named, nothing written then). */
export function MemberSheetTools({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  const overview = useStudyOverview();
  const queryClient = useQueryClient();
  const branches = overview.data?.branches ?? [];
  const [branchId, setBranchId] = useState<string | undefined>(undefined);
  const branch = branchId ?? (branches.length === 1 ? branches[0]!.id : undefined);
  const canImport = branches.find((b) => b.id === branch)?.canRecord ?? false;
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<MemberImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (branches.length === 0) return null;

  const upload = async (file: File) => {
    if (!branch) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await uploadMultipart<MemberImportResult>(
        `/api/party-members/import?organizationId=${encodeURIComponent(branch)}`,
        {},
        file,
      );
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: studyKeys.all });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="study-member-sheet">
      <Flex gap={8} wrap align="center">
        {children}
        {branches.length > 1 && (
          <Select
            style={{ minWidth: 220 }}
            placeholder={t('study.record.branch')}
            value={branch}
            onChange={setBranchId}
            options={branches.map((b) => ({ value: b.id, label: b.parentName ? `${b.parentName} · ${b.name}` : b.name }))}
          />
        )}
        <Button
          disabled={!branch}
          href={branch ? `/api/party-members/export.xlsx?organizationId=${encodeURIComponent(branch)}` : undefined}
        >
          {t('study.members.export')}
        </Button>
        {canImport && (
          <>
            <Button loading={busy} onClick={() => input.current?.click()} data-testid="study-member-import">
              {t('study.members.import')}
            </Button>
            <input
              ref={input}
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              hidden
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void upload(f);
              }}
            />
          </>
        )}
      </Flex>
      {error ? <ErrorAlert error={error} title={t('study.members.importFailed')} /> : null}
      {result &&
        (result.errors.length ? (
          <Alert
            type="error"
            message={t('study.members.badRows', { n: result.errors.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {result.errors.map((e) => (
                  <li key={`${e.row}-${e.column}`}>{t('study.members.badRow', { row: e.row, column: e.column, message: e.message })}</li>
                ))}
              </ul>
            }
          />
        ) : (
          <Alert type="success" message={t('study.members.imported', { created: result.created, skipped: result.skipped })} />
        ))}
    </Flex>
  );
}
