/**
 * moto_server (moto 5, python3) on 127.0.0.1: a second, independent implementation of the Lambda
 * and CloudWatch Logs APIs for the tests that must not rest on our own fake alone. Its Lambda
 * backend runs without Docker after a POST to /moto-api/config; it answers no RevisionId, no log
 * tail, and Logs Insights ignores `stats`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether moto_server is installed. */
export const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 20_000 }).status === 0;

/** .ci/run sets this, so CI fails instead of skipping when moto_server is missing. */
export const motoRequired = process.env.LAMBDA_RIGHTSIZE_REQUIRE_MOTO === '1';

/** Whether the moto tests skip: only where moto_server is missing and CI does not require it. */
export const skipMoto = !motoAvailable && !motoRequired;

/** Dummy credentials (copy them: the SDK marks the object it is given). */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export interface Moto {
  endpoint: string;
  /** Environment for the CLI: the endpoint, dummy credentials, region, no profile. */
  env: Record<string, string>;
  /** An IAM role moto's Lambda accepts (it checks that the role exists). */
  createRole(name: string): Promise<string>;
  stop(): void;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch (error) {
      if (Date.now() > until) throw error;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** Starts moto_server on a free loopback port, with Lambda's Docker-free backend. */
export async function startMoto(): Promise<Moto> {
  if (!motoAvailable) throw new Error('moto_server is not installed, and LAMBDA_RIGHTSIZE_REQUIRE_MOTO=1 requires it: pip install "moto[server]"');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  try {
    await waitUntilUp(`${endpoint}/moto-api/config`, 30_000);
    const config = await fetch(`${endpoint}/moto-api/config`, {
      method: 'POST',
      body: JSON.stringify({ lambda: { use_docker: false } }),
      headers: { 'content-type': 'application/json' },
    });
    if (!config.ok) throw new Error(`moto refused its config (${config.status})`);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    endpoint,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_PROFILE: '',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    // IAM through moto's query protocol: we ship no IAM client.
    async createRole(name) {
      const form = new URLSearchParams({
        Action: 'CreateRole',
        Version: '2010-05-08',
        RoleName: name,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        }),
      });
      const res = await fetch(endpoint, {
        method: 'POST',
        body: form,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'AWS4-HMAC-SHA256 Credential=testing/20261201/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0',
        },
      });
      const arn = /<Arn>([^<]+)<\/Arn>/.exec(await res.text())?.[1];
      if (!res.ok || !arn) throw new Error(`moto refused CreateRole (${res.status})`);
      return arn;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
