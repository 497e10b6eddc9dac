import cluster, { type Worker } from 'node:cluster';

import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../log/logger.js';
import { describeMetadataLocation } from '../metadata/metadata-location.js';
import { DiskBlobStore } from '../storage/disk-blob-store.js';
import { prepareDataDirectory } from './data-directory.js';
import { startServer } from './server.js';
import { stopOnNewerSchema } from './schema-guard.js';
import { stopOnSignals } from './stop-signals.js';

/** A worker that exits sooner than this after it was forked counts as failing at start. */
const minUptimeMs = 10_000;
/** Wait before replacing a worker after the first quick failure. Each further quick failure doubles it. */
const firstRestartDelayMs = 1_000;
const maxRestartDelayMs = 60_000;

/**
 * Threads of libuv's pool in each worker, unless UV_THREADPOOL_SIZE is set. Uploads wait
 * there for their fsyncs, and the default of four lets only four overlap. A process sizes
 * its pool when it starts, so the primary sets it in each worker's environment.
 */
const workerThreadPoolSize = 16;

/**
 * Runs `coffer serve` as a cluster of `config.workers` processes sharing one listening
 * socket. The primary accepts connections and hands them to the workers in turn (Node's
 * round-robin scheduling), and each worker opens the data directory itself.
 *
 * Every process runs this module: the primary with `cluster.isPrimary`, and each worker,
 * which `cluster.fork` starts with the same command line and environment.
 */
export async function serveCluster(config: ServerConfig, log: Logger): Promise<void> {
  if (cluster.isWorker) {
    await serveAsWorker(config, log.child({ worker: cluster.worker!.id, pid: process.pid }));
  } else {
    await new ClusterPrimary(config, log).start();
  }
}

async function serveAsWorker(config: ServerConfig, log: Logger): Promise<void> {
  const running = await startServer(config, log, { prepare: false });
  stopOnSignals(() => running.close(), log);
}

/**
 * The primary process. It prepares the data directory once, forks the workers, logs the
 * listen address once they all listen, replaces a worker that exits, and on SIGTERM or
 * SIGINT stops the workers, each of which finishes its in-flight requests first.
 */
class ClusterPrimary {
  private stopping = false;
  /** Consecutive exits of workers that ran less than `minUptimeMs`. */
  private quickFailures = 0;
  private readonly forkedAt = new Map<Worker, number>();
  private readonly restartTimers = new Set<NodeJS.Timeout>();
  private readonly blobs: DiskBlobStore;

  constructor(
    private readonly config: ServerConfig,
    private readonly log: Logger,
  ) {
    // The primary writes no blobs; it only removes the temporary files of exited workers.
    this.blobs = new DiskBlobStore(config.dataDir, 'primary');
  }

  async start(): Promise<void> {
    // The workers find credentials, master key and schema in place, and nothing writes
    // while the sweep runs, because no worker exists yet.
    const data = await prepareDataDirectory(this.config, this.log);
    await data.close();

    const address = await this.startWorkers();
    this.log.info(
      {
        ...address,
        dataDir: this.config.dataDir,
        metadata: describeMetadataLocation(this.config.metadata),
        region: this.config.region,
        workers: this.config.workers,
      },
      'listening',
    );
    cluster.on('exit', (worker, code, signal) => this.onWorkerExit(worker, code, signal));
    cluster.on('listening', (worker) => this.log.info({ worker: worker.id, pid: worker.process.pid }, 'worker ready'));
    const stopNode = stopOnSignals(() => this.stopWorkers(), this.log);
    await stopOnNewerSchema(this.config, this.log, stopNode);
  }

  /** Forks the workers and resolves with the bound address once every one of them listens. */
  private startWorkers(): Promise<{ address: string; port: number }> {
    return new Promise((resolve, reject) => {
      let listening = 0;
      const onListening = (worker: Worker, address: { address: string; port: number }): void => {
        this.log.info({ worker: worker.id, pid: worker.process.pid }, 'worker ready');
        listening += 1;
        if (listening < this.config.workers) return;
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        resolve({ address: address.address, port: address.port });
      };
      const onEarlyExit = (worker: Worker, code: number | null, signal: string | null): void => {
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        this.stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
        reject(
          new Error(
            `worker ${worker.id} exited before it was listening (exit code ${code}, signal ${signal}); its error is printed above`,
          ),
        );
      };
      cluster.on('listening', onListening);
      cluster.on('exit', onEarlyExit);
      for (let index = 0; index < this.config.workers; index += 1) this.forkWorker();
    });
  }

  private forkWorker(): void {
    const worker = cluster.fork({ UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? String(workerThreadPoolSize) });
    this.forkedAt.set(worker, Date.now());
    this.log.info({ worker: worker.id, pid: worker.process.pid }, 'started worker');
  }

  private onWorkerExit(worker: Worker, code: number | null, signal: string | null): void {
    const uptime = Date.now() - (this.forkedAt.get(worker) ?? 0);
    this.forkedAt.delete(worker);
    const pid = worker.process.pid;
    if (pid !== undefined) void this.removeTemporaryFiles(worker.id, pid);
    if (this.stopping) return;

    this.quickFailures = uptime < minUptimeMs ? this.quickFailures + 1 : 0;
    const delay =
      this.quickFailures === 0 ? 0 : Math.min(maxRestartDelayMs, firstRestartDelayMs * 2 ** (this.quickFailures - 1));
    this.log.warn(
      { worker: worker.id, pid, code, signal, uptimeMs: uptime, restartInMs: delay },
      'worker exited; starting a replacement',
    );
    const timer = setTimeout(() => {
      this.restartTimers.delete(timer);
      if (!this.stopping) this.forkWorker();
    }, delay);
    this.restartTimers.add(timer);
  }

  /**
   * Removes the temporary files of an exited worker, which it can no longer commit.
   * NOTE: a blob that the worker renamed into place but whose record it never committed
   * stays until the next start's sweep, which alone can tell it from a blob in use.
   */
  private async removeTemporaryFiles(workerId: number, pid: number): Promise<void> {
    try {
      const removed = await this.blobs.removeTemporaryOf(pid);
      if (removed > 0) this.log.info({ worker: workerId, pid, removed }, 'removed temporary files of an exited worker');
    } catch (error) {
      this.log.error({ err: error, worker: workerId, pid }, 'failed to remove temporary files of an exited worker');
    }
  }

  /** Sends SIGTERM to every worker and resolves when all have exited; rejects if one failed. */
  private async stopWorkers(): Promise<void> {
    this.stopping = true;
    for (const timer of this.restartTimers) clearTimeout(timer);
    this.restartTimers.clear();

    const failures: string[] = [];
    const exits = Object.values(cluster.workers ?? {}).map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker === undefined) return resolve();
          worker.once('exit', (code: number | null, signal: string | null) => {
            // SIGTERM and SIGINT end a worker that had not yet set up its own handlers.
            const clean = code === 0 || signal === 'SIGTERM' || signal === 'SIGINT';
            if (!clean) failures.push(`worker ${worker.id} exited with code ${code}, signal ${signal}`);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
    if (failures.length > 0) throw new Error(failures.join('; '));
  }
}
