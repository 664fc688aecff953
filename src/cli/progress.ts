/** @module A progress bar on stderr, drawn only when stderr is a terminal (scripts and CI logs get none). */

export type Progress = (done: number, total: number) => void;

/** A progress callback for `label`, or a no-op when stderr is not a TTY. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): { update: Progress; end(): void } {
  if (!stream.isTTY) return { update: () => {}, end: () => {} };
  const started = Date.now();
  let drawn = false;
  return {
    update(done, total) {
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${secs}s`);
      drawn = true;
    },
    end() { if (drawn) stream.write('\n'); },
  };
}
