import { createBenchGateway } from '../aws/bench-gateway.js';
import { createBenchLogGroups } from '../aws/bench-log-groups.js';
import { BENCH_PREFIX } from '../bench/naming.js';
import { regionOfArn } from '../aws/config.js';
import { createLambdaGateway } from '../aws/lambda-gateway.js';
import { createCopyCleanup } from '../aws/copy-gateway.js';
import { functionNameError } from '../aws/function-name.js';
import { renderLeftovers, runCleanup } from '../cleanup/index.js';
import { terminalConfirm } from './confirm.js';
import { AwsError } from '../errors.js';
import { SILENT_FOR_S, TUNE_MARKS } from '../tune/index.js';
import { DEFAULTS } from '../config/defaults.js';
import { note, write, type CliContext } from './context.js';
import { awsIdentity } from './common.js';
import type { CleanupCliOptions } from './cleanup.js';

export async function cleanupAction(options: CleanupCliOptions, ctx: CliContext): Promise<void> {
  // A malformed --function costs no call (and no region or credentials error that hides the typo).
  const malformed = options.function === undefined ? undefined : functionNameError(options.function);
  if (malformed) throw malformed;
  const region = options.region ?? (options.function ? regionOfArn(options.function) : undefined);
  const settings = { region, env: ctx.env, ...awsIdentity(options, options.function) };
  const gateway = createBenchGateway(settings, { namePrefix: BENCH_PREFIX });
  const result = await runCleanup(
    {
      functionName: options.function,
      yes: options.yes,
      dryRun: options.dryRun,
      force: options.force,
      ...(options.wait !== undefined ? { waitS: options.wait === true ? DEFAULTS.cleanupWaitS : options.wait } : {}),
    },
    {
      gateway,
      logGroups: createBenchLogGroups(settings),
      lambda: createLambdaGateway(settings),
      tuneMarks: TUNE_MARKS,
      copies: createCopyCleanup(settings),
      confirm: terminalConfirm(ctx, ctx.signal),
      progress: (line) => note(ctx, `${line}\n`),
      onFound: (found) => write(ctx.stdout, renderLeftovers(found)),
    },
  );
  if (result.dryRun) return;
  if (result.total > 0) await write(ctx.stdout, `undid ${result.undone} of ${result.total}\n`);
  if (result.failed.length > 0) {
    throw new AwsError(`could not undo ${result.failed.length} leftover(s): ${result.failed.map((f) => `${f.what}: ${f.message}`).join('; ')}`, {
      hint: 'fix the cause (often a missing IAM permission) and run cleanup again',
    });
  }
  const [live] = result.live;
  if (live) {
    // A CI step `cleanup --function f` after a cancelled job must not pass while the function is changed.
    throw new AwsError(`${live.what} looks alive (last heard from ${live.secondsAgo} s ago): what it changed is left as it is`, {
      hint: `if it was killed, \`${live.waitCommand}\` undoes it once it has been silent for ${SILENT_FOR_S} s; \`--force\` undoes it now, if you know it is dead`,
    });
  }
}
