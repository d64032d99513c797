/** Worker thread entry: parses one byte range of a file and posts the statistics back. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseRange } from './range.js';

const { path, start, end } = workerData as { path: string; start: number; end: number };
parentPort!.postMessage(await parseRange(path, start, end));
