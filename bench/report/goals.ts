import type { Target, TargetId } from '../targets/target.js';
import type { LocalResult } from '../workloads/local.js';
import type { ServerWorkload } from '../workloads/workload.js';
import type { Results } from './results.js';

/** A ratio Coffer should reach, with what this run measured. */
export interface Goal {
  label: string;
  /** Measured ratio, oriented so that above 1 means Coffer is better; undefined if not measured. */
  ratio: number | undefined;
  /** Smallest ratio that meets the goal. */
  required: number;
}

/** Peak resident memory Coffer should stay under during a transfer, in MB. */
export const maxServerRssMb = 200;

/**
 * Computes the goals from the medians. Coffer is measured with all workers when that
 * target ran, else with one. The presigned and public GETs compare with nginx's plain GET.
 */
export function evaluateGoals(
  results: Results,
  workloads: ServerWorkload[],
  targets: Target[],
  ceilings: LocalResult[],
): Goal[] {
  const coffer: TargetId = targets.some((target) => target.id === 'coffer-all') ? 'coffer-all' : 'coffer-1';
  const byId = new Map(workloads.map((workload) => [workload.id, workload]));
  const versusNginx = (id: string, nginxId: string, label: string, required: number): Goal => ({
    label,
    ratio: byId.has(id) ? results.ratio(byId.get(id)!, coffer, 'nginx', nginxId) : undefined,
    required,
  });
  const goals = [
    versusNginx('presigned-get-4k', 'get-4k-c64', 'Presigned GET 4 KiB / nginx GET', 0.5),
    versusNginx('get-4k-c64', 'get-4k-c64', 'Header-signed GET 4 KiB / nginx GET', 0.5),
    versusNginx('anonymous-get-4k', 'get-4k-c64', 'Public anonymous GET 4 KiB / nginx GET', 0.6),
    versusNginx('get-large', 'get-large', 'GET large / nginx GET', 0.75),
    versusNginx('put-large', 'put-large', 'PUT large / nginx DAV PUT', 0.9),
    versusNginx('put-4k-c64', 'put-4k-c64', 'Durable PUT 4 KiB / nginx DAV PUT', 0.5),
  ];

  let lowest: { ratio: number; title: string } | undefined;
  for (const workload of workloads) {
    const ratio = results.ratio(workload, coffer, 's3rver');
    if (ratio !== undefined && (lowest === undefined || ratio < lowest.ratio)) lowest = { ratio, title: workload.title };
  }
  goals.push({ label: `Lowest Coffer / s3rver (${lowest?.title ?? 'none'})`, ratio: lowest?.ratio, required: 10 });

  const presign = ceilings.find((ceiling) => ceiling.id === 'presign')?.values;
  const sdk = presign?.['@aws-sdk/s3-request-presigner'];
  goals.push({
    label: 'presignUrl / JS SDK presigner',
    ratio: presign === undefined || sdk === undefined ? undefined : presign['Coffer presignUrl']! / sdk,
    required: 5,
  });

  // DuckDB's time over Coffer's: at least 0.5 means the load takes at most twice as long.
  const load = ceilings.find((ceiling) => ceiling.id === 'json-load')?.values;
  const cofferLoad = load?.['coffer query --into sqlite'];
  const duckdbLoad = load?.['DuckDB read_json'];
  goals.push({
    label: 'JSON load: DuckDB read_json time / coffer query time',
    ratio: cofferLoad === undefined || duckdbLoad === undefined ? undefined : duckdbLoad / cofferLoad,
    required: 0.5,
  });
  return goals;
}
