// The pipeline bar chart, drawn with Chart.js. Only the pieces a bar chart needs are imported and
// registered, which keeps the bundle small; Chart.js draws on a canvas with no eval and no injected
// style sheet, so it runs under the app's strict content security policy.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { formatMoney, fractionDigits } from '../../lib/format';
import type { PipelineSeries } from './pipeline';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Bar colours per currency, the first one the app's accent. */
const COLOURS = ['#2b5f8c', '#2e7d4f', '#b7791f', '#7b4f9d', '#b3261e', '#4a5568'];

export interface PipelineChart {
  /** Shows `series` instead, in `locale` (the interface language may have changed). */
  update(series: PipelineSeries, locale: string): void;
  destroy(): void;
}

function datasets(series: PipelineSeries) {
  return series.datasets.map((d, i) => ({
    label: d.currency,
    data: d.values,
    backgroundColor: COLOURS[i % COLOURS.length],
    borderRadius: 4,
    maxBarThickness: 48,
  }));
}

/**
 * Draws `series` on `canvas`, its axis numbers and tooltips in `locale` (`Intl`'s tag, such as `ro-RO`); the
 * caller destroys the chart when the canvas goes away. A canvas that cannot draw (no 2D context) gets no chart:
 * the figures table beside it still tells the numbers.
 */
export function drawPipelineChart(canvas: HTMLCanvasElement, series: PipelineSeries, locale: string): PipelineChart {
  if (!canvas.getContext('2d')) return { update() {}, destroy() {} };
  const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  let shownLocale = locale;
  const chart = new Chart(canvas, {
    type: 'bar',
    data: { labels: series.labels, datasets: datasets(series) },
    options: {
      locale,
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      plugins: {
        legend: { display: series.datasets.length > 1 },
        tooltip: {
          callbacks: {
            label: (item) => {
              const currency = item.dataset.label ?? '';
              const minor = Math.round(Number(item.raw) * 10 ** fractionDigits(currency));
              return formatMoney(minor, currency, shownLocale);
            },
          },
        },
      },
      scales: { y: { beginAtZero: true } },
    },
  });
  return {
    update(next, nextLocale) {
      shownLocale = nextLocale;
      chart.options.locale = nextLocale;
      chart.data.labels = next.labels;
      chart.data.datasets = datasets(next);
      const legend = chart.options.plugins?.legend;
      if (legend) legend.display = next.datasets.length > 1;
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
