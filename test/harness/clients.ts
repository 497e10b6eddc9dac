import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

import { tempDir } from './files.js';
import { pythonScript } from './paths.js';
import type { CofferServer } from './server.js';

export const region = 'us-east-1';

/** Creates a JS SDK v3 client at default settings, path style, pointed at `server`. */
export function s3Client(server: CofferServer, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    ...overrides,
  });
}

/**
 * Environment for aws-cli, boto3, s3cmd and rclone: credentials of `server`, and HOME and
 * the AWS config paths in a fresh temp dir so no user configuration is read or written.
 */
export async function toolEnv(server: CofferServer): Promise<NodeJS.ProcessEnv> {
  const home = await tempDir('tool-home');
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('AWS_') && !name.startsWith('COFFER_') && !name.startsWith('RCLONE_')) env[name] = value;
  }
  return {
    ...env,
    HOME: home,
    AWS_ACCESS_KEY_ID: server.accessKeyId,
    AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    COFFER_ENDPOINT: server.endpoint,
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a command to completion and collects its output; a timeout kills it. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.on('data', (text: string) => {
      stderr += text;
    });
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} ran over ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input);
  });
}

/** Runs a command and throws with its output unless it exits 0. */
export async function runOk(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return result;
}

/**
 * Runs `test/python/SCRIPT` with JSON on stdin and returns the JSON it prints. The script
 * gets the endpoint and credentials from `env` (see `toolEnv`).
 */
export async function runPython<T>(script: string, input: unknown, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<T> {
  const result = await runOk('python3', [pythonScript(script)], { env, input: JSON.stringify(input), timeoutMs });
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`${script} printed no JSON\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
}
