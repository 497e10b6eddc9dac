import type { Logger } from '../log/logger.js';

/**
 * Calls `stop` on the first SIGTERM or SIGINT, then exits the process: with code 0 after a
 * clean stop, 1 after an error. Later signals are ignored while the stop is under way.
 * Returns a function that runs the same stop for another reason, given as the log
 * message, and exits with code 1 since the node did not stop by request.
 */
export function stopOnSignals(stop: () => Promise<void>, log: Logger): (reason: string, fields?: object) => void {
  let stopping = false;
  const run = (exitCode: number): void => {
    stop()
      .then(() => {
        log.info('stopped');
        process.exit(exitCode);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing in-flight requests');
    run(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return (reason, fields = {}) => {
    if (stopping) return;
    stopping = true;
    log.error(fields, reason);
    run(1);
  };
}
