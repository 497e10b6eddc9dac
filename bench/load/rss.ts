import { readFileSync } from 'node:fs';

/** Peak resident memory seen while sampling a process tree, in MB (10^6 bytes). */
export interface RssPeak {
  /** Largest sum over the process and its descendants. */
  totalMb: number;
  /** Largest single process. */
  largestProcessMb: number;
}

/**
 * Samples VmRSS of `pid` and its descendants every `intervalMs` until the returned
 * function is called, which returns the peaks.
 */
export function sampleRss(pid: number, intervalMs = 20): () => RssPeak {
  const peak: RssPeak = { totalMb: 0, largestProcessMb: 0 };
  const sample = (): void => {
    let total = 0;
    for (const member of processTree(pid)) {
      const rss = residentBytes(member);
      total += rss;
      peak.largestProcessMb = Math.max(peak.largestProcessMb, rss / 1e6);
    }
    peak.totalMb = Math.max(peak.totalMb, total / 1e6);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return () => {
    clearInterval(timer);
    sample();
    return peak;
  };
}

/** `pid` and its descendants, found through /proc. */
export function processTree(pid: number): number[] {
  const members = [pid];
  for (let index = 0; index < members.length; index += 1) {
    const member = members[index]!;
    try {
      const children = readFileSync(`/proc/${member}/task/${member}/children`, 'utf8').trim();
      if (children !== '') members.push(...children.split(/\s+/).map(Number));
    } catch {
      // The process ended between two reads.
    }
  }
  return members;
}

function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}
