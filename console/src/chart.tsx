import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { timeTicks } from './format';
import { formatDateTime, useT } from './i18n';

/**
 * One uPlot chart drawn from API data. uPlot is loaded with the first chart, so pages without
 * charts never download it. `data-points` reports how many x values were drawn (what the browser
 * tests count), once uPlot has drawn them. With `time`, x is seconds since the epoch and its ticks
 * and the legend's value are dates in the reader's language (uPlot's own are English), which
 * `data-x-ticks` reports, since the ticks are drawn on the canvas.
 */
export function Chart({
  caption,
  testId,
  options: given,
  data,
  time = false,
  height = 220,
  minWidth = 280,
}: {
  caption: string;
  testId: string;
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
  time?: boolean;
  height?: number;
  minWidth?: number;
}) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [drawnPoints, setDrawnPoints] = useState<number>();
  const [drawnTicks, setDrawnTicks] = useState<string>();
  useEffect(() => {
    let ticks: string[] = [];
    const [xSeries = {}, ...ySeries] = given.series;
    const [xAxis = {}, ...yAxes] = given.axes ?? [];
    const options: Omit<uPlot.Options, 'width' | 'height'> = time
      ? {
          ...given,
          series: [{ ...xSeries, value: (_u: uPlot, seconds: number | null) => (seconds === null ? '—' : formatDateTime(t, new Date(seconds * 1000).toISOString())) }, ...ySeries],
          axes: [{ ...xAxis, values: (_u: uPlot, splits: number[], _axis: number, _space: number, step: number) => (ticks = timeTicks(t.language, splits, step)) }, ...yAxes],
        }
      : given;
    if (!host.current) return;
    const target = host.current;
    let chart: uPlot | undefined;
    let disposed = false;
    const width = () => Math.max(minWidth, target.clientWidth);
    // Follow the box's width (a resized window, a phone turned), or the canvas keeps its first width and pushes the page sideways.
    const resized = new ResizeObserver(() => {
      if (chart && chart.width !== width()) chart.setSize({ width: width(), height });
    });
    resized.observe(target);
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      chart = new UPlot(
        {
          ...options,
          width: width(),
          height,
          hooks: {
            ...options.hooks,
            draw: [
              ...(options.hooks?.draw ?? []),
              (u) => {
                setDrawnPoints(u.data[0].length);
                if (time) setDrawnTicks(ticks.join(' | '));
              },
            ],
          },
        },
        data,
        target,
      );
    });
    return () => {
      disposed = true;
      resized.disconnect();
      chart?.destroy();
    };
  }, [given, data, time, t]);
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <div ref={host} class="chart" data-testid={testId} data-points={drawnPoints} data-x-ticks={drawnTicks} role="img" aria-label={`${caption}: ${data[0].length}`} />
    </figure>
  );
}

export const PALETTE = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#0f766e', '#b91c1c', '#4d7c0f', '#a16207'];
