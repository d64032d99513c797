/** Reads one opened log source into the statistics, by the parser its format needs. */
import { parseCsvBatches, parseJsonDocumentBatches, parseRecordBatches, type ParseCounters, type RequestIds } from '../logs/index.js';
import { RightsizeError } from '../errors.js';
import type { SampleSet } from '../stats/index.js';
import type { InvocationRecord } from '../types.js';
import { fileChunks } from './file-chunks.js';
import { nextOrAbort } from './streams.js';
import type { LogSource } from './source.js';

export interface ReadOptions {
  /** The request ids of the whole replay, when it reads several inputs: the same invocation in two counts once. */
  ids?: RequestIds;
  signal?: AbortSignal;
  onRecord?: (record: InvocationRecord) => void | Promise<void>;
}

/** Resolves to true when `signal` stopped the reading before the end of the source. */
export async function readSource(source: LogSource, samples: SampleSet, counters: ParseCounters, options: ReadOptions): Promise<boolean> {
  const { onRecord, signal, ids } = options;
  // Opened while the signal came: what the probe read is all there is, and it ends by itself.
  let stopped = source.cutShort === true;
  let input = source.chunks;
  if (source.plainFile) {
    // The same bytes, read into two reused buffers instead of a stream's fresh 1 MB chunks.
    await source.close();
    const { path } = source.plainFile;
    input = { [Symbol.asyncIterator]: () => fileChunks(path) };
  }
  const chunks =
    signal === undefined || stopped
      ? input
      : untilAborted(input, signal, () => {
          stopped = true;
          source.abandon();
        });
  // Without a per-record consumer, service-layout lines go straight into the statistics.
  const batches =
    source.format === 'csv'
      ? parseCsvBatches(chunks, counters, { ids })
      : source.format === 'json'
        ? parseJsonDocumentBatches(chunks, counters, onRecord ? { timestamps: true, ids } : { statistics: samples, ids })
        : parseRecordBatches(chunks, counters, { statistics: onRecord ? undefined : samples, ids });
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
    return true;
  }
  return stopped;
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
      iterator.return?.().catch(() => undefined);
      return;
    }
    if (next.done === true) return;
    yield next.value;
  }
}
