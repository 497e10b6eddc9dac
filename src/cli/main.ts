import { Command } from 'commander';

import { registerAdminCommand } from './admin-command.js';
import { registerAuditCommand } from './audit-command.js';
import { registerJobCommand } from './job-command.js';
import { registerPresignCommand } from './presign-command.js';
import { registerPresignPostCommand } from './presign-post-command.js';
import { registerQueryCommand } from './query-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerShareCommand } from './share-command.js';

const program = new Command();
program
  .name('coffer')
  .description('Coffer: a self-hosted S3-compatible object store')
  .version('0.1.0');
registerServeCommand(program);
registerPresignCommand(program);
registerPresignPostCommand(program);
registerAdminCommand(program);
registerShareCommand(program);
registerAuditCommand(program);
registerQueryCommand(program);
registerJobCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`coffer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
