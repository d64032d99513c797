/**
 * The Lambda side of `scan`, read-only: ListFunctions through every page, and
 * GetFunctionConfiguration for named functions. ListFunctions already returns memory,
 * architecture, timeout and `LoggingConfig`, so `scan --all` makes no call per function.
 * GetFunctionConfiguration rather than the tune gateway's GetFunction keeps the scan policy to
 * `lambda:ListFunctions` and `lambda:GetFunctionConfiguration` (no code URL, no concurrency read).
 */
import { GetFunctionConfigurationCommand, LambdaClient, ListTagsCommand, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { AwsError } from '../errors.js';
import type { ScanLambda } from '../scan/deps.js';
import type { ScanFunctionConfig } from '../scan/types.js';
import { clientConfig, regionOfArn, type AwsSettings } from './config.js';
import { mapLambdaError } from './lambda-errors.js';

export function createScanLambda(settings: AwsSettings): ScanLambda {
  const client = new LambdaClient(clientConfig(settings));
  return {
    getConfiguration: (nameOrArn) => getScanConfiguration(client, nameOrArn),
    listFunctions: () => listFunctionConfigs(client),
    listTags: (arn) => listScanTags(client, arn),
  };
}

/**
 * ListTags: the CloudFormation tags (`aws:cloudformation:logical-id`, `…:stack-name`) that tie a
 * function to its template. ListFunctions does not return tags, so this is one call per flagged
 * function, never per scanned one.
 */
export async function listScanTags(client: LambdaClient, arn: string): Promise<Record<string, string>> {
  try {
    const out = await client.send(new ListTagsCommand({ Resource: arn }));
    return { ...(out.Tags ?? {}) };
  } catch (error) {
    throw mapLambdaError(error, { action: 'lambda:ListTags', functionName: arn });
  }
}

export async function getScanConfiguration(client: LambdaClient, nameOrArn: string): Promise<ScanFunctionConfig> {
  let out: FunctionConfiguration;
  try {
    out = await client.send(new GetFunctionConfigurationCommand({ FunctionName: nameOrArn }));
  } catch (error) {
    throw mapLambdaError(error, { action: 'lambda:GetFunctionConfiguration', functionName: nameOrArn });
  }
  const config = toScanConfig(out);
  if (!config) throw new AwsError(`GetFunctionConfiguration returned no function name for ${nameOrArn}`, { awsName: 'GetFunctionConfiguration' });
  return config;
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
    throw mapLambdaError(error, { action: 'lambda:ListFunctions', functionName: 'the functions of the region' });
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
  // Managed Instances: billed per instance, and the API allows up to 32,768 MB for them.
  const provider = fn.CapacityProviderConfig?.LambdaManagedInstancesCapacityProviderConfig?.CapacityProviderArn;
  if (provider) config.capacityProviderArn = provider;
  if (fn.DurableConfig) config.durable = true;
  if (fn.FunctionArn) {
    config.arn = fn.FunctionArn;
    const region = regionOfArn(fn.FunctionArn);
    if (region) config.region = region;
  }
  return config;
}
