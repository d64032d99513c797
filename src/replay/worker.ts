/** Worker thread entry: parses one byte range of a file and posts the statistics back. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseRange } from './range.js';

const { path, start, end } = workerData as { path: string; start: number; end: number };
// 'stop' (Ctrl-C in the main thread): finish the chunk at hand and answer with what was read.
let stop = false;
parentPort!.on('message', (message) => {
  if (message === 'stop') stop = true;
});
parentPort!.postMessage(await parseRange(path, start, end, () => stop));
parentPort!.close();
