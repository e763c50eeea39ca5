import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link, useParams } from 'react-router';
import { useCircular } from '../../api/circulars.ts';
import { paths } from '../../app/paths.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { CircularDocument } from './CircularDocument.tsx';

/** /circulars/:id/print: the document alone, A4-wide; printing hides the app's chrome. */
export function CircularPrintPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const query = useCircular(id);
  useDocumentTitle(query.data ? (query.data.number ?? query.data.title) : t('circ.pageTitle'));

  const fallback = detailFallback(query, { title: t('circ.notFound'), backTo: paths.circulars, backLabel: t('circ.back') });
  if (fallback || !query.data) return fallback;
  return (
    <div>
      <Flex gap={8} wrap justify="space-between" className="circ-toolbar circ-no-print">
        <Link to={paths.circular(query.data.id)}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
            {t('circ.docView')}
          </Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="circular-print-now">
          {t('circ.printNow')}
        </Button>
      </Flex>
      <CircularDocument detail={query.data} />
    </div>
  );
}
