import type { Command } from 'commander';

import { adminAction } from './admin-command.js';
import { decodePolicyDocument, readPolicyFile } from './admin-files.js';
import { allPages, printJson, printLine, printTable } from './admin-output.js';

/** Registers `coffer admin role add|ls|rm` and `coffer admin role policy put|get|ls|rm`. */
export function registerRoleCommands(admin: Command): void {
  const role = admin.command('role').description('Manage roles and their inline policies');

  role
    .command('add <name>')
    .description('Create a role whose trust policy says who may assume it')
    .requiredOption('--trust <file>', 'trust policy (AssumeRolePolicyDocument) as a JSON file; - reads standard input')
    .option('--description <text>', 'description of the role')
    .option('--max-session-duration <seconds>', 'longest session AssumeRole may grant, 3600 to 43200 (default 3600)')
    .option('--path <path>', 'IAM path of the role, such as /service/ (default /)')
    .action(
      adminAction(
        async (
          { client, json },
          name: string,
          options: { trust: string; description?: string; maxSessionDuration?: string; path?: string },
        ) => {
          const trust = await readPolicyFile(options.trust);
          const { Role } = await client.call('CreateRole', {
            RoleName: name,
            AssumeRolePolicyDocument: trust,
            Description: options.description,
            MaxSessionDuration: options.maxSessionDuration,
            Path: options.path,
          });
          if (json) return printJson({ ...Role, AssumeRolePolicyDocument: decodePolicyDocument(String(Role.AssumeRolePolicyDocument)).parsed });
          printLine(`Created role ${Role.RoleName} (${Role.Arn})`);
          printLine(`  Role id:               ${Role.RoleId}`);
          printLine(`  Max session duration:  ${Role.MaxSessionDuration} s`);
        },
      ),
    );

  role
    .command('ls')
    .description('List roles')
    .action(
      adminAction(async ({ client, json }) => {
        const roles = await allPages((marker) => client.call('ListRoles', { Marker: marker }), 'Roles');
        if (json) {
          return printJson(roles.map((r) => ({ ...r, AssumeRolePolicyDocument: decodePolicyDocument(String(r.AssumeRolePolicyDocument)).parsed })));
        }
        if (roles.length === 0) return printLine('No roles.');
        printTable(
          ['NAME', 'ROLE ID', 'MAX SESSION', 'CREATED', 'ARN'],
          roles.map((r) => [r.RoleName, r.RoleId, `${r.MaxSessionDuration} s`, r.CreateDate, r.Arn]),
        );
      }),
    );

  role
    .command('rm <name>')
    .description('Delete a role; its inline policies must be deleted first')
    .action(
      adminAction(async ({ client, json }, name: string) => {
        await client.call('DeleteRole', { RoleName: name });
        if (json) return printJson({ RoleName: name, Deleted: true });
        printLine(`Deleted role ${name}`);
      }),
    );

  const policy = role.command('policy').description("Manage roles' inline policies");

  policy
    .command('put <role> <name> <file>')
    .description('Create or replace an inline policy of a role from a JSON file (- reads standard input)')
    .action(
      adminAction(async ({ client, json }, roleName: string, name: string, file: string) => {
        const document = await readPolicyFile(file);
        await client.call('PutRolePolicy', { RoleName: roleName, PolicyName: name, PolicyDocument: document });
        if (json) return printJson({ RoleName: roleName, PolicyName: name });
        printLine(`Stored policy ${name} of role ${roleName}`);
      }),
    );

  policy
    .command('get <role> <name>')
    .description('Print an inline policy of a role')
    .action(
      adminAction(async ({ client, json }, roleName: string, name: string) => {
        const result = await client.call('GetRolePolicy', { RoleName: roleName, PolicyName: name });
        const document = decodePolicyDocument(String(result.PolicyDocument));
        if (json) return printJson({ RoleName: result.RoleName, PolicyName: result.PolicyName, PolicyDocument: document.parsed });
        printLine(document.text);
      }),
    );

  policy
    .command('ls <role>')
    .description("List the names of a role's inline policies")
    .action(
      adminAction(async ({ client, json }, roleName: string) => {
        const names = await allPages((marker) => client.call('ListRolePolicies', { RoleName: roleName, Marker: marker }), 'PolicyNames');
        if (json) return printJson(names);
        if (names.length === 0) return printLine(`Role ${roleName} has no inline policies.`);
        for (const name of names) printLine(String(name));
      }),
    );

  policy
    .command('rm <role> <name>')
    .description('Delete an inline policy of a role')
    .action(
      adminAction(async ({ client, json }, roleName: string, name: string) => {
        await client.call('DeleteRolePolicy', { RoleName: roleName, PolicyName: name });
        if (json) return printJson({ RoleName: roleName, PolicyName: name, Deleted: true });
        printLine(`Deleted policy ${name} of role ${roleName}`);
      }),
    );
}
