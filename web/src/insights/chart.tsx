import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef, type ReactNode } from 'react';

// Only the parts the insights draw, so the chunk stays small (Chart.js is tree-shakeable).
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** The design system's colours (styles.css), read once: Chart.js draws on a canvas and needs them as values. */
export function palette() {
  const css = getComputedStyle(document.documentElement);
  const value = (name: string) => css.getPropertyValue(name).trim();
  return { accent: value('--accent'), good: value('--good'), warn: value('--warn'), bad: value('--bad'), muted: value('--muted'), info: value('--info-bg'), line: value('--line') };
}

/**
 * One chart: a canvas Chart.js draws into, described for screen readers by `label`, with the same numbers as a
 * table a click away (`numbers`), for keyboards, screen readers and anyone who wants the figures.
 */
export function ChartFigure({ title, label, config, numbers }: { title: string; label: string; config: ChartConfiguration; numbers: ReactNode }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const serialized = JSON.stringify(config.data);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    return () => chart.destroy();
    // The chart is rebuilt when its data changes; its options are fixed per figure.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serialized]);
  return (
    <figure className="card chart">
      <figcaption>
        <h2>{title}</h2>
      </figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <details>
        <summary>The numbers</summary>
        {numbers}
      </details>
    </figure>
  );
}
