import type { Target, TargetId } from '../targets/target.js';
import type { LocalResult } from '../workloads/local.js';
import type { ServerWorkload } from '../workloads/workload.js';
import { formatRatio } from './chart.js';
import { maxServerRssMb, type Goal } from './goals.js';
import type { Results } from './results.js';

/**
 * The main table: one row per workload, the median per target, and Coffer's ratio to
 * nginx and to s3rver. Small-object cells add the median p50 and p99 latency.
 */
export function serverTable(results: Results, workloads: ServerWorkload[], targets: Target[], coffer: TargetId): string {
  const header = ['Workload', 'Unit', ...targets.map((target) => target.label), 'Coffer / nginx', 'Coffer / s3rver'];
  const rows = workloads.map((workload) => {
    const cells = targets.map((target) => {
      const failure = results.failure(workload.id, target.id);
      if (failure !== undefined) return 'failed';
      const measured = results.median(workload.id, target.id);
      if (measured === undefined) return '–';
      const latency =
        measured.p50Ms === undefined ? '' : ` (${measured.p50Ms.toFixed(2)} / ${measured.p99Ms!.toFixed(2)} ms)`;
      return `${formatNumber(measured.value)}${latency}`;
    });
    const nginx = results.ratio(workload, coffer, 'nginx');
    const s3rver = results.ratio(workload, coffer, 's3rver');
    return [
      workload.title,
      workload.unit,
      ...cells,
      nginx === undefined ? '–' : formatRatio(nginx),
      s3rver === undefined ? '–' : formatRatio(s3rver),
    ];
  });
  return markdownTable(header, rows);
}

/** Peak resident memory of each server during the large transfers. */
export function rssTable(results: Results, workloads: ServerWorkload[], targets: Target[]): string {
  const measured = workloads.filter((workload) => targets.some((target) => results.median(workload.id, target.id)?.peakRssMb !== undefined));
  const rows = measured.map((workload) => [
    workload.title,
    ...targets.map((target) => {
      const rss = results.median(workload.id, target.id)?.peakRssMb;
      return rss === undefined ? '–' : rss.toFixed(0);
    }),
  ]);
  return markdownTable(['Peak RSS, MB (largest process)', ...targets.map((target) => target.label)], rows);
}

/** Server CPU time per request of the small-object loads, which other work on the machine does not inflate. */
export function cpuTable(results: Results, workloads: ServerWorkload[], targets: Target[]): string {
  const measured = workloads.filter((workload) =>
    targets.some((target) => results.median(workload.id, target.id)?.cpuUsPerRequest !== undefined),
  );
  const rows = measured.map((workload) => [
    workload.title,
    ...targets.map((target) => {
      const cpu = results.median(workload.id, target.id)?.cpuUsPerRequest;
      return cpu === undefined ? '–' : cpu.toFixed(0);
    }),
  ]);
  return markdownTable(['Server CPU per request, µs', ...targets.map((target) => target.label)], rows);
}

export function localTable(ceilings: LocalResult[]): string {
  const rows = ceilings.flatMap((ceiling) =>
    Object.entries(ceiling.values).map(([name, value]) => [ceiling.title, name, formatNumber(value), ceiling.unit]),
  );
  return markdownTable(['Measurement', 'Implementation', 'Median', 'Unit'], rows);
}

export function goalTable(goals: Goal[], peakRssMb: number | undefined): string {
  const rows = goals.map((goal) => [
    goal.label,
    goal.ratio === undefined ? 'not measured' : formatRatio(goal.ratio),
    `≥ ${goal.required}×`,
    verdict(goal.ratio === undefined ? undefined : goal.ratio >= goal.required),
  ]);
  rows.push([
    'Coffer peak RSS during large transfers',
    peakRssMb === undefined ? 'not measured' : `${peakRssMb.toFixed(0)} MB`,
    `< ${maxServerRssMb} MB`,
    verdict(peakRssMb === undefined ? undefined : peakRssMb < maxServerRssMb),
  ]);
  return markdownTable(['Goal', 'Measured', 'Required', ''], rows);
}

function verdict(met: boolean | undefined): string {
  if (met === undefined) return '–';
  return met ? 'met' : 'missed';
}

export function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function markdownTable(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, index) => (index < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}
