import { Tag, Tooltip } from 'antd';
import type { RagStatus } from '../../../domain/contracts/rankings.ts';
import type { RagColour } from '../../../domain/rag.ts';
import { useI18n, type MessageKey } from '../../i18n/index.ts';

export const RAG_TAG_COLOURS: Record<RagColour, string> = { red: 'red', amber: 'gold', green: 'green' };
const RAG_KEYS: Record<RagColour, MessageKey> = { red: 'rag.red', amber: 'rag.amber', green: 'rag.green' };

/** The reasons of a colour in the reader's language. */
export function useRagReasons() {
  const { lang } = useI18n();
  return (rag: RagStatus) => (lang === 'zh' ? rag.reasonsZh : rag.reasonsEn);
}

/** A colour tag; the reasons show as a tooltip, or as text beside it when `inline` (phones have no hover). */
export function RagTag({ rag, inline = false }: { rag: RagStatus; inline?: boolean }) {
  const { t, lang } = useI18n();
  const reasons = (lang === 'zh' ? rag.reasonsZh : rag.reasonsEn).join(lang === 'zh' ? '；' : '; ');
  const tag = (
    <Tag color={RAG_TAG_COLOURS[rag.colour]} data-testid={`rag-${rag.colour}`} style={{ marginInlineEnd: inline ? 6 : 0 }}>
      {t(RAG_KEYS[rag.colour])}
    </Tag>
  );
  if (inline)
    return (
      <span>
        {tag}
        <span className="rag-reasons">{reasons}</span>
      </span>
    );
  return <Tooltip title={reasons}>{tag}</Tooltip>;
}
