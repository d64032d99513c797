/**
 * ListFunctions through every page, as the configurations `scan` needs. ListFunctions already
 * returns memory, architecture, timeout and `LoggingConfig`, so `scan --all` makes no call per
 * function.
 */
import { LambdaClient, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { AwsError, RightsizeError, UsageError } from '../errors.js';
import type { ScanFunctionConfig } from '../scan/types.js';
import { clientConfig, regionOfArn, type AwsSettings } from './config.js';

export function createFunctionLister(settings: AwsSettings): { listFunctions(): Promise<ScanFunctionConfig[]> } {
  const client = new LambdaClient(clientConfig(settings));
  return { listFunctions: () => listFunctionConfigs(client) };
}

export async function listFunctionConfigs(client: LambdaClient): Promise<ScanFunctionConfig[]> {
  const found: ScanFunctionConfig[] = [];
  try {
    for await (const page of paginateListFunctions({ client }, {})) {
      for (const fn of page.Functions ?? []) {
        const config = toScanConfig(fn);
        if (config) found.push(config);
      }
    }
  } catch (error) {
    throw listErrorToRightsize(error);
  }
  return found;
}

/**
 * Maps one FunctionConfiguration. Defaults follow Lambda's: x86_64, text logs, the log group
 * `/aws/lambda/<name>` when `LoggingConfig.LogGroup` is absent (functions created before advanced
 * logging controls), 128 MB and 3 s.
 */
export function toScanConfig(fn: FunctionConfiguration): ScanFunctionConfig | undefined {
  if (!fn.FunctionName) return undefined;
  const config: ScanFunctionConfig = {
    name: fn.FunctionName,
    memoryMB: fn.MemorySize ?? 128,
    architecture: fn.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    timeoutS: fn.Timeout ?? 3,
    logFormat: fn.LoggingConfig?.LogFormat === 'JSON' ? 'json' : 'text',
    logGroup: fn.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn.FunctionName}`,
  };
  if (fn.FunctionArn) {
    config.arn = fn.FunctionArn;
    const region = regionOfArn(fn.FunctionArn);
    if (region) config.region = region;
  }
  return config;
}

function listErrorToRightsize(error: unknown): Error {
  if (error instanceof RightsizeError) return error;
  const e = error as { name?: string; message?: string; $metadata?: unknown };
  const name = e.name ?? 'Error';
  const detail = e.message ?? String(error);
  if (name === 'AccessDeniedException' || name === 'AccessDenied') {
    return new AwsError('access denied: lambda:ListFunctions', { hint: 'allow lambda:ListFunctions in your IAM policy, or name the functions to scan', cause: error, awsName: name });
  }
  if (name === 'TooManyRequestsException') {
    return new AwsError('Lambda throttled lambda:ListFunctions past the retries', { hint: 'wait a minute and run again', cause: error, awsName: name });
  }
  if (/region is missing/i.test(detail)) return new UsageError('no AWS region is set', 'pass --region or set AWS_REGION', error);
  if (e.$metadata !== undefined) return new AwsError(`lambda:ListFunctions failed: ${name}: ${detail}`, { cause: error, awsName: name });
  return error instanceof Error ? error : new Error(detail);
}
