import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root; compiled files run from dist/bench/, two levels below it. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Source folder of the benchmark, holding the Lua and Python files it runs. */
export const benchSourceDir = join(repoRoot, 'bench');
