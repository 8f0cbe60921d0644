/**
 * Throttles streaming previews: at most one edit in flight and at least
 * `intervalMs` between edits; only the newest text is sent (older ones are dropped).
 */
export interface ThrottledEditor {
  push(text: string): void;
  /** Stop scheduling and wait for the edit in flight, so the final edit lands last. */
  close(): Promise<void>;
}

export function throttledEditor(
  edit: (text: string) => Promise<unknown>,
  intervalMs = 1000,
  onError: (err: unknown) => void = () => {},
  now: () => number = Date.now,
): ThrottledEditor {
  let latest: string | undefined;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const fire = () => {
    timer = undefined;
    if (closed || latest === undefined) return;
    const text = latest;
    latest = undefined;
    lastSentAt = now();
    inflight = edit(text)
      .then(() => undefined, onError)
      .finally(() => {
        inflight = undefined;
        schedule();
      });
  };

  function schedule(): void {
    if (closed || timer || inflight || latest === undefined) return;
    timer = setTimeout(fire, Math.max(0, lastSentAt + intervalMs - now()));
  }

  return {
    push(text) {
      latest = text;
      schedule();
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inflight;
    },
  };
}
