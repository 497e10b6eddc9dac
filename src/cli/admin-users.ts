import type { Command } from 'commander';

import { adminAction } from './admin-command.js';
import { allPages, printJson, printLine, printTable } from './admin-output.js';

/** Registers `coffer admin user add|ls|rm`. */
export function registerUserCommands(admin: Command): void {
  const user = admin.command('user').description('Manage users');

  user
    .command('add <name>')
    .description('Create a user')
    .option('--email <address>', 'email address that S3 ACL grants by email resolve to')
    .option('--path <path>', 'IAM path of the user, such as /ops/ (default /)')
    .action(
      adminAction(async ({ client, json }, name: string, options: { email?: string; path?: string }) => {
        const { User } = await client.call('CreateUser', { UserName: name, Email: options.email, Path: options.path });
        if (json) return printJson(User);
        printLine(`Created user ${User.UserName} (${User.Arn})`);
        printLine(`  User id:       ${User.UserId}`);
        printLine(`  Canonical id:  ${User.CanonicalId ?? '-'}`);
        if (User.Email !== undefined) printLine(`  Email:         ${User.Email}`);
      }),
    );

  user
    .command('ls')
    .description('List users')
    .option('--path-prefix <prefix>', 'only users whose path starts with this prefix')
    .action(
      adminAction(async ({ client, json }, options: { pathPrefix?: string }) => {
        const users = await allPages(
          (marker) => client.call('ListUsers', { PathPrefix: options.pathPrefix, Marker: marker }),
          'Users',
        );
        if (json) return printJson(users);
        if (users.length === 0) return printLine('No users.');
        printTable(
          ['NAME', 'USER ID', 'EMAIL', 'CREATED', 'CANONICAL ID'],
          users.map((u) => [u.UserName, u.UserId, u.Email ?? '-', u.CreateDate, u.CanonicalId ?? '-']),
        );
      }),
    );

  user
    .command('rm <name>')
    .description('Delete a user; its access keys and policies must be deleted first')
    .action(
      adminAction(async ({ client, json }, name: string) => {
        await client.call('DeleteUser', { UserName: name });
        if (json) return printJson({ UserName: name, Deleted: true });
        printLine(`Deleted user ${name}`);
      }),
    );
}
