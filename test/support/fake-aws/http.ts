/** HTTP plumbing: the server, request reading, and AWS-shaped success and error responses. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Path without the query string, still percent-encoded (segments are decoded by the router). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; buffers and strings as they are. */
  body?: Buffer | string | object;
}

export type Service = 'lambda' | 'logs';

/** An error the fake answers with, in the service's own error shape. */
export class AwsFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extraBody: Record<string, unknown> = {},
    readonly extraHeaders: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AwsFault';
  }
}

export const fault = {
  notFound: (message: string): AwsFault => new AwsFault(404, 'ResourceNotFoundException', message),
  conflict: (message: string): AwsFault => new AwsFault(409, 'ResourceConflictException', message),
  precondition: (message: string): AwsFault => new AwsFault(412, 'PreconditionFailedException', message),
  invalid: (message: string): AwsFault => new AwsFault(400, 'InvalidParameterValueException', message),
  accessDenied: (action: string): AwsFault =>
    new AwsFault(
      403,
      'AccessDeniedException',
      `User: arn:aws:iam::123456789012:user/test is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    ),
  /** CreateFunction without iam:PassRole on the execution role: Lambda's own 403, naming role and action. */
  passRoleDenied: (role: string): AwsFault =>
    new AwsFault(
      403,
      'AccessDeniedException',
      `User: arn:aws:iam::123456789012:user/test is not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`,
    ),
  tooLarge: (bytes: number): AwsFault =>
    new AwsFault(413, 'RequestTooLargeException', `Request must be smaller than 69905067 bytes for the CreateFunction operation (the zip is ${bytes} bytes)`),
  /** Lambda's throttle: `Retry-After` header (which the SDK honours) plus body fields. */
  tooManyRequests: (reason: string, retryAfterSeconds: number): AwsFault =>
    new AwsFault(
      429,
      'TooManyRequestsException',
      'Rate Exceeded.',
      { Reason: reason, retryAfterSeconds: String(retryAfterSeconds) },
      { 'Retry-After': String(retryAfterSeconds) },
    ),
  server: (status: 500 | 503, service: Service): AwsFault =>
    new AwsFault(
      status,
      status === 503 ? 'ServiceUnavailableException' : service === 'lambda' ? 'ServiceException' : 'InternalFailure',
      'Injected service failure.',
    ),
};

/**
 * Lambda (restJson1): the SDK takes the error name from `x-amzn-ErrorType`, then `code`/`__type` in
 * the body; Logs (awsJson1_1) reads `__type` first. Sending both keeps either protocol happy.
 */
export function faultResponse(service: Service, error: AwsFault): FakeResponse {
  const headers = { 'x-amzn-ErrorType': error.type, ...error.extraHeaders };
  if (service === 'logs') {
    return { status: error.status, headers, body: { __type: error.type, message: error.message, ...error.extraBody } };
  }
  const type = error.status >= 500 ? 'Service' : 'User';
  return {
    status: error.status,
    headers,
    body: { Type: type, message: error.message, Message: error.message, ...error.extraBody },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: FakeResponse, contentType: string, requestId: string): void {
  const { body } = response;
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(response.status, {
    'content-type': contentType,
    'content-length': String(payload.length),
    'x-amzn-RequestId': requestId,
    ...response.headers,
  });
  res.end(payload);
}

export interface ServerHandlers {
  handle(req: FakeRequest, service: Service): Promise<FakeResponse & { requestId: string }>;
}

/** The service is told apart by `X-Amz-Target` (Logs JSON protocol) versus a REST path (Lambda). */
export function serviceOf(headers: IncomingHttpHeaders): Service {
  return headers['x-amz-target'] === undefined ? 'lambda' : 'logs';
}

export async function listen(handlers: ServerHandlers): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const service = serviceOf(req.headers);
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      const response = await handlers.handle(request, service);
      const contentType = service === 'logs' ? 'application/x-amz-json-1.1' : 'application/json';
      send(res, response, response.headers?.['content-type'] ?? contentType, response.requestId);
    })().catch((error: unknown) => {
      // A bug in the fake itself: answer 500 so the test fails loudly instead of hanging.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake-aws internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export async function closeServer(server: Server): Promise<void> {
  // Keep-alive sockets from SDK clients would otherwise hold close() open.
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
