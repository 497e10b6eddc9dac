import type { ServerConfig } from '../config/server-config.js';
import type { Logger } from '../log/logger.js';
import { watchMetadataSchema } from '../metadata/open-metadata.js';

/**
 * Stops this node once another node has migrated the shared metadata schema past the
 * newest version among this build's migrations. Records in the newer format could
 * otherwise fail here. A restart of this build then rejects the newer schema with a
 * message that names the newer Coffer as the fix.
 */
export async function stopOnNewerSchema(
  config: ServerConfig,
  log: Logger,
  stopNode: (reason: string, fields?: object) => void,
): Promise<void> {
  await watchMetadataSchema(config.metadata, log, (version, known) => {
    stopNode('stopping: another node migrated the metadata schema to a version this Coffer does not know; run the newer Coffer here too', {
      schemaVersion: version,
      knownVersion: known,
    });
  });
}
