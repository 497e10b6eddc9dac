import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/**
 * Fields the logger blanks out. No code path passes a secret key, a signature or an
 * Authorization header to the logger, and this list is a second guard should one ever be
 * added. The paths are written out rather than matched with `*`: a wildcard path makes
 * pino walk every field of every line, which took more than half of a request line's cost.
 */
const redactedPaths = [
  'secretAccessKey',
  'authorization',
  'signature',
  'headers.authorization',
  'req.headers.authorization',
  'err.secretAccessKey',
  'credentials.secretAccessKey',
  'identity.secretAccessKey',
];

/** Creates the server logger: JSON lines on stdout. Request lines carry ids and names only. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'coffer' },
    redact: { paths: redactedPaths, censor: '[redacted]' },
  });
}
