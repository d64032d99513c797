/**
 * One run's AbortSignal is shared by every call in flight: up to `--concurrency` invocations, each
 * with the SDK's own listeners on it, plus the CloudWatch Logs lookups that wait seconds for a REPORT
 * line, plus tune's throttle backoffs (a whole wave of invocations throttled at once). Not SDK code:
 * src/aws and the tune engine both use it. Each of those adding its own listener to that one signal is what made Node print
 * MaxListenersExceededWarning (11 listeners at `-c 15`, or at `-c 2` once a dozen lookups waited).
 * Here each call gets a child signal, and all children of a signal hang off a single listener.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

const children = new WeakMap<AbortSignal, Set<AbortController>>();

function childrenOf(parent: AbortSignal): Set<AbortController> {
  let set = children.get(parent);
  if (set === undefined) {
    const own = new Set<AbortController>();
    parent.addEventListener(
      'abort',
      () => {
        for (const child of own) child.abort(parent.reason);
        own.clear();
      },
      { once: true },
    );
    children.set(parent, own);
    set = own;
  }
  return set;
}

/** Runs `use` with a signal that aborts with `parent`, adding no listener to `parent` beyond the first call's. */
export async function withChildSignal<T>(parent: AbortSignal | undefined, use: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (parent === undefined || parent.aborted) return use(parent);
  const set = childrenOf(parent);
  const child = new AbortController();
  set.add(child);
  try {
    return await use(child.signal);
  } finally {
    set.delete(child);
  }
}

/** An abortable sleep that shares its signal's one listener (see above). */
export function sleepShared(ms: number, signal?: AbortSignal): Promise<void> {
  return withChildSignal(signal, (child) => sleepFor(ms, undefined, { signal: child }));
}
