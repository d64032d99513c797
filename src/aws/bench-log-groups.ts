/**
 * The CloudWatch Logs calls `bench` and `cleanup` make for the log groups of bench functions: bench
 * creates `/aws/lambda/<bench function>` itself (tagged, with a short retention) before the first
 * invocation, so it is ours to delete afterwards and never lingers without expiry.
 */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  ListTagsForResourceCommand,
  PutRetentionPolicyCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import type { BenchLogGroups, LogGroupListing } from '../bench/ports.js';
import { clientConfig, type AwsSettings } from './config.js';
import { logsErrorToRightsize } from './logs-gateway.js';

export function createBenchLogGroups(settings: AwsSettings): BenchLogGroups {
  return new CloudWatchBenchLogGroups(new CloudWatchLogsClient(clientConfig(settings)));
}

export class CloudWatchBenchLogGroups implements BenchLogGroups {
  constructor(private readonly client: CloudWatchLogsClient) {}

  async create(name: string, tags: Record<string, string>, retentionInDays: number): Promise<'created' | 'exists'> {
    let outcome: 'created' | 'exists' = 'created';
    try {
      await this.client.send(new CreateLogGroupCommand({ logGroupName: name, tags }));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceAlreadyExistsException') throw logsErrorToRightsize(error, 'logs:CreateLogGroup', name);
      outcome = 'exists';
    }
    try {
      await this.client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays }));
    } catch (error) {
      throw logsErrorToRightsize(error, 'logs:PutRetentionPolicy', name);
    }
    return outcome;
  }

  async delete(name: string): Promise<'deleted' | 'gone'> {
    try {
      await this.client.send(new DeleteLogGroupCommand({ logGroupName: name }));
      return 'deleted';
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return 'gone';
      throw logsErrorToRightsize(error, 'logs:DeleteLogGroup', name);
    }
  }

  async listPrefixed(prefix: string): Promise<LogGroupListing[]> {
    const found: Array<{ name: string; arn?: string }> = [];
    try {
      for await (const page of paginateDescribeLogGroups({ client: this.client }, { logGroupNamePrefix: prefix })) {
        for (const g of page.logGroups ?? []) if (g.logGroupName) found.push({ name: g.logGroupName, ...(g.logGroupArn ? { arn: g.logGroupArn } : {}) });
      }
    } catch (error) {
      throw logsErrorToRightsize(error, 'logs:DescribeLogGroups', prefix);
    }
    const listings: LogGroupListing[] = [];
    for (const g of found) {
      let tags: Record<string, string> = {};
      if (g.arn) {
        try {
          tags = (await this.client.send(new ListTagsForResourceCommand({ resourceArn: g.arn }))).tags ?? {};
        } catch (error) {
          throw logsErrorToRightsize(error, 'logs:ListTagsForResource', g.name);
        }
      }
      listings.push({ name: g.name, tags });
    }
    return listings;
  }
}
