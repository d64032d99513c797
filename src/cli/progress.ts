/**
 * Tune progress on stderr. On a terminal: a progress bar redrawn in place, with the other events as
 * lines above it. Elsewhere (CI logs, files): one line per size-level event, no per-invocation noise.
 */
import { wrapWords } from '../render/index.js';
import { describeTuneEvent, type TuneEvent } from '../tune/index.js';

const BAR_WIDTH = 24;

/** `indent` goes before each line (bench nests a function's sizes under its own lines). */
export function tuneProgress(
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  { quiet = false, indent = '' } = {},
): { onEvent: (event: TuneEvent) => void; end: () => void } {
  if (quiet) {
    // What was left changed is never quiet.
    return { onEvent: (event) => void (event.type === 'note' && event.warning && stderr.write(`${indent}warning: ${event.message}\n`)), end: () => undefined };
  }
  if (!stderr.isTTY) {
    return {
      onEvent: (event) => {
        if (event.type === 'invocations') return;
        const line = describeTuneEvent(event);
        if (line !== undefined) stderr.write(`${indent}${line}\n`);
      },
      end: () => undefined,
    };
  }
  let total = 0;
  let sizesDone = 0;
  let throttles = 0;
  const current = new Map<number, { done: number; total: number; errors: number }>();
  let barShown = false;
  const clear = (): void => {
    if (barShown) stderr.write('\r\x1b[2K');
    barShown = false;
  };
  const draw = (): void => {
    const done = [...current.values()].reduce((sum, s) => sum + s.done, 0);
    const sizeTotal = [...current.values()].reduce((sum, s) => sum + s.total, 0);
    const filled = sizeTotal === 0 ? 0 : Math.round((done / sizeTotal) * BAR_WIDTH);
    const sizes = [...current.keys()].map((mb) => `${mb} MB`).join(', ');
    const text = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${sizeTotal} invocations of ${sizes} · ${sizesDone}/${total} sizes done${throttles ? ` · ${throttles} throttles` : ''}`;
    clear();
    stderr.write(text.slice(0, Math.max(20, (stderr.columns ?? 80) - 1)));
    barShown = true;
  };
  return {
    onEvent: (event) => {
      if (event.type === 'preparing') total = event.total;
      if (event.type === 'throttled') throttles += 1;
      if (event.type === 'invocations') {
        current.set(event.memoryMB, { done: event.done, total: event.total, errors: event.errors });
        draw();
        return;
      }
      if (event.type === 'size-done' || event.type === 'size-skipped') {
        current.delete(event.memoryMB);
        sizesDone += 1;
      }
      const line = describeTuneEvent(event);
      if (line !== undefined) {
        clear();
        // A terminal would break the line mid-word; wrap it at spaces instead.
        stderr.write(`${wrapWords(`${indent}${line}`, stderr.columns).join('\n')}\n`);
      }
      if (current.size > 0) draw();
    },
    end: clear,
  };
}
