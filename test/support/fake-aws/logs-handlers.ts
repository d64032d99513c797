/** The CloudWatch Logs JSON 1.1 operations (`X-Amz-Target: Logs_20140328.<Operation>`). */
import { compileFilterPattern } from './filter-pattern.js';
import { AwsFault } from './http.js';
import { encodeToken, page } from './paging.js';
import type { Faults } from './faults.js';
import type { Insights } from './insights.js';
import type { LogsStore, StoredEvent } from './logs-store.js';
import type { FakeAwsKnobs, LogsOperation } from './types.js';

export interface LogsDeps {
  store: LogsStore;
  insights: Insights;
  faults: Faults;
  knobs: FakeAwsKnobs;
  region: string;
  accountId: string;
}

type Body = Record<string, unknown>;
export type LogsHandler = (body: Body) => object;

const notFound = (message: string): AwsFault => new AwsFault(400, 'ResourceNotFoundException', message);
const optNumber = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function groupOf(body: Body): string {
  const identifier = body.logGroupName ?? body.logGroupIdentifier;
  if (typeof identifier !== 'string') throw new AwsFault(400, 'InvalidParameterException', 'logGroupName or logGroupIdentifier is required.');
  const marker = ':log-group:';
  const at = identifier.indexOf(marker);
  return at < 0 ? identifier : identifier.slice(at + marker.length).replace(/:\*$/, '');
}

const wireEvent = (e: StoredEvent): object => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime });

export function logsHandlers({ store, insights, faults, knobs, region, accountId }: LogsDeps): Record<LogsOperation, LogsHandler> {
  const requireGroup = (body: Body): string => {
    const name = groupOf(body);
    if (!store.groups.has(name)) throw notFound('The specified log group does not exist.');
    return name;
  };

  return {
    FilterLogEvents: (body) => {
      const group = requireGroup(body);
      // AWS quirk: a page can be empty and still carry a nextToken; callers must keep paging.
      if (faults.takeOne('emptyFilterPages')) {
        return { events: [], searchedLogStreams: [], nextToken: (body.nextToken as string | undefined) ?? encodeToken({ offset: 0 }) };
      }
      const matches = compileFilterPattern(body.filterPattern as string | undefined);
      const events = store
        .events(group, {
          logStreamNames: body.logStreamNames as string[] | undefined,
          logStreamNamePrefix: body.logStreamNamePrefix as string | undefined,
          startTime: optNumber(body.startTime),
          endTime: optNumber(body.endTime),
        })
        .filter((e) => matches(e.message));
      const limit = Math.min(optNumber(body.limit) ?? knobs.filterPageLimit, 10_000);
      const { items, next } = page(events, body.nextToken as string | undefined, limit);
      return {
        events: items.map((e) => ({ logStreamName: e.logStreamName, eventId: e.eventId, ...wireEvent(e) })),
        searchedLogStreams: [],
        ...(next ? { nextToken: next } : {}),
      };
    },
    GetLogEvents: (body) => {
      const group = requireGroup(body);
      const streamName = String(body.logStreamName ?? '');
      if (!store.groups.get(group)?.streams.has(streamName)) throw notFound('The specified log stream does not exist.');
      const events = store.events(group, {
        logStreamNames: [streamName],
        startTime: optNumber(body.startTime),
        endTime: optNumber(body.endTime),
      });
      const limit = Math.min(optNumber(body.limit) ?? 10_000, 10_000);
      const token = typeof body.nextToken === 'string' ? body.nextToken : body.startFromHead === true ? 'f/0' : `b/${events.length}`;
      const at = Number(token.slice(2)) || 0;
      // Forward tokens page from an index onward, backward tokens page up to it; at either end AWS
      // hands back the token it was given.
      const [from, to] = token.startsWith('b/') ? [Math.max(0, at - limit), at] : [at, Math.min(events.length, at + limit)];
      return {
        events: events.slice(from, to).map(wireEvent),
        nextForwardToken: `f/${to}`,
        nextBackwardToken: `b/${from}`,
      };
    },
    DescribeLogGroups: (body) => {
      const prefix = (body.logGroupNamePrefix as string | undefined) ?? '';
      const pattern = (body.logGroupNamePattern as string | undefined) ?? '';
      const groups = [...store.groups.values()]
        .filter((g) => g.name.startsWith(prefix) && g.name.includes(pattern))
        .toSorted((a, b) => a.name.localeCompare(b.name))
        .map((g) => {
          const logGroupArn = `arn:aws:logs:${region}:${accountId}:log-group:${g.name}`;
          return {
            logGroupName: g.name,
            creationTime: g.creationTime,
            arn: `${logGroupArn}:*`,
            logGroupArn,
            storedBytes: 0,
            metricFilterCount: 0,
            logGroupClass: 'STANDARD',
            ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
          };
        });
      const { items, next } = page(groups, body.nextToken as string | undefined, Math.min(optNumber(body.limit) ?? 50, 50));
      return { logGroups: items, ...(next ? { nextToken: next } : {}) };
    },
    CreateLogGroup: (body) => {
      const name = groupOf(body);
      if (store.groups.has(name)) throw new AwsFault(400, 'ResourceAlreadyExistsException', 'The specified log group already exists');
      const group = store.ensureGroup(name);
      if (body.tags) group.tags = { ...(body.tags as Record<string, string>) };
      return {};
    },
    ListTagsForResource: (body) => {
      const arn = String(body.resourceArn ?? '');
      const name = arn.slice(arn.indexOf(':log-group:') + ':log-group:'.length).replace(/:\*$/, '');
      const group = store.groups.get(name);
      if (!arn.includes(':log-group:') || !group) throw notFound('The specified resource does not exist.');
      return { tags: { ...group.tags } };
    },
    DeleteLogGroup: (body) => {
      const name = requireGroup(body);
      store.groups.delete(name);
      return {};
    },
    PutRetentionPolicy: (body) => {
      const name = requireGroup(body);
      const days = optNumber(body.retentionInDays);
      if (days === undefined || days < 1) throw new AwsFault(400, 'InvalidParameterException', 'retentionInDays is required.');
      store.groups.get(name)!.retentionInDays = days;
      return {};
    },
    CreateLogStream: (body) => {
      const group = requireGroup(body);
      const stream = String(body.logStreamName ?? '');
      if (store.groups.get(group)?.streams.has(stream)) throw new AwsFault(400, 'ResourceAlreadyExistsException', 'The specified log stream already exists');
      store.ensureStream(group, stream);
      return {};
    },
    PutLogEvents: (body) => {
      const group = requireGroup(body);
      const stream = String(body.logStreamName ?? '');
      if (!store.groups.get(group)?.streams.has(stream)) throw notFound('The specified log stream does not exist.');
      store.append(group, stream, (body.logEvents as Array<{ timestamp: number; message: string }> | undefined) ?? []);
      return {};
    },
    StartQuery: (body) => insights.start(body),
    GetQueryResults: (body) => insights.results(body),
    StopQuery: (body) => insights.stop(body),
  };
}

/** The operation a `X-Amz-Target` header names, if the fake knows it. */
export function logsOperation(target: string | undefined, handlers: Record<string, LogsHandler>): LogsOperation | undefined {
  const name = target?.split('.')[1];
  return name !== undefined && name in handlers ? (name as LogsOperation) : undefined;
}
