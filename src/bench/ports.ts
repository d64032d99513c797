/** What bench and cleanup need from CloudWatch Logs: the log groups of bench functions. */

export interface LogGroupListing {
  name: string;
  tags: Record<string, string>;
}

export interface BenchLogGroups {
  /** Creates the group with tags (or finds it there) and sets its retention. */
  create(name: string, tags: Record<string, string>, retentionInDays: number): Promise<'created' | 'exists'>;
  delete(name: string): Promise<'deleted' | 'gone'>;
  /** Groups whose name starts with `prefix`, with their tags. */
  listPrefixed(prefix: string): Promise<LogGroupListing[]>;
}
