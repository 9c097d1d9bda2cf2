import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';

/** One line of a chart: its name and a value per x (null where there is none). */
export interface Series {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

/** A time series chart (uPlot): x in seconds since the epoch, one line per series; resizes with its box. */
export function TimeChart({
  title,
  x,
  series,
  height = 180,
  format,
}: {
  title: string;
  x: number[];
  series: Series[];
  height?: number;
  format?: (v: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: Options = {
      width: Math.max(el.clientWidth, 240),
      height,
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: true } },
      axes: [{}, { size: 56, ...(format ? { values: (_u, vals) => vals.map((v) => format(v)) } : {}) }],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: COLORS[i % COLORS.length] as string,
          width: 2,
          // sparse series are dots: a lone value has no line to draw
          points: { show: x.length < 40 || s.values.filter((v) => v !== null).length < 40 },
          spanGaps: false,
        })),
      ],
    };
    const data = [x, ...series.map((s) => s.values)] as AlignedData;
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 240), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, height, format]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
