/**
 * Replay's worker threads, started as early as the command line shows a large plain file: a worker
 * takes ~30 ms to start (a Node.js environment, then its modules), so one started by the time the
 * file is opened joins the parse ~30 ms late. Started from main.ts before the command line is even
 * parsed, it is ready about when the main thread starts parsing. A spare the replay does not take
 * (a guess gone wrong: the file turned out gzipped, say) holds nothing up: it is unref'd, and ends
 * with the process.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Below this a worker's start-up (~30 ms) costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
/** Past four threads the disk (or page cache) is the limit, not the parsing. */
const MAX_THREADS = 4;

export function defaultThreads(): number {
  return Math.max(1, Math.min(MAX_THREADS, availableParallelism()));
}

/**
 * The worker's file, in the build (`dist/replay/worker.js`, next to the chunk this code is in).
 * Undefined when running from sources (tests): then everything runs on the main thread.
 */
export function workerFile(): string | undefined {
  for (const candidate of ['./replay/worker.js', './worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (url.protocol === 'file:' && url.pathname.endsWith('.js') && existsSync(fileURLToPath(url))) return fileURLToPath(url);
  }
  return undefined;
}

/** A worker waiting for its job (a message: see worker.ts). */
export function startWorker(file: string): Worker {
  // A parsing worker allocates almost nothing per line; a small young generation keeps its RSS
  // (and so the process's) low — the memory bar is for the whole process.
  return new Worker(file, { resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 256 } });
}

const spares: Worker[] = [];
/** Set once a replay has asked for its workers: a prewarm that comes later would only start spares. */
let asked = false;

/**
 * Starts the workers a `replay` with these arguments (after the command name) will want, when one
 * of them is a plain file large enough to be parsed in parallel. A guess, cheap to get wrong.
 */
export function prewarm(args: readonly string[]): void {
  const file = workerFile();
  if (file === undefined || asked) return;
  const threads = threadsOf(args);
  if (threads < 2 || !args.some(isLargePlainFile)) return;
  for (let i = spares.length; i < threads - 1; i++) {
    const worker = startWorker(file);
    worker.unref();
    // A spare that fails to start is simply not there: the replay starts its own.
    worker.once('error', () => {
      const at = spares.indexOf(worker);
      if (at !== -1) spares.splice(at, 1);
    });
    spares.push(worker);
  }
}

/** A started worker, if one is spare (ref'd again: the replay now waits for it). */
export function takeSpare(): Worker | undefined {
  asked = true;
  const worker = spares.shift();
  worker?.ref();
  return worker;
}

function threadsOf(args: readonly string[]): number {
  const at = args.findIndex((arg) => arg === '--threads' || arg.startsWith('--threads='));
  if (at === -1) return defaultThreads();
  const value = args[at]!.includes('=') ? args[at]!.slice('--threads='.length) : args[at + 1];
  const threads = Number(value);
  return Number.isInteger(threads) && threads > 0 ? threads : 1;
}

function isLargePlainFile(arg: string): boolean {
  if (arg.startsWith('-') || arg.endsWith('.gz')) return false;
  try {
    const stat = statSync(arg);
    return stat.isFile() && stat.size >= PARALLEL_MIN_BYTES;
  } catch {
    return false;
  }
}
