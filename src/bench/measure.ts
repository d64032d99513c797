/** Measures a bench function with the tune engine itself, so bench and tune cannot measure differently. */
import { normalisePayloads, runTune, type LambdaGateway, type ReportLookup, type SearchFactory, type TuneEvent } from '../tune/index.js';
import type { Report } from '../types.js';
import type { MeasureRequest } from './run.js';

/**
 * A `measure` for runBench: runTune on the freshly created function, unattended (bench asked for
 * confirmation and checked the budget for the whole run). Its events go to `onEvent`: the command
 * shows them as it shows tune's (a bar on a terminal, one line per size elsewhere). The command
 * injects the gateways, as it does for `tune`.
 */
export function measureWithTune(
  { lambda, logs, search }: { lambda: LambdaGateway; logs?: ReportLookup; search: SearchFactory },
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
        analysis: options.analysis,
        dryRun: false,
        apply: false,
      },
      { lambda, ...(logs ? { logs } : {}), search, progress: onEvent, signal },
    );
}
