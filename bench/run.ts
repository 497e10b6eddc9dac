import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { describeMachine, loadAverage } from './machine.js';
import { repoRoot } from './paths.js';
import { renderGoalChart } from './report/chart.js';
import { evaluateGoals } from './report/goals.js';
import { Results } from './report/results.js';
import { localTable, cpuTable, goalTable, rssTable, serverTable } from './report/tables.js';
import { createCofferData, startCoffer } from './targets/coffer.js';
import { nginxBinary, startNginx } from './targets/nginx.js';
import { startNodeHttp } from './targets/node-http.js';
import { startS3rver } from './targets/s3rver.js';
import type { Target, TargetId } from './targets/target.js';
import { measureHashing, measurePresignRate, type LocalResult } from './workloads/local.js';
import { measureJsonLoad } from './workloads/json-load.js';
import { largeObjectWorkloads } from './workloads/large-objects.js';
import { listingWorkload } from './workloads/listing.js';
import { prepareSmallObjects, smallObjectWorkloads } from './workloads/small-objects.js';
import type { BenchSettings, ServerWorkload } from './workloads/workload.js';
import { writeRandomFile } from './files.js';

const usage = `Usage: npm run bench -- [options]

Starts Coffer, nginx, a bare node:http server and s3rver on 127.0.0.1, runs every
workload against each in turn and prints the medians with Coffer's ratios.

  --quick              one short repetition of each load, 64 MiB instead of 256 MiB
                       for the large object and 2,000 keys to list (under 2 minutes)
  --chart FILE         write the goal chart as SVG (default for a full run:
                       docs/benchmarks-ratios.svg; a quick run writes none)
  --workloads IDS      comma-separated workload ids to run, e.g. get-4k-c64,put-large,json-load
  --targets IDS        comma-separated targets: coffer-1, coffer-all, nginx, node-http, s3rver
  --duration SECONDS   length of each small-object load (default 2, quick 1)
  --list-keys N        keys to seed for ListObjectsV2 (default 100000, quick 2000; s3rver at most 10000)
  --cpu-prof DIR       profile each Coffer process with node --cpu-prof into DIR
  --keep               keep the temporary folder with server logs
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      chart: { type: 'string' },
      workloads: { type: 'string' },
      targets: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'list-keys': { type: 'string' },
      duration: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  checkTools();

  const workDir = await mkdtemp(join(tmpdir(), 'coffer-bench-'));
  const settings: BenchSettings = {
    quick: values.quick,
    repetitions: values.quick ? 1 : 3,
    durationSeconds: numberOption(values.duration, values.quick ? 1 : 2),
    largeBytes: (values.quick ? 64 : 256) * 1024 ** 2,
    listKeys: numberOption(values['list-keys'], values.quick ? 2_000 : 100_000),
    workDir,
    smallFile: join(workDir, 'small.bin'),
    largeFile: join(workDir, 'large.bin'),
  };
  const startLoad = loadAverage();
  progress(`work folder ${workDir}; 1-minute load average ${startLoad}`);
  await writeFile(settings.smallFile, randomBytes(4096));
  await writeRandomFile(settings.largeFile, settings.largeBytes);

  const selectedTargets = values.targets?.split(',');
  const targets = await startTargets(workDir, selectedTargets, values['cpu-prof']);
  const results = new Results();
  const selectedWorkloads = values.workloads?.split(',');
  let ceilings: LocalResult[] = [];
  let workloads: ServerWorkload[] = [];
  try {
    for (const target of targets) await prepareSmallObjects(target, settings);
    workloads = [...smallObjectWorkloads(), ...largeObjectWorkloads(settings), listingWorkload(settings)];
    if (selectedWorkloads !== undefined) workloads = workloads.filter((workload) => selectedWorkloads.includes(workload.id));
    await warmUp(workloads, targets, settings);
    for (const workload of workloads) await runWorkload(workload, targets, settings, results);
    const nginx = targets.find((target) => target.id === 'nginx');
    if (nginx !== undefined && (selectedWorkloads === undefined || selectedWorkloads.includes('json-load'))) {
      progress('json-load: coffer query and DuckDB');
      const jsonLoad = await measureJsonLoad(settings, nginx);
      if (jsonLoad === undefined) progress('json-load: this build has no coffer query; skipped');
      else ceilings.push(jsonLoad);
    }
  } finally {
    for (const target of targets) await target.stop();
  }
  if (values.workloads === undefined) {
    progress('hashing and presigning');
    ceilings = [measureHashing(settings), await measurePresignRate(settings), ...ceilings];
  }
  const endLoad = loadAverage();

  workloads = workloads.filter((workload) => targets.some((target) => results.median(workload.id, target.id) !== undefined || results.failure(workload.id, target.id) !== undefined));
  const coffer: TargetId = targets.some((target) => target.id === 'coffer-all') ? 'coffer-all' : 'coffer-1';
  const goals = evaluateGoals(results, workloads, targets, ceilings);
  const cofferRss = workloads
    .map((workload) => results.median(workload.id, coffer)?.peakRssMb)
    .filter((value): value is number => value !== undefined);
  const report = [
    `## Machine`,
    '',
    ...describeMachine().map((line) => `- ${line}`),
    `- 1-minute load average: ${startLoad} at the start, ${endLoad} at the end`,
    `- Command: npm run bench${values.quick ? ' -- --quick' : ''}; ${settings.repetitions} repetition(s), ${settings.durationSeconds} s per small-object load`,
    '',
    '## Servers',
    '',
    'Medians; small-object cells add (p50 / p99 latency). Ratios: above 1× means Coffer is better.',
    '',
    serverTable(results, workloads, targets, coffer),
    '',
    cpuTable(results, workloads, targets),
    '',
    rssTable(results, workloads.filter((workload) => workload.unit === 'MB/s'), targets),
    '',
    ...(ceilings.length === 0 ? [] : ['## Local measurements', '', localTable(ceilings), '']),
    '## Goals',
    '',
    goalTable(goals, cofferRss.length === 0 ? undefined : Math.max(...cofferRss)),
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);

  const chart = values.chart ?? (settings.quick || values.workloads !== undefined ? undefined : join(repoRoot, 'docs', 'benchmarks-ratios.svg'));
  if (chart !== undefined) {
    await writeFile(resolve(chart), renderGoalChart(goals, `Coffer (${coffer}) ratios, ${describeMachine()[1]}, nproc ${availableParallelism()}`));
    progress(`wrote ${chart}`);
  }
  if (values.keep) progress(`kept ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
}

/** Parses a numeric option, or returns `fallback` when it is absent; exits on a value that is not a positive number. */
function numberOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0)) {
    process.stderr.write(`bench: invalid number ${JSON.stringify(text)}; expected a positive number\n`);
    process.exit(2);
  }
  return value;
}

/** Exits with advice when a program the benchmark drives is missing. */
function checkTools(): void {
  const missing: string[] = [];
  if (!existsSync(nginxBinary)) missing.push('nginx');
  for (const tool of ['wrk', 'ab', 'curl', 'python3']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) missing.push(tool);
  }
  if (missing.length > 0) {
    process.stderr.write(`bench: ${missing.join(', ')} not found; run scripts/install-bench-tools.sh first\n`);
    process.exit(1);
  }
}

/** Returns whether this build of `coffer serve` has the `--workers` option. */
function cofferHasWorkers(): boolean {
  const help = spawnSync(process.execPath, [join(repoRoot, 'bin', 'coffer.js'), 'serve', '--help'], { encoding: 'utf8' });
  return help.stdout.includes('--workers');
}

async function startTargets(workDir: string, selected: string[] | undefined, cpuProfileDir: string | undefined): Promise<Target[]> {
  const nodeArgs = cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(cpuProfileDir)}`];
  const include = (id: TargetId): boolean => selected === undefined || selected.includes(id);
  const targets: Target[] = [];
  const hasWorkersOption = cofferHasWorkers();
  const data = await createCofferData(workDir);
  if (include('coffer-1')) targets.push(await startCoffer({ workDir, data, workers: 1, hasWorkersOption, nodeArgs }));
  if (include('coffer-all')) {
    if (hasWorkersOption) {
      targets.push(await startCoffer({ workDir, data, workers: availableParallelism(), hasWorkersOption, nodeArgs }));
    } else {
      progress('coffer serve has no --workers option in this build; measuring one worker only');
    }
  }
  if (include('nginx')) targets.push(await startNginx(workDir));
  if (include('node-http')) targets.push(await startNodeHttp(workDir));
  if (include('s3rver')) targets.push(await startS3rver(workDir));
  progress(`started ${targets.map((target) => `${target.id} (pid ${target.pid}, port ${target.port})`).join(', ')}`);
  return targets;
}

