import { type CSSProperties, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.ts';
import type { EChartOption, EChartsType } from './echarts-core.ts';

export type { EChartOption };

/** What a click on a slice, bar or point tells the page. */
export interface EChartClick {
  componentType: string;
  seriesName?: string;
  seriesIndex?: number;
  /** Category (bar/line) or slice (pie) name. */
  name: string;
  dataIndex: number;
  data: unknown;
}

export interface EChartProps {
  option: EChartOption;
  onClick?: (event: EChartClick) => void;
  /** CSS height; the width follows the container. */
  height?: number | string;
  /** File name (without extension) for "save as image". */
  imageName: string;
  /** Read by screen readers in place of the canvas. */
  ariaLabel: string;
  style?: CSSProperties;
  'data-testid'?: string;
}

/**
 * One ECharts canvas: created on mount, resized with its container, disposed on unmount.
 * Every chart gets the toolbox's "save as image" (PNG, 2× for print), so charts can go into reports.
 */
export function EChart({ option, onClick, height = 320, imageName, ariaLabel, style, 'data-testid': testId }: EChartProps) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  }, [onClick]);

  // ECharts (about 600 KB, 200 KB compressed) arrives with the first chart, not with the app.
  const [chart, setChart] = useState<EChartsType | null>(null);
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    let disposed = false;
    let instance: EChartsType | null = null;
    let observer: ResizeObserver | null = null;
    void import('./echarts-core.ts').then(({ init }) => {
      if (disposed) return;
      instance = init(node, undefined, { renderer: 'canvas' });
      instance.on('click', (p) => {
        clickRef.current?.({
          componentType: p.componentType,
          seriesName: p.seriesName,
          seriesIndex: p.seriesIndex,
          name: p.name,
          dataIndex: p.dataIndex,
          data: p.data,
        });
      });
      observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance?.resize());
      observer?.observe(node);
      setChart(instance);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      instance?.dispose();
      setChart(null);
    };
  }, []);

  useEffect(() => {
    chart?.setOption(
      {
        ...option,
        toolbox: {
          right: 4,
          top: 0,
          feature: { saveAsImage: { name: imageName, title: t('chart.saveAsImage'), pixelRatio: 2, backgroundColor: '#fff' } },
        },
      },
      { notMerge: true },
    );
  }, [chart, option, imageName, t]);

  return (
    <div
      ref={el}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined, ...style }}
    />
  );
}
