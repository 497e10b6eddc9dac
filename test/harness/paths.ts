import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest directory above this file that contains `bin/coffer.js`.
 * Tests run from `dist/test/`, so the root is found rather than assumed.
 */
export const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** Path of a Python helper script under `test/python/`. */
export function pythonScript(name: string): string {
  return join(repoRoot, 'test', 'python', name);
}

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'bin', 'coffer.js'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no bin/coffer.js above ${start}`);
    dir = parent;
  }
}
