/** A progress bar on a terminal; silent otherwise (CI, pipes, --json). */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  update(stage: string, done: number, total: number): void;
  stop(): void;
}

export function createProgress(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  let bar: SingleBar | undefined;
  let current = '';
  return {
    update(stage, done, total) {
      if (stage !== current) {
        bar?.stop();
        current = stage;
        bar = new SingleBar({ format: `${stage.padEnd(6)} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
      current = '';
    },
  };
}
