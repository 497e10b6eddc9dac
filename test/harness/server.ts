import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { tempDir } from './files.js';
import { repoRoot } from './paths.js';

/** A Coffer process started for one test file. */
export interface CofferServer {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  dataDir: string;
  pid: number;
  /** True when the server generated its root credentials (started without the env vars). */
  generatedCredentials: boolean;
  /** Path of the generated credentials file, when there is one. */
  credentialsFile: string | undefined;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Parsed JSON log lines written to stdout so far. */
  logLines(): Array<Record<string, unknown>>;
  /** File that receives a copy of stdout and stderr, kept after the run for debugging. */
  logFile: string;
  /** Resolves when the process exits. */
  exited: Promise<ProcessExit>;
  /**
   * Sends SIGTERM and waits for the exit, then checks that no output line contains the secret
   * access key and removes the data directory unless it was handed in by the caller.
   */
  stop(): Promise<ProcessExit>;
  /** Sends SIGKILL and waits for the exit; the data directory is kept for a restart. */
  kill9(): Promise<ProcessExit>;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Set COFFER_ROOT_ACCESS_KEY_ID and COFFER_ROOT_SECRET_ACCESS_KEY (default true). */
  rootEnv?: boolean;
  /** Use these root credentials instead of fresh random ones, as for a restart. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Use this data directory; it is then left in place by `stop`. Default: a fresh temp dir. */
  dataDir?: string;
  /** Working directory of the server process. Default: the test process's. */
  cwd?: string;
  /** More `coffer serve` arguments, such as `['--trusted-proxy', '127.0.0.1']`. */
  args?: string[];
  /** More environment variables of the server process, such as NODE_OPTIONS. */
  env?: Record<string, string>;
}

const startTimeoutMs = 20_000;

/** `--workers` of every server started here: COFFER_TEST_WORKERS, else 1 (one process). */
const testWorkers = process.env.COFFER_TEST_WORKERS ?? '1';
const stopTimeoutMs = 30_000;

/** Where server output is copied: `.coffer-test/logs/` in the repository, ignored by git. */
const logDir = join(repoRoot, '.coffer-test', 'logs');

/**
 * Children still running, killed if the test process exits without stopping them. This
 * listener runs first, so no server is still writing when temp dirs are removed.
 */
const running = new Set<ChildProcess>();
process.prependListener('exit', () => {
  for (const child of running) {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

/** Generates root credentials shaped like AWS ones, the secret with `+` and `/` as AWS secrets have. */
export function randomCredentials(): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: `TEST${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

/**
 * Starts `node bin/coffer.js serve --port 0 --data DIR` and waits for the `listening` log
 * line, which gives the bound port.
 */
export async function startCoffer(options: StartOptions = {}): Promise<CofferServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await tempDir('data'));
  const rootEnv = options.rootEnv ?? true;
  const credentials = options.credentials ?? randomCredentials();

  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('COFFER_')) env[name] = value;
  }
  Object.assign(env, options.env);
  if (rootEnv) {
    env.COFFER_ROOT_ACCESS_KEY_ID = credentials.accessKeyId;
    env.COFFER_ROOT_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  }

  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'coffer.js'), 'serve', '--port', '0', '--data', dataDir, '--workers', testWorkers, ...(options.args ?? [])],
    // A process group of its own, so that SIGKILL reaches cluster workers too.
    { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  running.add(child);
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${basename(process.argv[1] ?? 'test', '.js')}-${child.pid}.log`);
  let stdout = '';
  let stderr = '';
  const lines: Array<Record<string, unknown>> = [];
  let pending = '';
  const exited = new Promise<ProcessExit>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const listening = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line within ${startTimeoutMs} ms\n${stdout}\n${stderr}`)), startTimeoutMs);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      stdout += text;
      appendFileSync(logFile, text);
      pending += text;
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
        let parsed: Record<string, unknown>;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        lines.push(parsed);
        if (parsed.msg === 'listening') {
          clearTimeout(timer);
          resolve(parsed);
        }
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr += text;
      appendFileSync(logFile, text);
    });
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`coffer exited before listening (${JSON.stringify(exit)})\nstdout: ${stdout}\nstderr: ${stderr}`));
    });
  });
  const listeningLine = await listening;
  const port = Number(listeningLine.port);

  let credentialsFile: string | undefined;
  let actual = credentials;
  if (!rootEnv) {
    const generated = lines.find((line) => typeof line.secretFile === 'string');
    credentialsFile = join(dataDir, 'root-credentials.json');
    const stored = JSON.parse(await readFile(credentialsFile, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    actual = { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey };
    if (generated !== undefined) credentialsFile = String(generated.secretFile);
  }

  let stopped: Promise<ProcessExit> | undefined;
  const server: CofferServer = {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    accessKeyId: actual.accessKeyId,
    secretAccessKey: actual.secretAccessKey,
    dataDir,
    pid: child.pid!,
    generatedCredentials: !rootEnv,
    credentialsFile,
    stdout: () => stdout,
    stderr: () => stderr,
    logLines: () => lines,
    logFile,
    exited,
    stop: () => {
      stopped ??= (async () => {
        const exit = await terminate(child, exited, 'SIGTERM');
        assertNoSecret(server);
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
        return exit;
      })();
      return stopped;
    },
    kill9: async () => {
      const exit = await terminate(child, exited, 'SIGKILL');
      assertNoSecret(server);
      return exit;
    },
  };
  return server;
}

/** Throws when the stdout or stderr of the server contains its secret access key. */
export function assertNoSecret(server: CofferServer): void {
  for (const [stream, text] of [['stdout', server.stdout()], ['stderr', server.stderr()]] as const) {
    if (text.includes(server.secretAccessKey)) {
      const line = text.split('\n').find((candidate) => candidate.includes(server.secretAccessKey));
      throw new Error(`the server's ${stream} holds the secret access key: ${line?.replaceAll(server.secretAccessKey, '<SECRET>')}`);
    }
  }
}

async function terminate(child: ChildProcess, exited: Promise<ProcessExit>, signal: NodeJS.Signals): Promise<ProcessExit> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  // SIGTERM goes to the server alone, which stops its workers, and SIGKILL to its whole group.
  if (signal === 'SIGKILL') process.kill(-child.pid!, signal);
  else child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), stopTimeoutMs);
  });
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    throw new Error(`coffer did not exit within ${stopTimeoutMs} ms of ${signal}`);
  }
  return outcome;
}
