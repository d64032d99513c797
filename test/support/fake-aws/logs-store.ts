/** CloudWatch Logs storage: groups, streams, events, and the clock that stamps them. */

/** Log time. Wall clock by default; `set` (or `clockStartMs`) makes it manual and deterministic. */
export class FakeClock {
  private offset = 0;
  private fixed: number | undefined;

  constructor(startMs?: number) {
    this.fixed = startMs;
  }

  get manual(): boolean {
    return this.fixed !== undefined;
  }

  now(): number {
    return this.fixed ?? Date.now() + this.offset;
  }

  set(ms: number): void {
    this.fixed = ms;
  }

  advance(ms: number): void {
    if (this.fixed === undefined) this.offset += ms;
    else this.fixed += ms;
  }
}

export interface StoredEvent {
  logGroupName: string;
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
  /** Insertion order, to keep equal timestamps stable. */
  seq: number;
}

export interface LogGroupRecord {
  /** Set by PutRetentionPolicy; undefined = never expire. */
  retentionInDays?: number;
  tags?: Record<string, string>;
  name: string;
  creationTime: number;
  streams: Map<string, StoredEvent[]>;
}

export interface EventQuery {
  logStreamNames?: readonly string[];
  logStreamNamePrefix?: string;
  /** Inclusive bounds, epoch ms. */
  startTime?: number;
  endTime?: number;
}

export class LogsStore {
  readonly groups = new Map<string, LogGroupRecord>();
  private seq = 0;

  constructor(readonly clock: FakeClock) {}

  ensureGroup(name: string): LogGroupRecord {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, creationTime: this.clock.now(), streams: new Map() };
      this.groups.set(name, group);
    }
    return group;
  }

  ensureStream(groupName: string, streamName: string): StoredEvent[] {
    const group = this.ensureGroup(groupName);
    let stream = group.streams.get(streamName);
    if (!stream) {
      stream = [];
      group.streams.set(streamName, stream);
    }
    return stream;
  }

  append(groupName: string, streamName: string, events: ReadonlyArray<{ timestamp: number; message: string }>): void {
    const stream = this.ensureStream(groupName, streamName);
    for (const event of events) {
      this.seq += 1;
      stream.push({
        logGroupName: groupName,
        logStreamName: streamName,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.timestamp + 50,
        eventId: String(this.seq).padStart(56, '0'),
        seq: this.seq,
      });
    }
  }

  /** Events of a group (all streams unless narrowed), ordered by time, then by arrival. */
  events(groupName: string, query: EventQuery = {}): StoredEvent[] {
    const group = this.groups.get(groupName);
    if (!group) return [];
    const { logStreamNames, logStreamNamePrefix, startTime, endTime } = query;
    return [...group.streams.entries()]
      .filter(([name]) => !logStreamNames || logStreamNames.includes(name))
      .filter(([name]) => !logStreamNamePrefix || name.startsWith(logStreamNamePrefix))
      .flatMap(([, events]) => events)
      .filter((e) => (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp <= endTime))
      .toSorted((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
  }
}
