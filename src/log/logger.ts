import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Creates the server logger: JSON lines on stdout. Request lines carry ids and names only;
 * no code path passes a secret key, a signature or an Authorization header to it, and the
 * redact list is a second guard should one ever be added.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'coffer' },
    redact: {
      paths: ['secretAccessKey', '*.secretAccessKey', 'authorization', '*.authorization', 'signature'],
      censor: '[redacted]',
    },
  });
}
