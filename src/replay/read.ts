/** Reads one opened log source into the statistics, by the parser its format needs. */
import { parseCsvBatches, parseJsonDocumentBatches, parseRecordBatches, type ParseCounters } from '../logs/index.js';
import { RightsizeError } from '../errors.js';
import type { SampleSet } from '../stats/index.js';
import type { InvocationRecord } from '../types.js';
import { canParallelise, parseInParallel } from './parallel.js';
import { readRange } from './range.js';
import type { LogSource } from './source.js';

export interface ReadOptions {
  threads: number;
  signal?: AbortSignal;
  onRecord?: (record: InvocationRecord) => void | Promise<void>;
  /** Told before a parse on several threads starts (for LAMBDA_RIGHTSIZE_DEBUG). */
  onParallel?: (threads: number) => void;
}

export interface ReadOutcome {
  /** True when `signal` stopped the reading before the end of the source. */
  stopped: boolean;
  /** Threads that parsed it (1: the main thread alone). */
  threads: number;
}

export async function readSource(source: LogSource, samples: SampleSet, counters: ParseCounters, options: ReadOptions): Promise<ReadOutcome> {
  const { onRecord, signal } = options;
  if (onRecord === undefined && source.format === 'lines' && source.plainFile && canParallelise(source.plainFile.size, options.threads)) {
    // The opened stream is not needed: each thread reads its own range.
    await source.close();
    options.onParallel?.(options.threads);
    const stopped = await parseInParallel(source.plainFile.path, source.plainFile.size, options.threads, samples, counters, signal);
    return { stopped, threads: options.threads };
  }
  let stopped = false;
  let input = source.chunks;
  if (source.plainFile) {
    // The same bytes, read into two reused buffers instead of a stream's fresh 1 MB chunks.
    await source.close();
    const { path, size } = source.plainFile;
    input = { [Symbol.asyncIterator]: () => readRange(path, 0, size) };
  }
  const chunks = signal === undefined ? input : untilAborted(input, signal, () => (stopped = true));
  // Without a per-record consumer, service-layout lines go straight into the statistics.
  const batches =
    source.format === 'csv'
      ? parseCsvBatches(chunks, counters)
      : source.format === 'json'
        ? parseJsonDocumentBatches(chunks, counters, { timestamps: onRecord !== undefined })
        : parseRecordBatches(chunks, counters, { statistics: onRecord ? undefined : samples });
  try {
    for await (const batch of batches) {
      for (const record of batch) samples.add(record);
      if (onRecord) {
        for (const record of batch) {
          const pending = onRecord(record);
          if (pending) await pending;
        }
      }
    }
  } catch (error) {
    // Standard input that breaks off mid-way (the producer died, the connection reset) is the end
    // of what there is to read, as with Ctrl-C: what arrived is still analysed, marked partial.
    if (source.name !== 'stdin' || error instanceof RightsizeError) throw error;
    return { stopped: true, threads: 1 };
  }
  return { stopped, threads: 1 };
}

/**
 * The chunks of `input` until `signal` aborts: then it ends as if the input had, so what was read
 * is still parsed (the tail of a line cut short included) and reported.
 */
async function* untilAborted(input: AsyncIterable<Buffer>, signal: AbortSignal, onAbort: () => void): AsyncGenerator<Buffer> {
  const iterator = input[Symbol.asyncIterator]();
  for (;;) {
    const next = await nextOrAbort(iterator, signal);
    if (next === 'aborted') {
      onAbort();
      // Not awaited: standard input may never answer a return() while it waits for data.
      void iterator.return?.();
      return;
    }
    if (next.done === true) return;
    yield next.value;
  }
}

/**
 * One `next()`, or 'aborted'. A listener per call, removed when the call settles — not
 * Promise.race against one long-lived abort promise, which keeps a reaction (and so the chunk it
 * resolved with) for every call: a gigabyte of gunzipped chunks, in a first version.
 */
function nextOrAbort(iterator: AsyncIterator<Buffer>, signal: AbortSignal): Promise<IteratorResult<Buffer> | 'aborted'> {
  if (signal.aborted) return Promise.resolve('aborted');
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
