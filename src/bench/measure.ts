/** Measures a bench function with the tune engine itself, so bench and tune cannot measure differently. */
import { normalisePayloads, runTune, type LambdaGateway, type ReportLookup, type TuneEvent } from '../tune/index.js';
import type { Report } from '../types.js';
import type { MeasureRequest } from './run.js';

/**
 * A `measure` for runBench: runTune on the freshly created function, unattended (bench asked for
 * confirmation and checked the budget for the whole run). Its events go to `onEvent`: the command
 * shows them as it shows tune's (a bar on a terminal, one line per size elsewhere). The command
 * injects the gateways, as it does for `tune`.
 */
export function measureWithTune(
  { lambda, logs }: { lambda: LambdaGateway; logs?: ReportLookup },
  onEvent: (event: TuneEvent) => void = () => undefined,
): (request: MeasureRequest) => Promise<Report> {
  return ({ functionName, options, signal }) =>
    runTune(
      {
        functionName,
        memorySizes: options.memorySizes,
        invocations: options.invocations,
        concurrency: options.concurrency,
        payloads: normalisePayloads(options.payload),
        strategy: options.strategy,
        weight: options.weight,
        maxDurationMs: options.maxDurationMs,
        discard: options.discard,
        per: options.per,
        priceOverrides: { gbSecondUSD: options.gbSecondUSD, requestUSD: options.requestUSD },
        dryRun: false,
        apply: false,
      },
      { lambda, ...(logs ? { logs } : {}), progress: onEvent, signal },
    );
}
