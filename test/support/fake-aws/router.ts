/** One entry point for both services: records the call, applies faults, runs the operation. */
import { AwsFault, faultResponse, type FakeRequest, type FakeResponse, type Service } from './http.js';
import { parsePayload } from './invoke.js';
import { matchRoute, type Route } from './lambda-routes.js';
import { logsOperation, type LogsHandler } from './logs-handlers.js';
import type { Faults } from './faults.js';
import type { IdSource } from './ids.js';
import type { CallRecord, Operation } from './types.js';

export interface CallLog {
  readonly calls: CallRecord[];
  readonly counters: Map<Operation, number>;
}

function jsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

export class Router {
  constructor(
    private readonly routes: readonly Route[],
    private readonly logs: Record<string, LogsHandler>,
    private readonly faults: Faults,
    private readonly ids: IdSource,
    private readonly log: CallLog,
  ) {}

  async handle(req: FakeRequest, service: Service): Promise<FakeResponse & { requestId: string }> {
    const requestId = this.ids.uuid();
    this.accessKeyId = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    try {
      // STS (query protocol) posts a form to the root path; Lambda never does.
      if (service === 'lambda' && req.method === 'POST' && req.path === '/') return { ...(await this.stsCall(req, requestId)), requestId };
      const response = service === 'logs' ? await this.logsCall(req) : await this.lambdaCall(req, requestId);
      return { ...response, requestId };
    } catch (error) {
      if (error instanceof AwsFault) return { ...faultResponse(service, error), requestId };
      throw error;
    }
  }

  private accessKeyId: string | undefined;

  private record(service: Service | 'sts', operation: Operation, params: Record<string, unknown>): number {
    this.log.calls.push({ service, operation, params, at: Date.now(), ...(this.accessKeyId ? { accessKeyId: this.accessKeyId } : {}) });
    const count = (this.log.counters.get(operation) ?? 0) + 1;
    this.log.counters.set(operation, count);
    return count;
  }

  private async run(
    service: Service,
    operation: Operation,
    params: Record<string, unknown>,
    body: () => FakeResponse | Promise<FakeResponse>,
  ): Promise<FakeResponse> {
    const count = this.record(service, operation, params);
    try {
      const injected = this.faults.before(service, operation);
      if (injected) throw injected;
      return await body();
    } finally {
      this.faults.after(operation, count, params);
    }
  }

  private async lambdaCall(req: FakeRequest, requestId: string): Promise<FakeResponse> {
    const found = matchRoute(this.routes, req);
    if (!found) throw new AwsFault(404, 'UnknownOperationException', `fake-aws has no Lambda route for ${req.method} ${req.path}`);
    const { route, path } = found;
    const invoke = route.operation === 'Invoke';
    const body = invoke ? {} : jsonBody(req.body);
    const params = {
      ...path,
      ...Object.fromEntries(req.query.entries()),
      ...body,
      ...(invoke
        ? {
            Payload: parsePayload(req.body),
            InvocationType: req.headers['x-amz-invocation-type'] ?? 'RequestResponse',
            LogType: req.headers['x-amz-log-type'] ?? 'None',
          }
        : {}),
    };
    return this.run('lambda', route.operation, params, () => route.run({ path, query: req.query, body, req, requestId }));
  }

  /** AssumeRole: temporary credentials whose access key names the role, so tests can see who signed what. */
  private async stsCall(req: FakeRequest, requestId: string): Promise<FakeResponse> {
    const params = Object.fromEntries(new URLSearchParams(req.body.toString('utf8')));
    if (params.Action !== 'AssumeRole') throw new AwsFault(400, 'InvalidAction', `fake-aws does not implement STS ${params.Action ?? '(none)'}`);
    this.record('sts', 'AssumeRole', params);
    const role = (params.RoleArn ?? '').split('/').at(-1) ?? 'role';
    const key = `ASIA${role.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 20);
    const expires = new Date(Date.now() + 3600_000).toISOString();
    const xml = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${key}</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token-${requestId}</SessionToken><Expiration>${expires}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAFAKE:${params.RoleSessionName ?? ''}</AssumedRoleId><Arn>${(params.RoleArn ?? '').replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/${params.RoleSessionName ?? ''}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body: xml };
  }

  private async logsCall(req: FakeRequest): Promise<FakeResponse> {
    const target = req.headers['x-amz-target'];
    const operation = logsOperation(typeof target === 'string' ? target : undefined, this.logs);
    if (!operation) throw new AwsFault(400, 'UnknownOperationException', `fake-aws does not implement ${String(target)}`);
    const body = jsonBody(req.body);
    return this.run('logs', operation, body, () => ({ status: 200, body: (this.logs[operation] as LogsHandler)(body) }));
  }
}
