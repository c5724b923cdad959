/**
 * @module A one-line progress bar on a terminal's stderr; silent when stderr is not a terminal.
 */

const MIB = 1024 * 1024;

export interface ProgressBar {
  update(done: number): void;
  finish(): void;
}

/** A bar for `total` bytes; null (no output) off a terminal or for small work. */
export function byteProgress(
  stream: NodeJS.WriteStream,
  label: string,
  total: number,
): ProgressBar | null {
  if (!stream.isTTY || total < 32 * MIB) return null;
  const tty = stream;
  let last = 0;
  const draw = (done: number) => {
    const width = Math.max(10, Math.min(40, (tty.columns ?? 80) - label.length - 30));
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(ratio * width);
    tty.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${(done / MIB).toFixed(0)}/${(total / MIB).toFixed(0)} MiB`,
    );
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      draw(done);
    },
    finish() {
      draw(total);
      tty.write('\n');
    },
  };
}
