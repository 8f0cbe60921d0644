/** Plain-text tables for eval reports (the JSON form is the Report object itself). */
import type { Metrics, Report } from './metrics.js';

const COLUMNS: [string, keyof Metrics][] = [
  ['R@1', 'recall_at_1'],
  ['R@5', 'recall_at_5'],
  ['R@10', 'recall_at_10'],
  ['MRR@10', 'mrr_at_10'],
  ['refusal', 'refusal_accuracy'],
  ['answered', 'answered_rate'],
  ['refused', 'refused_rate'],
  ['ans-hit', 'answer_hit_rate'],
  ['filter', 'filter_accuracy'],
  ['top2gold', 'top2_in_gold'],
  ['p50 ms', 'p50_ms'],
  ['p95 ms', 'p95_ms'],
];

function cell(key: keyof Metrics, value: number | null): string {
  if (value === null) return '-';
  return key.endsWith('_ms') ? value.toFixed(1) : value.toFixed(3);
}

/** One header line, then a row per (label, metrics). */
export function table(rows: [string, Metrics][]): string {
  const labelWidth = Math.max(12, ...rows.map(([l]) => l.length));
  const header = ['set'.padEnd(labelWidth), 'queries'.padStart(7), ...COLUMNS.map(([h]) => h.padStart(8))].join(' ');
  const lines = rows.map(([label, m]) =>
    [label.padEnd(labelWidth), String(m.queries).padStart(7), ...COLUMNS.map(([, k]) => cell(k, m[k] as number | null).padStart(8))].join(' '),
  );
  return [header, ...lines].join('\n');
}

/** A report as table rows: everything, then each language. */
export function reportRows(report: Report, prefix = ''): [string, Metrics][] {
  const sep = prefix ? `${prefix} · ` : '';
  return [[`${prefix || 'all'}`, report], ...Object.entries(report.by_lang).map(([lang, m]): [string, Metrics] => [`${sep}${lang}`, m])];
}
