/** Fault injection: what the next calls should suffer. Each knob is consumed as calls use it up. */
import { fault, type AwsFault, type Service } from './http.js';
import type { Operation } from './types.js';

export interface ThrottleSpec {
  retryAfterSeconds: number;
  reason: string;
}

interface Hook {
  operation: Operation;
  /** 'each': after every call (the hook sees the call's parameters). */
  afterCalls: number | 'each';
  run: (params: Record<string, unknown>) => void;
}

/** IAM action named in AccessDenied messages. */
function iamAction(service: Service, operation: Operation): string {
  if (service === 'logs') return `logs:${operation}`;
  return operation === 'Invoke' ? 'lambda:InvokeFunction' : `lambda:${operation}`;
}

export class Faults {
  private readonly failures = new Map<Operation, Array<500 | 503>>();
  private readonly denied = new Set<Operation>();
  private readonly hooks: Hook[] = [];
  private readonly throttles: ThrottleSpec[] = [];
  /** PublishVersion calls that return the latest existing version even though something changed. */
  publishReturnsExisting = 0;
  /** CreateFunction is refused for want of iam:PassRole on the execution role. */
  passRoleDenied = false;
  /** CreateFunction calls that fail as if the execution role were not assumable yet. */
  roleNotReady = 0;
  /** Invocations whose LogType=Tail output loses its REPORT line. */
  truncatedTails = 0;
  /** FilterLogEvents calls answered with an empty page that still carries a nextToken. */
  emptyFilterPages = 0;

  failNext(operation: Operation, count: number, status: 500 | 503): void {
    const queue = this.failures.get(operation) ?? [];
    this.failures.set(operation, [...queue, ...Array.from({ length: count }, () => status)]);
  }

  deny(operation: Operation, denied: boolean): void {
    if (denied) this.denied.add(operation);
    else this.denied.delete(operation);
  }

  throttleNext(count: number, spec: ThrottleSpec): void {
    for (let i = 0; i < count; i += 1) this.throttles.push(spec);
  }

  /** Next throttle to apply to an invocation, if any is queued. */
  takeThrottle(): ThrottleSpec | undefined {
    return this.throttles.shift();
  }

  afterCall(operation: Operation, afterCalls: number | 'each', run: (params: Record<string, unknown>) => void): void {
    this.hooks.push({ operation, afterCalls, run });
  }

  /** Access denial, then queued 5xx failures: checked before the operation runs. */
  before(service: Service, operation: Operation): AwsFault | undefined {
    if (this.denied.has(operation)) return fault.accessDenied(iamAction(service, operation));
    const status = this.failures.get(operation)?.shift();
    return status === undefined ? undefined : fault.server(status, service);
  }

  /** Runs the hooks due after the `count`-th call of `operation` (whether or not it succeeded). */
  after(operation: Operation, count: number, params: Record<string, unknown>): void {
    for (const hook of this.hooks) {
      if (hook.operation === operation && (hook.afterCalls === count || hook.afterCalls === 'each')) hook.run(params);
    }
  }

  takeOne(knob: 'publishReturnsExisting' | 'roleNotReady' | 'truncatedTails' | 'emptyFilterPages'): boolean {
    if (this[knob] <= 0) return false;
    this[knob] -= 1;
    return true;
  }
}
