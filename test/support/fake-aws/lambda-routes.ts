/** The Lambda REST API: paths of the 2015-03-31, 2017-03-31, 2017-10-31 and 2019-09-30 APIs. */
import { AwsFault, fault, type FakeRequest, type FakeResponse } from './http.js';
import { parseFunctionName, sha256Base64, type Context, type FunctionRecord, type LambdaState } from './lambda-state.js';
import { allVersions, createAlias, deleteVersion, getAlias, publishVersion, revisionMismatch, type PublishInput } from './lambda-versions.js';
import { page } from './paging.js';
import type { Faults } from './faults.js';
import type { Invoker } from './invoke.js';
import type { FakeArchitecture, FakeLogFormat, FunctionConfig, FunctionSeed, LambdaOperation } from './types.js';

export interface LambdaCall {
  path: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  req: FakeRequest;
  requestId: string;
}

export interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  operation: LambdaOperation;
  run: (call: LambdaCall) => FakeResponse | Promise<FakeResponse>;
}

export interface LambdaDeps {
  ctx: Context;
  state: LambdaState;
  faults: Faults;
  invoker: Invoker;
}

function route(method: string, template: string, operation: LambdaOperation, run: Route['run']): Route {
  const names: string[] = [];
  const source = template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}/?$`), names, operation, run };
}

const ok = (body: object, status = 200): FakeResponse => ({ status, body });
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function maxItems(query: URLSearchParams): number {
  const raw = query.get('MaxItems');
  return raw === null ? 50 : Math.min(10_000, Math.max(1, Number(raw)));
}

function checkLimits(memory: number | undefined, timeout: number | undefined): void {
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10_240)) {
    throw fault.invalid(`'MemorySize' value failed to satisfy constraint: Member must have value between 128 and 10240 (got ${memory})`);
  }
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > 900)) {
    throw fault.invalid(`'Timeout' value failed to satisfy constraint: Member must have value between 1 and 900 (got ${timeout})`);
  }
}

/** Where the fake serves packages (`Code.Location`), by CodeSha256. */
const CODE_PATH = '/fake-aws/code/';
/** Lambda's limit for a zip uploaded inline (ZipFile): 50 MB. */
const INLINE_ZIP_LIMIT = 50 * 1024 * 1024;

/** CreateFunction's settings beyond the basics, kept as Lambda returns them. */
function createExtras(body: Record<string, unknown>): FunctionSeed['extra'] {
  const extra: NonNullable<FunctionSeed['extra']> = {};
  const layers = body.Layers as string[] | undefined;
  if (layers && layers.length > 0) extra.Layers = layers.map((Arn) => ({ Arn, CodeSize: 1024 }));
  const vpc = body.VpcConfig as { SubnetIds?: string[]; SecurityGroupIds?: string[]; Ipv6AllowedForDualStack?: boolean } | undefined;
  if (vpc)
    extra.VpcConfig = {
      SubnetIds: [...(vpc.SubnetIds ?? [])],
      SecurityGroupIds: [...(vpc.SecurityGroupIds ?? [])],
      ...(vpc.Ipv6AllowedForDualStack !== undefined ? { Ipv6AllowedForDualStack: vpc.Ipv6AllowedForDualStack } : {}),
    };
  if (Array.isArray(body.FileSystemConfigs))
    extra.FileSystemConfigs = structuredClone(body.FileSystemConfigs as NonNullable<FunctionSeed['extra']>['FileSystemConfigs']);
  const dlq = body.DeadLetterConfig as { TargetArn?: string } | undefined;
  if (dlq?.TargetArn) extra.DeadLetterConfig = { TargetArn: dlq.TargetArn };
  if (str(body.KMSKeyArn)) extra.KMSKeyArn = str(body.KMSKeyArn);
  const tracing = body.TracingConfig as { Mode?: 'Active' | 'PassThrough' } | undefined;
  if (tracing?.Mode) extra.TracingConfig = { Mode: tracing.Mode };
  const storage = num((body.EphemeralStorage as { Size?: unknown } | undefined)?.Size);
  if (storage !== undefined) extra.EphemeralStorage = { Size: storage };
  const snap = body.SnapStart as { ApplyOn?: 'PublishedVersions' | 'None' } | undefined;
  if (snap?.ApplyOn) extra.SnapStart = { ApplyOn: snap.ApplyOn, OptimizationStatus: snap.ApplyOn === 'PublishedVersions' ? 'On' : 'Off' };
  const image = body.ImageConfig as FunctionConfig['ImageConfigResponse'] extends { ImageConfig: infer C } | undefined ? C : never;
  if (image) extra.ImageConfigResponse = { ImageConfig: structuredClone(image) };
  return extra;
}

function configChange(body: Record<string, unknown>, current: FunctionConfig): Partial<FunctionConfig> {
  const change: Partial<FunctionConfig> = {};
  const memory = num(body.MemorySize);
  const timeout = num(body.Timeout);
  checkLimits(memory, timeout);
  if (memory !== undefined) change.MemorySize = memory;
  if (timeout !== undefined) change.Timeout = timeout;
  for (const key of ['Description', 'Handler', 'Runtime', 'Role'] as const) {
    const value = str(body[key]);
    if (value !== undefined) change[key] = value;
  }
  const environment = body.Environment as { Variables?: Record<string, string> } | undefined;
  if (environment) change.Environment = { Variables: { ...environment.Variables } };
  const logging = body.LoggingConfig as Partial<FunctionConfig['LoggingConfig']> | undefined;
  if (logging) change.LoggingConfig = { ...current.LoggingConfig, ...logging };
  return change;
}

export function lambdaRoutes({ ctx, state, faults, invoker }: LambdaDeps): Route[] {
  const fn = (call: LambdaCall): { record: FunctionRecord; qualifier: string | undefined } =>
    state.resolve(call.path.FunctionName ?? '', call.query.get('Qualifier'));
  const byResource = (call: LambdaCall): FunctionRecord => {
    const arn = call.path.Resource ?? '';
    if (!arn.startsWith('arn:aws:lambda:')) throw fault.invalid(`Invalid resource ARN: ${arn}`);
    return state.resolve(parseFunctionName(arn).name).record;
  };
  const withConcurrency = (record: FunctionRecord): object =>
    record.reservedConcurrency === undefined ? {} : { ReservedConcurrentExecutions: record.reservedConcurrency };

  return [
    route('GET', '/2015-03-31/functions', 'ListFunctions', ({ query }) => {
      const all = [...state.functions.values()]
        .toSorted((a, b) => a.config.FunctionName.localeCompare(b.config.FunctionName))
        .flatMap((r) => (query.get('FunctionVersion') === 'ALL' ? allVersions(r) : [r.config]));
      const { items, next } = page(all, query.get('Marker'), maxItems(query));
      return ok({ Functions: items, ...(next ? { NextMarker: next } : {}) });
    }),
    route('POST', '/2015-03-31/functions', 'CreateFunction', ({ body }) => {
      const name = str(body.FunctionName) ?? '';
      const code = (body.Code ?? {}) as { ZipFile?: unknown; ImageUri?: unknown };
      const zip = str(code.ZipFile);
      const imageUri = str(code.ImageUri);
      const image = body.PackageType === 'Image';
      if (!/^[a-zA-Z0-9-_]{1,64}$/.test(name)) throw fault.invalid(`Invalid function name: ${name}`);
      if (!str(body.Role)) throw fault.invalid('Role is required.');
      if (image ? !imageUri : !zip)
        throw fault.invalid(image ? 'Code.ImageUri is required for an Image package.' : 'Code.ZipFile is required for a Zip package.');
      if (!image && (!str(body.Runtime) || !str(body.Handler))) throw fault.invalid('Runtime and Handler are required for a Zip package.');
      checkLimits(num(body.MemorySize), num(body.Timeout));
      if (faults.passRoleDenied) throw fault.passRoleDenied(str(body.Role) ?? '');
      if (faults.takeOne('roleNotReady')) throw fault.invalid('The role defined for the function cannot be assumed by Lambda.');
      const zipFile = zip === undefined ? undefined : new Uint8Array(Buffer.from(zip, 'base64'));
      if (zipFile && zipFile.length > INLINE_ZIP_LIMIT) throw fault.tooLarge(zipFile.length);
      const logging = body.LoggingConfig as { LogFormat?: FakeLogFormat; LogGroup?: string } | undefined;
      const record = state.add({
        name,
        ...(zipFile ? { zipFile, codeSha256: sha256Base64(zipFile) } : { imageUri }),
        role: str(body.Role),
        runtime: str(body.Runtime),
        handler: str(body.Handler),
        description: str(body.Description),
        memoryMB: num(body.MemorySize),
        timeoutS: num(body.Timeout),
        architecture: (body.Architectures as FakeArchitecture[] | undefined)?.[0],
        tags: body.Tags as Record<string, string> | undefined,
        logFormat: logging?.LogFormat,
        logGroup: logging?.LogGroup,
        environment: (body.Environment as { Variables?: Record<string, string> } | undefined)?.Variables,
        state: 'Pending',
        extra: createExtras(body),
      });
      record.pendingActivation = { pollsLeft: ctx.knobs.activationPolls, until: Date.now() + ctx.knobs.activationDelayMs };
      return ok(record.config, 201);
    }),
    route('GET', '/2015-03-31/functions/{FunctionName}', 'GetFunction', (call) => {
      const { record, qualifier } = fn(call);
      const config = state.poll(record, qualifier);
      const concurrency = withConcurrency(record);
      // Lambda hands out a presigned S3 URL; the fake serves the package itself, on its own address.
      const code =
        record.imageUri !== undefined
          ? {
              RepositoryType: 'ECR',
              ImageUri: record.imageUri,
              ResolvedImageUri: `${record.imageUri.split(':')[0]}@sha256:${Buffer.from(config.CodeSha256, 'base64').toString('hex')}`,
            }
          : { RepositoryType: 'S3', Location: `http://${call.req.headers.host ?? '127.0.0.1'}${CODE_PATH}${encodeURIComponent(config.CodeSha256)}` };
      return ok({
        Configuration: config,
        Code: code,
        Tags: { ...record.tags },
        ...(Object.keys(concurrency).length > 0 ? { Concurrency: concurrency } : {}),
      });
    }),
    route('GET', `${CODE_PATH}{Sha}`, 'DownloadCode', (call) => {
      const bytes = state.codes.get(call.path.Sha ?? '')?.bytes;
      if (!bytes) throw new AwsFault(404, 'NoSuchKey', 'The specified key does not exist.');
      return { status: 200, headers: { 'content-type': 'application/zip' }, body: Buffer.from(bytes) };
    }),
    route('DELETE', '/2015-03-31/functions/{FunctionName}', 'DeleteFunction', (call) => {
      const { record, qualifier } = fn(call);
      if (qualifier !== undefined) deleteVersion(record, qualifier);
      else {
        state.functions.delete(record.config.FunctionName);
        invoker.forget(record.config.FunctionName);
      }
      return { status: 204 };
    }),
    route('GET', '/2015-03-31/functions/{FunctionName}/configuration', 'GetFunctionConfiguration', (call) => {
      const { record, qualifier } = fn(call);
      return ok(state.poll(record, qualifier));
    }),
    route('PUT', '/2015-03-31/functions/{FunctionName}/configuration', 'UpdateFunctionConfiguration', (call) => {
      const { record } = fn(call);
      state.assertChangeable(record);
      const revision = str(call.body.RevisionId);
      if (revision !== undefined && revision !== record.config.RevisionId) throw fault.precondition(revisionMismatch());
      state.beginUpdate(record, configChange(call.body, record.config));
      return ok(record.config);
    }),
    route('PUT', '/2015-03-31/functions/{FunctionName}/code', 'UpdateFunctionCode', (call) => {
      const { record } = fn(call);
      state.assertChangeable(record);
      const revision = str(call.body.RevisionId);
      if (revision !== undefined && revision !== record.config.RevisionId) throw fault.precondition(revisionMismatch());
      const zip = str(call.body.ZipFile);
      if (!zip) throw fault.invalid('ZipFile is required.');
      record.zipFile = new Uint8Array(Buffer.from(zip, 'base64'));
      const architectures = call.body.Architectures as FakeArchitecture[] | undefined;
      state.beginUpdate(record, {
        CodeSha256: sha256Base64(record.zipFile),
        CodeSize: record.zipFile.length,
        ...(architectures ? { Architectures: [...architectures] } : {}),
      });
      return ok(record.config);
    }),
    route('POST', '/2015-03-31/functions/{FunctionName}/versions', 'PublishVersion', (call) => {
      const { record } = fn(call);
      const config = publishVersion(state, ctx.ids, record, call.body as PublishInput, faults.takeOne('publishReturnsExisting'));
      return ok(config, 201);
    }),
    route('GET', '/2015-03-31/functions/{FunctionName}/versions', 'ListVersionsByFunction', (call) => {
      const { items, next } = page(allVersions(fn(call).record), call.query.get('Marker'), maxItems(call.query));
      return ok({ Versions: items, ...(next ? { NextMarker: next } : {}) });
    }),
    route('POST', '/2015-03-31/functions/{FunctionName}/aliases', 'CreateAlias', (call) => ok(createAlias(ctx.ids, fn(call).record, call.body), 201)),
    route('GET', '/2015-03-31/functions/{FunctionName}/aliases', 'ListAliases', (call) => {
      const version = call.query.get('FunctionVersion');
      const aliases = [...fn(call).record.aliases.values()].filter((a) => version === null || a.FunctionVersion === version);
      const { items, next } = page(aliases, call.query.get('Marker'), maxItems(call.query));
      return ok({ Aliases: items, ...(next ? { NextMarker: next } : {}) });
    }),
    route('GET', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'GetAlias', (call) => ok(getAlias(fn(call).record, call.path.Name ?? ''))),
    route('DELETE', '/2015-03-31/functions/{FunctionName}/aliases/{Name}', 'DeleteAlias', (call) => {
      const { record } = fn(call);
      getAlias(record, call.path.Name ?? '');
      record.aliases.delete(call.path.Name ?? '');
      return { status: 204 };
    }),
    route('POST', '/2015-03-31/functions/{FunctionName}/invocations', 'Invoke', (call) =>
      invoker.invoke(call.req, call.path.FunctionName ?? '', call.requestId),
    ),
    route('GET', '/2019-09-30/functions/{FunctionName}/concurrency', 'GetFunctionConcurrency', (call) => ok(withConcurrency(fn(call).record))),
    route('PUT', '/2017-10-31/functions/{FunctionName}/concurrency', 'PutFunctionConcurrency', (call) => {
      const { record } = fn(call);
      record.reservedConcurrency = num(call.body.ReservedConcurrentExecutions);
      return ok(withConcurrency(record));
    }),
    route('DELETE', '/2017-10-31/functions/{FunctionName}/concurrency', 'DeleteFunctionConcurrency', (call) => {
      fn(call).record.reservedConcurrency = undefined;
      return { status: 204 };
    }),
    route('GET', '/2017-03-31/tags/{Resource}', 'ListTags', (call) => ok({ Tags: { ...byResource(call).tags } })),
    route('POST', '/2017-03-31/tags/{Resource}', 'TagResource', (call) => {
      const record = byResource(call);
      record.tags = { ...record.tags, ...(call.body.Tags as Record<string, string> | undefined) };
      return { status: 204 };
    }),
    route('DELETE', '/2017-03-31/tags/{Resource}', 'UntagResource', (call) => {
      const record = byResource(call);
      const remove = new Set(call.query.getAll('tagKeys'));
      record.tags = Object.fromEntries(Object.entries(record.tags).filter(([key]) => !remove.has(key)));
      return { status: 204 };
    }),
  ];
}

/** Finds the route for a request: its operation and decoded path parameters. */
export function matchRoute(routes: readonly Route[], req: FakeRequest): { route: Route; path: Record<string, string> } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== req.method) continue;
    const match = candidate.pattern.exec(req.path);
    if (!match) continue;
    const path = Object.fromEntries(candidate.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
    return { route: candidate, path };
  }
  return undefined;
}
