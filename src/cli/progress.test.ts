/** @module The import progress bar: drawn on a terminal, silent otherwise. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar } from './progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  return { stream: { isTTY, write: (s: string) => { written.push(s); return true; } } as unknown as NodeJS.WriteStream, written };
}

describe('progressBar', () => {
  it('draws done/total on one line of a terminal and ends it', () => {
    const { stream, written } = fakeStream(true);
    const bar = progressBar('importing', stream);
    bar.update(500, 1000);
    bar.update(1000, 1000);
    bar.end();
    assert.match(written[0]!, /^\rimporting \[#{15}\.{15}\] 500\/1000 /);
    assert.match(written[1]!, /\[#{30}\] 1000\/1000/);
    assert.equal(written[2], '\n');
  });

  it('writes nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const bar = progressBar('importing', stream);
    bar.update(1, 2);
    bar.end();
    assert.deepEqual(written, []);
  });
});
