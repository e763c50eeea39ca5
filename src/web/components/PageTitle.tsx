import { Flex } from 'antd';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/use-document-title.ts';

/** The page's heading; it also sets the browser tab title. */
export function PageTitle({ title, extra }: { title: string; extra?: ReactNode }) {
  useDocumentTitle(title);
  return (
    <Flex className="page-title" align="center" justify="space-between" wrap gap={12}>
      {/* Plain h3 in antd's heading look (styles.css): antd's text components would weigh on every first load. */}
      <h3 className="page-title-heading">{title}</h3>
      {extra}
    </Flex>
  );
}
