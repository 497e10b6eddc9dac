#!/usr/bin/env node
// Runs the compiled test suite with Node's test runner, two files at a time (CI has two
// cores). The file list comes from the `*.test.ts` sources under test/, so a compiled file
// whose source was deleted does not run, and helpers under test/ are never taken for tests.
// Arguments, if any, keep only the files whose path contains one of them:
//   npm test -- presign special-keys
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const sourceDir = join(root, 'test');
const compiledDir = join(root, 'dist', 'test');

/** Finds every `*.test.ts` under `dir`, as paths relative to test/. */
function findSources(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findSources(path));
    else if (entry.name.endsWith('.test.ts')) found.push(relative(sourceDir, path));
  }
  return found;
}

const filters = process.argv.slice(2);
const sources = findSources(sourceDir)
  .filter((source) => filters.length === 0 || filters.some((filter) => source.includes(filter)))
  .sort();
if (sources.length === 0) {
  console.error(`test/run.js: no test file matches ${JSON.stringify(filters)}`);
  process.exit(1);
}
const files = sources.map((source) => join(compiledDir, source.replace(/\.ts$/, '.js')));
const notBuilt = files.filter((file) => !existsSync(file));
if (notBuilt.length > 0) {
  console.error(`test/run.js: not built (run npm run build): ${notBuilt.map((file) => relative(root, file)).join(', ')}`);
  process.exit(1);
}

// Server logs of the previous run go, so the folder contains only this run's.
rmSync(join(root, '.coffer-test', 'logs'), { recursive: true, force: true });

// The per-test timeout only stops a hung test from holding CI; no test asserts speed.
const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-timeout=900000', ...files],
  { cwd: root, stdio: 'inherit' },
);
child.on('exit', (code, signal) => {
  if (signal !== null) {
    console.error(`test/run.js: the test runner was stopped by ${signal}`);
    process.exit(1);
  }
  process.exit(code ?? 1);
});
