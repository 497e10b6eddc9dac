import type { Command } from 'commander';

import { adminAction } from './admin-command.js';
import { allPages, printJson, printLine, printTable } from './admin-output.js';

const secretWarning =
  'Store the secret access key now: it is shown only this once, and the server cannot show it again.';

/** Registers `coffer admin key add|ls|disable|enable|rm`. */
export function registerKeyCommands(admin: Command): void {
  const key = admin.command('key').description('Manage access keys of users');

  key
    .command('add <user>')
    .description('Create an access key for a user (at most two per user) and print its secret once')
    .action(
      adminAction(async ({ client, json }, user: string) => {
        const { AccessKey } = await client.call('CreateAccessKey', { UserName: user });
        process.stderr.write(`${secretWarning}\n`);
        if (json) return printJson(AccessKey);
        printLine(`Created access key for ${AccessKey.UserName}`);
        printLine(`  Access key id:      ${AccessKey.AccessKeyId}`);
        printLine(`  Secret access key:  ${AccessKey.SecretAccessKey}`);
      }),
    );

  key
    .command('ls <user>')
    .description("List a user's access keys")
    .action(
      adminAction(async ({ client, json }, user: string) => {
        const keys = await allPages((marker) => client.call('ListAccessKeys', { UserName: user, Marker: marker }), 'AccessKeyMetadata');
        if (json) return printJson(keys);
        if (keys.length === 0) return printLine(`User ${user} has no access keys.`);
        printTable(
          ['ACCESS KEY ID', 'STATUS', 'CREATED'],
          keys.map((k) => [k.AccessKeyId, k.Status, k.CreateDate]),
        );
      }),
    );

  for (const [name, status, verb] of [
    ['disable', 'Inactive', 'Disabled'],
    ['enable', 'Active', 'Enabled'],
  ] as const) {
    key
      .command(`${name} <access-key-id>`)
      .description(
        name === 'disable' ? 'Make an access key inactive: requests it signs are refused' : 'Make an inactive access key active again',
      )
      .option('--user <name>', 'owner of the key; needed unless the caller is the root user or the owner')
      .action(
        adminAction(async ({ client, json }, accessKeyId: string, options: { user?: string }) => {
          await client.call('UpdateAccessKey', { AccessKeyId: accessKeyId, Status: status, UserName: options.user });
          if (json) return printJson({ AccessKeyId: accessKeyId, Status: status });
          printLine(`${verb} access key ${accessKeyId}`);
        }),
      );
  }

  key
    .command('rm <access-key-id>')
    .description('Delete an access key for good')
    .option('--user <name>', 'owner of the key; needed unless the caller is the root user or the owner')
    .action(
      adminAction(async ({ client, json }, accessKeyId: string, options: { user?: string }) => {
        await client.call('DeleteAccessKey', { AccessKeyId: accessKeyId, UserName: options.user });
        if (json) return printJson({ AccessKeyId: accessKeyId, Deleted: true });
        printLine(`Deleted access key ${accessKeyId}`);
      }),
    );
}
