import type { TargetId } from '../targets/target.js';
import type { Measurement, ServerWorkload } from '../workloads/workload.js';

/** Every measurement of a run, by workload and target. */
export class Results {
  private readonly measurements = new Map<string, Map<TargetId, Measurement[]>>();
  private readonly failures = new Map<string, Map<TargetId, string>>();

  add(workloadId: string, target: TargetId, measurement: Measurement): void {
    const byTarget = this.measurements.get(workloadId) ?? new Map<TargetId, Measurement[]>();
    this.measurements.set(workloadId, byTarget);
    byTarget.set(target, [...(byTarget.get(target) ?? []), measurement]);
  }

  fail(workloadId: string, target: TargetId, message: string): void {
    const byTarget = this.failures.get(workloadId) ?? new Map<TargetId, string>();
    this.failures.set(workloadId, byTarget);
    byTarget.set(target, message);
  }

  failure(workloadId: string, target: TargetId): string | undefined {
    return this.failures.get(workloadId)?.get(target);
  }

  /** The median of each field over the repetitions, or undefined when nothing was measured. */
  median(workloadId: string, target: TargetId): Measurement | undefined {
    const all = this.measurements.get(workloadId)?.get(target);
    if (all === undefined || all.length === 0) return undefined;
    return {
      value: median(all.map((measurement) => measurement.value))!,
      p50Ms: median(all.flatMap((measurement) => measurement.p50Ms ?? [])),
      p99Ms: median(all.flatMap((measurement) => measurement.p99Ms ?? [])),
      cpuUsPerRequest: median(all.flatMap((measurement) => measurement.cpuUsPerRequest ?? [])),
      peakRssMb: Math.max(...all.map((measurement) => measurement.peakRssMb ?? 0)) || undefined,
    };
  }

  /** `numerator / denominator` of two medians, oriented so that above 1 means the numerator is better. */
  ratio(workload: ServerWorkload, numerator: TargetId, denominator: TargetId, denominatorWorkload = workload.id): number | undefined {
    const top = this.median(workload.id, numerator)?.value;
    const bottom = this.median(denominatorWorkload, denominator)?.value;
    if (top === undefined || bottom === undefined || top === 0 || bottom === 0) return undefined;
    return workload.higherIsBetter ? top / bottom : bottom / top;
  }
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
