import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TitleComponent,
  type TitleComponentOption,
  ToolboxComponent,
  type ToolboxComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type EChartsType, init, use as registerEChartsParts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/index.ts';

// Only what the app draws is bundled (tree-shaken echarts): three chart types, five components, the canvas renderer.
registerEChartsParts([
  BarChart,
  PieChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  ToolboxComponent,
  TitleComponent,
  CanvasRenderer,
]);

export type EChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | ToolboxComponentOption
  | TitleComponentOption
>;

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
  const chart = useRef<EChartsType | null>(null);
  const clickRef = useRef(onClick);
  useEffect(() => {
    clickRef.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, undefined, { renderer: 'canvas' });
    chart.current = instance;
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
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => instance.resize());
    observer?.observe(node);
    return () => {
      observer?.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
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
  }, [option, imageName, t]);

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
