import { Command } from 'commander';

// A reader that closes the pipe early, as `coffer share ls | head` does, has read all it
// needs, so the command ends with status 0 instead of a stack trace. `coffer serve` logs
// through its own destination, which this handler does not cover.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command();
program
  .name('coffer')
  .description('Coffer: a self-hosted S3-compatible object store')
  .version('0.1.0');

/**
 * Each command's module, loaded only when needed: a command such as `coffer query` then
 * starts without loading the server, the SDK clients and every other command.
 */
const commands: Record<string, () => Promise<(program: Command) => void>> = {
  serve: async () => (await import('./serve-command.js')).registerServeCommand,
  presign: async () => (await import('./presign-command.js')).registerPresignCommand,
  'presign-post': async () => (await import('./presign-post-command.js')).registerPresignPostCommand,
  admin: async () => (await import('./admin-command.js')).registerAdminCommand,
  share: async () => (await import('./share-command.js')).registerShareCommand,
  audit: async () => (await import('./audit-command.js')).registerAuditCommand,
  query: async () => (await import('./query-command.js')).registerQueryCommand,
  job: async () => (await import('./job-command.js')).registerJobCommand,
};

// Help, a misspelt command and no command at all need every command's definition.
const named = process.argv[2];
const selected = named !== undefined && Object.hasOwn(commands, named) ? [named] : Object.keys(commands);
for (const register of await Promise.all(selected.map((name) => commands[name]!()))) register(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`coffer: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
