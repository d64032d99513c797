/** Worker thread entry: parses byte ranges of a file from the shared queue and posts the statistics back. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseQueuedRanges } from './range.js';

const { path, bounds, queue } = workerData as { path: string; bounds: number[]; queue: Int32Array };
// 'stop' (Ctrl-C in the main thread): finish the chunk at hand and answer with what was read.
let stop = false;
parentPort!.on('message', (message) => {
  if (message === 'stop') stop = true;
});
const result = await parseQueuedRanges(path, bounds, queue, () => stop);
// The state's arrays are its own copies: moved to the main thread, not copied again (~5 MB of
// sketches for six sizes).
const moved = result.state.sizes.flatMap((size) => Object.values(size.series).flatMap((series) => [series.exact?.buffer, series.sketch?.buffer])).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
parentPort!.postMessage(result, moved);
parentPort!.close();
