import type { Logger } from '../log/logger.js';
import type { AuditStore } from '../metadata/audit-store.js';

/** Default time audit records are kept: 90 days. */
export const defaultAuditRetentionMs = 90 * 24 * 60 * 60 * 1000;

const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `--audit-retention`: a whole number of days, or a number with the unit `s`, `m`,
 * `h` or `d` (`90`, `90d`, `12h`, `30s`). Short retentions serve tests and trials.
 */
export function parseAuditRetention(text: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  const amount = match === null ? 0 : Number(match[1]);
  if (match === null || amount < 1) {
    throw new Error(
      `invalid --audit-retention ${JSON.stringify(text)}: expected a whole number of days, or a number with s, m, h or d, such as 90d or 12h`,
    );
  }
  return amount * unitMs[match[2] || 'd']!;
}

/** Time between prunes: a tenth of the retention, from 1 second to 1 hour. */
export function pruneIntervalMs(retentionMs: number): number {
  return Math.min(Math.max(Math.floor(retentionMs / 10), 1000), 3_600_000);
}

/**
 * Deletes audit records older than the retention now and then at `pruneIntervalMs`. Several
 * server processes on one database may each prune; the deletes do not conflict. Returns a
 * function that stops the timer.
 */
export function startAuditPruning(audit: AuditStore, retentionMs: number, log: Logger): () => void {
  const prune = async (): Promise<void> => {
    try {
      const removed = await audit.pruneAudit(new Date(Date.now() - retentionMs));
      if (removed > 0) log.info({ removed, retentionMs }, 'pruned audit records older than the retention');
    } catch (error) {
      log.error({ err: error }, 'pruning the audit log failed; will retry at the next interval');
    }
  };
  void prune();
  const timer = setInterval(() => void prune(), pruneIntervalMs(retentionMs));
  timer.unref();
  return () => clearInterval(timer);
}
