import { createBenchGateway } from '../aws/bench-gateway.js';
import { createBenchLogGroups } from '../aws/bench-log-groups.js';
import { BENCH_PREFIX } from '../bench/naming.js';
import { regionOfArn } from '../aws/config.js';
import { createLambdaGateway } from '../aws/lambda-gateway.js';
import { renderLeftovers, runCleanup } from '../cleanup/index.js';
import { terminalConfirm } from '../bench/confirm.js';
import { AwsError } from '../errors.js';
import { TUNE_MARKS } from '../tune/index.js';
import { note, write, type CliContext } from './context.js';

interface CleanupCliOptions {
  function?: string;
  dryRun: boolean;
  yes: boolean;
  region?: string;
  profile?: string;
}

export async function cleanupAction(raw: Record<string, unknown>, ctx: CliContext): Promise<void> {
  const options = raw as unknown as CleanupCliOptions;
  const region = options.region ?? (options.function ? regionOfArn(options.function) : undefined);
  const settings = { region, profile: options.profile, env: ctx.env };
  const gateway = createBenchGateway(settings, { namePrefix: BENCH_PREFIX });
  const result = await runCleanup(
    { functionName: options.function, yes: options.yes, dryRun: options.dryRun },
    {
      gateway,
      logGroups: createBenchLogGroups(settings),
      lambda: createLambdaGateway(settings),
      tuneMarks: TUNE_MARKS,
      confirm: terminalConfirm(ctx, ctx.signal),
      progress: (line) => note(ctx, `${line}\n`),
      onFound: (found) => write(ctx.stdout, renderLeftovers(found)),
    },
  );
  if (result.dryRun || result.total === 0) return;
  await write(ctx.stdout, `undid ${result.undone} of ${result.total}\n`);
  if (result.failed.length > 0) {
    throw new AwsError(`could not undo ${result.failed.length} leftover(s): ${result.failed.map((f) => `${f.what}: ${f.message}`).join('; ')}`, {
      hint: 'fix the cause (often a missing IAM permission) and run cleanup again',
    });
  }
}
