import type { Command } from 'commander';

import { adminAction } from './admin-command.js';
import { decodePolicyDocument, readPolicyFile } from './admin-files.js';
import { allPages, printJson, printLine } from './admin-output.js';

/** Registers `coffer admin policy put|get|ls|rm` for users' inline policies. */
export function registerPolicyCommands(admin: Command): void {
  const policy = admin.command('policy').description("Manage users' inline policies");

  policy
    .command('put <user> <name> <file>')
    .description('Create or replace an inline policy of a user from a JSON file (- reads standard input)')
    .action(
      adminAction(async ({ client, json }, user: string, name: string, file: string) => {
        const document = await readPolicyFile(file);
        await client.call('PutUserPolicy', { UserName: user, PolicyName: name, PolicyDocument: document });
        if (json) return printJson({ UserName: user, PolicyName: name });
        printLine(`Stored policy ${name} of user ${user}`);
      }),
    );

  policy
    .command('get <user> <name>')
    .description('Print an inline policy of a user')
    .action(
      adminAction(async ({ client, json }, user: string, name: string) => {
        const result = await client.call('GetUserPolicy', { UserName: user, PolicyName: name });
        const document = decodePolicyDocument(String(result.PolicyDocument));
        if (json) return printJson({ UserName: result.UserName, PolicyName: result.PolicyName, PolicyDocument: document.parsed });
        printLine(document.text);
      }),
    );

  policy
    .command('ls <user>')
    .description("List the names of a user's inline policies")
    .action(
      adminAction(async ({ client, json }, user: string) => {
        const names = await allPages((marker) => client.call('ListUserPolicies', { UserName: user, Marker: marker }), 'PolicyNames');
        if (json) return printJson(names);
        if (names.length === 0) return printLine(`User ${user} has no inline policies.`);
        for (const name of names) printLine(String(name));
      }),
    );

  policy
    .command('rm <user> <name>')
    .description('Delete an inline policy of a user')
    .action(
      adminAction(async ({ client, json }, user: string, name: string) => {
        await client.call('DeleteUserPolicy', { UserName: user, PolicyName: name });
        if (json) return printJson({ UserName: user, PolicyName: name, Deleted: true });
        printLine(`Deleted policy ${name} of user ${user}`);
      }),
    );
}
