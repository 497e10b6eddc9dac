import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';

import { resolveServerConfig } from '../../src/config/server-config.js';

describe('server config workers', () => {
  it('defaults to the number of CPUs', () => {
    assert.equal(resolveServerConfig({}, {}).workers, availableParallelism());
  });

  it('flag before environment', () => {
    assert.equal(resolveServerConfig({ workers: '3' }, { COFFER_WORKERS: '5' }).workers, 3);
    assert.equal(resolveServerConfig({}, { COFFER_WORKERS: '5' }).workers, 5);
  });

  for (const text of ['0', '-1', '1.5', 'two', '', '257']) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => resolveServerConfig({ workers: text }, {}), /invalid worker count/);
    });
  }
});
