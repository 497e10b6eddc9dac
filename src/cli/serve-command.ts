import type { Command } from 'commander';

import { resolveServerConfig, type ServeOptions } from '../config/server-config.js';
import { createLogger } from '../log/logger.js';

/** Registers `coffer serve`. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the S3-compatible server')
    .option('--data <dir>', 'data directory for objects and metadata (env COFFER_DATA, default ./data)')
    .option(
      '--metadata <location>',
      'metadata engine: postgres://USER:PASSWORD@HOST:PORT/DATABASE, or sqlite:PATH (env COFFER_METADATA, default sqlite:DATA/metadata.sqlite)',
    )
    .option('--address <ip>', 'address to listen on (env COFFER_ADDRESS, default 127.0.0.1)')
    .option('--port <port>', 'TCP port to listen on (env COFFER_PORT, default 9000)')
    .option('--region <region>', 'region this server answers for (env COFFER_REGION, default us-east-1)')
    .option('--domain <name>', 'base domain for virtual-hosted-style requests BUCKET.NAME (env COFFER_DOMAIN)')
    .option(
      '--trusted-proxy <cidr>',
      'proxy address or CIDR whose X-Forwarded-For is believed for aws:SourceIp; repeatable (env COFFER_TRUSTED_PROXIES, comma-separated)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--audit-retention <time>',
      'how long audit records are kept: days, or a number with s, m, h or d such as 12h (env COFFER_AUDIT_RETENTION, default 90)',
    )
    .option('--log-level <level>', 'pino log level: fatal, error, warn, info, debug, trace (env COFFER_LOG_LEVEL, default info)')
    .option(
      '--workers <count>',
      'processes serving requests; 1 serves from this process alone (env COFFER_WORKERS, default: the number of CPUs)',
    )
    .action(async (options: ServeOptions) => {
      const config = resolveServerConfig(options);
      const log = createLogger(config.logLevel);
      // Loaded here so that other commands start without the server's dependencies.
      if (config.workers > 1) {
        const { serveCluster } = await import('../http/cluster.js');
        await serveCluster(config, log);
        return;
      }
      const { startServer } = await import('../http/server.js');
      const { stopOnSignals } = await import('../http/stop-signals.js');
      const { stopOnNewerSchema } = await import('../http/schema-guard.js');
      const running = await startServer(config, log);
      const stopNode = stopOnSignals(() => running.close(), log);
      await stopOnNewerSchema(config, log, stopNode);
    });
}
