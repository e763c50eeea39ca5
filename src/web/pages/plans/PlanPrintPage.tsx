import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link, useParams } from 'react-router';
import { usePlan } from '../../api/plans.ts';
import { paths } from '../../app/paths.ts';
import { detailFallback } from '../../components/DetailFallback.tsx';
import { useI18n } from '../../i18n/index.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { PlanDocument } from './PlanDocument.tsx';

/** /village-plans/:id/print: the document alone, A4-wide; printing hides the app's chrome. */
export function PlanPrintPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const query = usePlan(id);
  useDocumentTitle(query.data ? query.data.title : t('plan.pageTitle'));
  const fallback = detailFallback(query, { title: t('plan.notFound'), backTo: paths.reviews, backLabel: t('review.back') });
  if (fallback || !query.data) return fallback;
  return (
    <div>
      <Flex gap={8} wrap justify="space-between" className="circ-toolbar circ-no-print">
        <Link to={paths.plan(query.data.id)}>
          <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }}>
            {t('plan.backToPlan')}
          </Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="plan-print-now">
          {t('plan.printNow')}
        </Button>
      </Flex>
      <PlanDocument plan={query.data} />
    </div>
  );
}
