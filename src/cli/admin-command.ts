import type { Command } from 'commander';

import { IamClient } from './admin-client.js';
import { resolveAdminConnection, type AdminOptions } from './admin-connection.js';
import { registerKeyCommands } from './admin-keys.js';
import { registerPolicyCommands } from './admin-policies.js';
import { registerRoleCommands } from './admin-roles.js';
import { registerUserCommands } from './admin-users.js';

/** Context of a subcommand action: the IAM client, and whether to print JSON. */
export interface AdminContext {
  client: IamClient;
  json: boolean;
}

/**
 * Wraps a subcommand action: resolves the connection from the options of `coffer admin`
 * and its subcommand, then runs `run` with an IAM client, the positional arguments and
 * the subcommand's own options, as commander passes them.
 */
export function adminAction<Args extends unknown[]>(
  run: (context: AdminContext, ...args: Args) => Promise<void>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const options = command.optsWithGlobals<AdminOptions>();
    const client = new IamClient(await resolveAdminConnection(options));
    await run({ client, json: options.json === true }, ...(args.slice(0, -1) as Args));
  };
}

/** Registers `coffer admin`: users, access keys, inline policies and roles, over the IAM API. */
export function registerAdminCommand(program: Command): void {
  const admin = program
    .command('admin')
    .description('Manage users, access keys, policies and roles of a running Coffer server through its IAM API')
    .option('--endpoint-url <url>', 'server URL (env AWS_ENDPOINT_URL_IAM or AWS_ENDPOINT_URL, default http://127.0.0.1:9000)')
    .option('--profile <name>', 'credentials profile from ~/.aws/credentials or ~/.aws/config (env AWS_PROFILE)')
    .option('--region <region>', "the server's region, used to sign requests (env AWS_REGION, COFFER_REGION, default us-east-1)")
    .option('--data <dir>', 'data directory whose root-credentials.json is used when no other credentials are set (env COFFER_DATA)')
    .option('--json', 'print JSON for scripts instead of tables');
  admin.addHelpText(
    'after',
    '\nCredentials come from --profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, the AWS shared files, ' +
      'COFFER_ROOT_ACCESS_KEY_ID/COFFER_ROOT_SECRET_ACCESS_KEY, or DATA/root-credentials.json, in that order.',
  );
  registerUserCommands(admin);
  registerKeyCommands(admin);
  registerPolicyCommands(admin);
  registerRoleCommands(admin);
}
