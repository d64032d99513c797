/** Progress events as one stderr line each (the CLI decides whether and where to print them). */
import { formatUsd } from '../format.js';
import type { TuneEvent } from './types.js';

/**
 * One line for an event, or undefined for events too frequent to print one by one (`invocations`
 * is printed only at each tenth of a size, and at its end).
 */
export function describeTuneEvent(event: TuneEvent): string | undefined {
  switch (event.type) {
    case 'preparing':
      return event.unchanged
        ? `[${event.index + 1}/${event.total}] ${event.memoryMB} MB: publishing a version of $LATEST as it is (its own memory: no update)`
        : `[${event.index + 1}/${event.total}] ${event.memoryMB} MB: setting the memory and publishing a version`;
    case 'size-started':
      return `${event.memoryMB} MB: invoking ${event.qualifier}${event.created ? '' : ' (an existing version, left in place)'}`;
    case 'invocations': {
      const step = Math.max(1, Math.ceil(event.total / 10));
      if (event.done % step !== 0 && event.done !== event.total) return undefined;
      return `${event.memoryMB} MB: ${event.done}/${event.total} invocations${event.errors > 0 ? `, ${event.errors} failed` : ''}`;
    }
    case 'size-done': {
      const parts = [`${event.measured} measured`];
      if (event.errors > 0) parts.push(`${event.errors} failed`);
      if (event.missing > 0) parts.push(`${event.missing} without a REPORT line`);
      return `${event.memoryMB} MB: done (${parts.join(', ')})`;
    }
    case 'size-skipped':
      return `${event.memoryMB} MB: skipped (${event.reason})`;
    case 'throttled':
      return `${event.memoryMB} MB: throttled${event.reason ? ` (${event.reason})` : ''}; retrying in ${(event.waitMs / 1000).toFixed(1)} s at concurrency ${event.concurrency}`;
    case 'estimate':
      return `estimated cost of the run: about ${formatUsd(event.costUSD)} (bound ${formatUsd(event.boundUSD)})`;
    case 'note':
      return event.message;
  }
}
