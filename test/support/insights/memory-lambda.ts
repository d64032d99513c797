/** An in-memory `ScanLambda` for unit tests. */
import { AwsError } from '../../../src/errors.js';
import type { ScanLambda } from '../../../src/scan/deps.js';
import type { ScanFunctionConfig } from '../../../src/scan/types.js';

export function memoryLambda(functions: readonly ScanFunctionConfig[]): ScanLambda & { listed: number; got: string[] } {
  const lambda = {
    listed: 0,
    got: [] as string[],
    async getConfiguration(nameOrArn: string): Promise<ScanFunctionConfig> {
      lambda.got.push(nameOrArn);
      const name = nameOrArn.split(':').at(nameOrArn.startsWith('arn:') ? 6 : 0) ?? nameOrArn;
      const found = functions.find((f) => f.name === name);
      if (!found) throw new AwsError(`function ${name} not found`, { awsName: 'ResourceNotFoundException' });
      return found;
    },
    async listFunctions(): Promise<ScanFunctionConfig[]> {
      lambda.listed += 1;
      return [...functions];
    },
  };
  return lambda;
}
