/** Worker thread entry: parses byte ranges of a file from the shared queue and posts the statistics back. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseQueuedRanges } from './range.js';

const { path, bounds, queue } = workerData as { path: string; bounds: number[]; queue: Int32Array };
// 'stop' (Ctrl-C in the main thread): finish the chunk at hand and answer with what was read.
let stop = false;
parentPort!.on('message', (message) => {
  if (message === 'stop') stop = true;
});
parentPort!.postMessage(await parseQueuedRanges(path, bounds, queue, () => stop));
parentPort!.close();
