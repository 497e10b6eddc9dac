import type { Command } from 'commander';

import { readJobFile } from '../job/job-file.js';
import type { JobProblem } from '../job/job-types.js';
import { runJob } from '../job/run-job.js';
import { parseAssignment } from '../query/options.js';

/** Registers `coffer job run` and `coffer job validate`. */
export function registerJobCommand(program: Command): void {
  const job = program
    .command('job')
    .description('Run or check a job: presign, query, http and command steps in order, with typed variables');

  job
    .command('run')
    .description('Run the steps of a job file in order; the first failure stops the job')
    .argument('<file>', 'the job file (YAML)')
    .option('--var <name=value>', 'set a declared variable, converted to its type; repeatable', collect)
    .action(async (file: string, flags: { var?: string[] }) => {
      const overrides = Object.fromEntries((flags.var ?? []).map((item) => parseAssignment(item, '--var')));
      const { job: parsed, problems } = await readJobFile(file);
      if (parsed === undefined) throw new Error(describeProblems(file, problems));
      await runJob(parsed, overrides, { stdout: process.stdout, stderr: process.stderr, terminal: process.stderr.isTTY === true });
    });

  job
    .command('validate')
    .description('Check a job file without running anything: structure, step types, field names, variable references and query step inputs')
    .argument('<file>', 'the job file (YAML)')
    .action(async (file: string) => {
      const { job: parsed, problems } = await readJobFile(file);
      if (parsed === undefined) throw new Error(describeProblems(file, problems));
      const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
      process.stdout.write(`${file}: valid, ${count(parsed.steps.length, 'step')}, ${count(parsed.variables.length, 'variable')}\n`);
    });
}

function describeProblems(file: string, problems: JobProblem[]): string {
  const lines = problems.map((problem) => `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`);
  return `${file} is not a valid job (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${lines.join('\n')}`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
