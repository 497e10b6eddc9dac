import type Database from 'better-sqlite3';

interface QueuedWrite {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Commits the writes queued during one turn of the event loop in one transaction. With
 * synchronous=FULL every commit waits for an fsync of the WAL, and better-sqlite3 waits on
 * the main thread, so one commit per request would stall every other request for the
 * length of an fsync. Each write still resolves only after the commit that contains it,
 * so a write is durable once its promise resolves.
 *
 * Each write runs in its own savepoint: one that throws is rolled back alone and rejects
 * its caller, while the others commit. Writes apply in the order they were submitted.
 */
export class GroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled = false;

  /**
   * `sync`, if given, runs after each commit and before its writes resolve. A connection with
   * synchronous=NORMAL passes one that makes the commit durable off the main thread.
   */
  constructor(
    private readonly db: Database.Database,
    private readonly sync?: () => Promise<void>,
  ) {}

  submit<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now; the store calls it before closing the database. */
  flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const outcomes: Outcome[] = [];
    try {
      this.db
        .transaction(() => {
          for (const queued of batch) {
            try {
              // A transaction function called inside another runs as a savepoint.
              outcomes.push({ ok: true, value: this.db.transaction(queued.write)() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
    } catch (error) {
      for (const queued of batch) queued.reject(error);
      return;
    }
    const settle = (): void => {
      batch.forEach((queued, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) queued.resolve(outcome.value);
        else queued.reject(outcome.error);
      });
    };
    if (this.sync === undefined) {
      settle();
      return;
    }
    this.sync().then(settle, (error: unknown) => {
      for (const queued of batch) queued.reject(error);
    });
  }
}
