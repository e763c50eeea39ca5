/**
 * The parts of ECharts the app draws (tree-shaken): three chart types, five components, the canvas renderer.
 * Only EChart.tsx loads this module, and only when a chart is on the page, so no other page downloads ECharts.
 */
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

export { init };
export type { EChartsType };
