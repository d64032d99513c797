/**
 * The README's examples that run against the local fake endpoint (test/support/fake-aws), not AWS:
 *   tune   — the example `lambda-rightsize orders-api --memory …` session (plan, progress and table);
 *   search — the same function without --memory: the search, with its chart of the fitted curve;
 *   bench  — the slide next to a `bench prime-sieve` run of a function modelled on the slide.
 * Run with benchmarks/examples/run.sh tune|bench. The tune function is seeded and the bench one has no
 * jitter (its name holds a random run id, which would reseed it), so reruns print the same numbers.
 */
import { spawn } from 'node:child_process';
import type { Report } from '../../src/types.js';
import { startFakeAws, type FakeAws } from '../../test/support/fake-aws/index.js';

const [main, mode] = process.argv.slice(2);
if (!main || (mode !== 'tune' && mode !== 'search' && mode !== 'bench')) throw new Error('usage: local-sessions.mjs <built main.js> tune|search|bench');

function cli(fake: FakeAws, args: string[], stdout: 'inherit' | 'pipe'): Promise<string> {
  const child = spawn(process.execPath, [main!, ...args], {
    // The SDK's notice about this machine's Node 20 is not part of the example a reader will see.
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...fake.env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`lambda-rightsize exited ${code}`)))));
}

async function tune(args: readonly string[]): Promise<void> {
  // 180 ms of CPU at one vCPU plus 40 ms of I/O; CPU share ∝ memory up to 1,769 MB.
  const fake = await startFakeAws({
    seed: 7,
    functions: [
      { name: 'orders-api', memoryMB: 1024, timeoutS: 30, work: { cpuMs: 180, ioMs: 40, jitter: 0.05, initMs: 310, baseMemoryMB: 70, usedMemoryMB: 45 } },
    ],
  });
  try {
    console.log(`$ lambda-rightsize orders-api ${args.join(' ')}`);
    await cli(fake, ['orders-api', ...args], 'inherit');
  } finally {
    await fake.close();
  }
}

const SLIDE = [
  { memoryMB: 128, seconds: 11.722965, per1000: 0.024628 },
  { memoryMB: 256, seconds: 6.678945, per1000: 0.028035 },
  { memoryMB: 512, seconds: 3.194954, per1000: 0.02683 },
  { memoryMB: 1024, seconds: 1.465984, per1000: 0.024638 },
];

async function bench(): Promise<void> {
  const fake = await startFakeAws({ seed: 7 });
  // The slide's 1024 MB run took 1.466 s single-threaded: 848.6 ms of one full vCPU (1,769 MB).
  fake.afterCall('CreateFunction', 1, () => {
    const name = String(fake.callsOf('CreateFunction')[0]!.params.FunctionName);
    fake.setWork(name, { cpuMs: (1465.984 * 1024) / 1769, threads: 1, initMs: 150, jitter: 0 });
  });
  try {
    const args = [
      'bench',
      'prime-sieve',
      '--role',
      'arn:aws:iam::123456789012:role/bench',
      '-m',
      '128,256,512,1024',
      '-n',
      '10',
      '--yes',
      '--quiet',
      '-o',
      'json',
    ];
    const prices = ['--gb-second-price', '0.00001667', '--request-price', '0.0000002', '--per', '1000'];
    const [report] = JSON.parse(await cli(fake, [...args, ...prices], 'pipe')) as Report[];
    const measured = new Map(report!.results.map((r) => [r.memoryMB, r]));
    console.log('| Memory | slide (AWS, 2019): mean | $ per 1000 | local endpoint: mean | $ per 1000 |');
    console.log('| ---: | ---: | ---: | ---: | ---: |');
    for (const row of SLIDE) {
      const r = measured.get(row.memoryMB)!;
      console.log(
        `| ${row.memoryMB} MB | ${row.seconds.toFixed(3)} s | $${row.per1000.toFixed(6)} | ${(r.durationMs!.mean / 1000).toFixed(3)} s | $${r.costUSD!.perUnit.toFixed(6)} |`,
      );
    }
  } finally {
    await fake.close();
  }
}

if (mode === 'tune') await tune(['--memory', '128,256,512,1024,1769,3008', '-n', '20', '-c', '5', '--yes']);
else if (mode === 'search') await tune(['--strategy', 'speed', '--yes', '--chart']);
else await bench();
