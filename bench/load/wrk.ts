import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { benchSourceDir } from '../paths.js';

/** One HTTP request as wrk sends it; the body, if any, comes from a file. */
export interface WrkRequest {
  method: string;
  /** Path and query, URI-encoded as sent. */
  path: string;
  headers: Record<string, string>;
}

export interface WrkRun {
  port: number;
  /** Requests to cycle through; each thread takes every `threads`-th one. */
  requests: WrkRequest[];
  /** File whose content is every request's body. */
  bodyFile?: string | undefined;
  connections: number;
  threads: number;
  durationSeconds: number;
  /** Folder for the request file. */
  workDir: string;
}

/** wrk's own summary of a run. */
export interface WrkSummary {
  requests: number;
  durationUs: number;
  bytes: number;
  connectErrors: number;
  readErrors: number;
  writeErrors: number;
  /** Responses with a status of 400 or more. */
  statusErrors: number;
  timeouts: number;
  p50Us: number;
  p99Us: number;
}

export const wrkBinary = 'wrk';

/** Runs wrk with replay.lua for the duration and returns its summary. */
export async function runWrk(run: WrkRun): Promise<WrkSummary> {
  const requestsFile = await writeRequests(run.workDir, run.requests);
  const scriptArgs = [requestsFile, String(run.threads), ...(run.bodyFile === undefined ? [] : [run.bodyFile])];
  const output = await wrk(run, join(benchSourceDir, 'load', 'replay.lua'), scriptArgs, `${run.durationSeconds}s`);
  return parseSummary(output);
}

/**
 * Sends every request once with seed.lua at the given concurrency and returns the summary.
 * Empty bodies only, as for seeding keys.
 */
export async function seedWithWrk(run: Omit<WrkRun, 'durationSeconds' | 'bodyFile'>): Promise<WrkSummary> {
  const requestsFile = await writeRequests(run.workDir, run.requests);
  const output = await wrk(
    { ...run, durationSeconds: 0 },
    join(benchSourceDir, 'load', 'seed.lua'),
    [requestsFile, String(run.threads)],
    '3600s',
    run.threads,
  );
  return parseSummary(output);
}

async function writeRequests(workDir: string, requests: WrkRequest[]): Promise<string> {
  const file = join(workDir, 'wrk-requests.tsv');
  const lines = requests.map((request) =>
    [request.method, request.path, ...Object.entries(request.headers).map(([name, value]) => `${name}:${value}`)].join('\t'),
  );
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * Runs wrk and resolves with its stdout. With `seedThreads`, sends SIGINT once that many
 * "seeded" lines have appeared, which makes wrk stop and print its summary.
 */
function wrk(run: WrkRun, script: string, scriptArgs: string[], duration: string, seedThreads?: number): Promise<string> {
  const args = [
    '--threads', String(run.threads),
    '--connections', String(run.connections),
    '--duration', duration,
    '--timeout', '30s',
    '--script', script,
    `http://127.0.0.1:${run.port}/`,
    '--', ...scriptArgs,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(wrkBinary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (seedThreads !== undefined && (stdout.match(/^seeded$/gm) ?? []).length >= seedThreads) {
        child.kill('SIGINT');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`wrk exited with code ${code}: ${stderr.trim()} ${stdout.trim()}`));
    });
  });
}

function parseSummary(output: string): WrkSummary {
  const line = output.split('\n').find((candidate) => candidate.startsWith('{"requests"'));
  if (line === undefined) throw new Error(`wrk printed no summary: ${output}`);
  return JSON.parse(line) as WrkSummary;
}

/** Describes the errors of a run, or returns undefined when there were none. */
export function describeErrors(summary: WrkSummary): string | undefined {
  const parts: string[] = [];
  if (summary.statusErrors > 0) parts.push(`${summary.statusErrors} responses with status >= 400`);
  if (summary.connectErrors + summary.readErrors + summary.writeErrors > 0) {
    parts.push(`${summary.connectErrors} connect, ${summary.readErrors} read, ${summary.writeErrors} write errors`);
  }
  if (summary.timeouts > 0) parts.push(`${summary.timeouts} timeouts`);
  return parts.length === 0 ? undefined : parts.join(', ');
}
