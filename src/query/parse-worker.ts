import { parentPort, workerData } from 'node:worker_threads';

import type { CellValue, CompiledProfile } from './engine-types.js';
import { rowsPerInsert } from './load/rows-per-insert.js';
import { PageSession } from './page-session.js';
import type { FromParser, ParseJob, ToParser } from './parse-in-worker.js';
import { compileQuery } from './prepare-query.js';

/**
 * The parse worker: parses the page bodies that the main thread fetches and sends chunk by
 * chunk, converts the values, and posts the rows back in groups of a few multi-row inserts
 * each. The main thread only fetches and inserts, so parsing and inserting run on two
 * cores at once.
 *
 * It reports each chunk it takes up, so that the main thread can stop reading while too
 * many wait here.
 */

/** Multi-row inserts per message: fewer messages cost less than one message per insert. */
const insertsPerMessage = 8;

interface Group {
  perMessage: number;
  values: CellValue[];
  rows: number;
}

const port = parentPort!;
const job = workerData as ParseJob;
let profile: CompiledProfile | undefined;
const groups = new Map<string, Group>();
let session: PageSession | undefined;
let chunksTaken = 0;
let failed = false;

function post(message: FromParser): void {
  port.postMessage(message);
}

function send(table: string, group: Group): void {
  post({ kind: 'rows', table, values: group.values, rows: group.rows });
  group.values = [];
  group.rows = 0;
}

function sink(table: string, values: CellValue[]): void {
  const group = groups.get(table);
  if (group === undefined) {
    post({ kind: 'rows', table, values, rows: 1 });
    return;
  }
  for (let i = 0; i < values.length; i++) group.values.push(values[i]!);
  group.rows += 1;
  if (group.rows === group.perMessage) send(table, group);
}

function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  const failure = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'error', name: failure.name, message: failure.message });
}

function receive(message: ToParser): void {
  if (failed) return;
  switch (message.kind) {
    case 'profile':
      profile = compileQuery(job.request, message.query).profile;
      for (const table of profile.tables) {
        groups.set(table.name, { perMessage: rowsPerInsert(table.columns.length) * insertsPerMessage, values: [], rows: 0 });
      }
      return;
    case 'page':
      session = new PageSession(profile!, message, sink, job.extract, () => post({ kind: 'chunk-taken', count: ++chunksTaken }), fail);
      return;
    case 'chunk':
      session!.chunk(message.bytes);
      return;
    case 'drain':
      void session!.idle().then(() => post({ kind: 'drained' }));
      return;
    case 'end': {
      const ending = session!;
      session = undefined;
      ending.end().then((result) => {
        if (failed) return;
        for (const [table, group] of groups) if (group.rows > 0) send(table, group);
        post({ kind: 'page', result });
      }, fail);
      return;
    }
  }
}

port.on('message', (message: ToParser) => {
  try {
    receive(message);
  } catch (error) {
    fail(error);
  }
});
