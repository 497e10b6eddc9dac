import { spawn } from 'node:child_process';

import { parseSeconds } from '../../query/options.js';
import { StepError, type StepContext } from '../step-context.js';

const defaultTimeoutSeconds = 60;
/** Most stdout bytes kept for a variable; a value is a line or two, not a file. */
const maxCapturedBytes = 1024 * 1024;
/** Time between SIGTERM and SIGKILL when a command overruns its timeout. */
const killGraceMs = 2000;

/**
 * Runs a program from an argument list, with no shell, in the job file's folder unless
 * `cwd` names another. With `set`, its trimmed stdout becomes the variable's value;
 * otherwise stdout passes through. stderr always passes through. A non-zero exit status,
 * a signal or the timeout fails the step.
 */
export async function runCommandStep(context: StepContext): Promise<string | undefined> {
  const [program, ...args] = context.list('run');
  if (program === undefined || program === '') throw new StepError('run must start with the program to run.');
  const timeoutMs = parseSeconds(context.text('timeout') ?? String(defaultTimeoutSeconds), 'timeout');
  const cwd = context.path(context.text('cwd') ?? '.');
  const capture = context.step.fields.set !== undefined;

  const child = spawn(program, args, { cwd, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let captured = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    if (!capture) {
      context.stdout.write(chunk);
    } else {
      captured += chunk.length;
      if (captured <= maxCapturedBytes) chunks.push(chunk);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => context.stderr.write(chunk));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), killGraceMs).unref();
  }, timeoutMs);
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new StepError(error.code === 'ENOENT' ? `cannot run ${JSON.stringify(program)}: no such program or folder.` : `cannot run ${JSON.stringify(program)}: ${error.message}`));
    });
    child.on('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => clearTimeout(timer));

  if (timedOut) throw new StepError(`${JSON.stringify(program)} ran over its ${timeoutMs / 1000} s timeout and was stopped.`);
  if (exit.signal !== null) throw new StepError(`${JSON.stringify(program)} was stopped by ${exit.signal}.`);
  if (exit.code !== 0) throw new StepError(`${JSON.stringify(program)} exited with status ${exit.code}.`);
  if (!capture) return undefined;
  if (captured > maxCapturedBytes) throw new StepError(`${JSON.stringify(program)} printed more than ${maxCapturedBytes} bytes, too much for a variable.`);
  return Buffer.concat(chunks).toString('utf8').trim();
}
