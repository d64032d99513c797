// One thread of parallel-sieve: runs its share of the sieves and posts the prime count back.
import { parentPort, workerData } from 'node:worker_threads';

function countPrimes(limit) {
  if (limit < 2) return 0;
  const composite = new Uint8Array(limit + 1);
  let count = 0;
  for (let n = 2; n <= limit; n++) {
    if (composite[n] === 1) continue;
    count++;
    for (let multiple = n * n; multiple <= limit; multiple += n) composite[multiple] = 1;
  }
  return count;
}

const { limit, repeat } = workerData;
let count = 0;
for (let i = 0; i < repeat; i++) count = countPrimes(limit);
parentPort.postMessage({ count, repeat });
