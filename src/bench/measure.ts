/** Measures a bench function with the tune engine itself, so bench and tune cannot measure differently. */
import { createLambdaGateway } from '../aws/lambda-gateway.js';
import { createReportLookup } from '../aws/report-lookup.js';
import type { AwsSettings } from '../aws/config.js';
import { describeTuneEvent, normalisePayloads, runTune, type TuneEvent } from '../tune/index.js';
import type { Report } from '../types.js';
import type { MeasureRequest } from './run.js';

/**
 * A `measure` for runBench: runTune on the freshly created function, unattended (bench asked for
 * confirmation and checked the budget for the whole run), with its progress lines indented.
 */
export function measureWithTune(settings: AwsSettings, progress?: (line: string) => void): (request: MeasureRequest) => Promise<Report> {
  const lambda = createLambdaGateway(settings);
  const logs = createReportLookup(settings);
  const onEvent = (event: TuneEvent): void => {
    const line = progress ? describeTuneEvent(event) : undefined;
    if (line !== undefined) progress!(`  ${line}`);
  };
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
      { lambda, logs, progress: onEvent, signal },
    );
}