/** Runs one short GET load per target first, so that no measurement pays for JIT compilation. */
async function warmUp(workloads: ServerWorkload[], targets: Target[], settings: BenchSettings): Promise<void> {
  const get = workloads.find((workload) => workload.id === 'get-4k-c64');
  if (get === undefined) return;
  progress('warming up');
  // A quick run warms up too: otherwise its first load pays for compiling the server's code.
  for (const target of targets) await get.measure(target, { ...settings, durationSeconds: settings.quick ? 1 : 2 });
}

/** Measures one workload against each target in turn, `repetitions` times. */
async function runWorkload(workload: ServerWorkload, targets: Target[], settings: BenchSettings, results: Results): Promise<void> {
  const applicable = targets.filter((target) => workload.appliesTo(target, settings));
  for (const target of applicable) {
    if (workload.prepare === undefined) continue;
    progress(`${workload.id}: preparing ${target.id}`);
    const started = performance.now();
    await workload.prepare(target, settings);
    progress(`${workload.id}: prepared ${target.id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  for (let repetition = 1; repetition <= settings.repetitions; repetition += 1) {
    for (const target of applicable) {
      if (results.failure(workload.id, target.id) !== undefined) continue;
      try {
        const measured = await workload.measure(target, settings);
        results.add(workload.id, target.id, measured);
        progress(`${workload.id} #${repetition} ${target.id}: ${measured.value.toFixed(1)} ${workload.unit}`);
      } catch (error) {
        results.fail(workload.id, target.id, (error as Error).message);
        progress(`${workload.id} #${repetition} ${target.id}: failed: ${(error as Error).message}`);
      }
    }
  }
}

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

await main();
