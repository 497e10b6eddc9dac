import type { Target } from '../targets/target.js';

/** Settings shared by every workload of one run. */
export interface BenchSettings {
  quick: boolean;
  /** Measurements per workload and target; the table shows their median. */
  repetitions: number;
  /** Length of one small-object load, in seconds. */
  durationSeconds: number;
  /** Size of the large object, in bytes. */
  largeBytes: number;
  /** Keys seeded for the listing workload. */
  listKeys: number;
  /** Temporary folder for servers, request files and bodies. */
  workDir: string;
  /** Files holding the 4 KiB and the large body. */
  smallFile: string;
  largeFile: string;
}

/** One measurement of a workload against a target. */
export interface Measurement {
  /** The figure in the workload's unit. */
  value: number;
  p50Ms?: number | undefined;
  p99Ms?: number | undefined;
  /** Server CPU time (user plus system, all its processes) per request, in microseconds. */
  cpuUsPerRequest?: number | undefined;
  /** Peak resident memory of the server's processes during the measurement, in MB. */
  peakRssMb?: number | undefined;
}

/** A load that runs against each target it applies to. */
export interface ServerWorkload {
  id: string;
  title: string;
  unit: 'ops/s' | 'MB/s' | 'ms';
  higherIsBetter: boolean;
  /** Whether the workload runs against this target; targets without it show a dash. */
  appliesTo(target: Target, settings: BenchSettings): boolean;
  /** Runs before the first measurement, once per target. */
  prepare?(target: Target, settings: BenchSettings): Promise<void>;
  measure(target: Target, settings: BenchSettings): Promise<Measurement>;
}

/** Bytes in a megabyte as the tables count them (10^6, as curl and nginx do). */
export const megabyte = 1_000_000;
