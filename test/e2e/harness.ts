/** @module Shared e2e harness: a vpce server on a random loopback port and real AWS SDK clients against it. */
import assert from 'node:assert/strict';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { World } from '../../src/model/world.js';
import { memoryStore } from '../../src/persistence/memory-store.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/http.js';
import { systemClock } from '../../src/shared/clock.js';
import { randomIdGen } from '../../src/shared/ids.js';
import type { StateStore } from '../../src/persistence/state-store.js';

export interface Harness {
  readonly url: string;
  readonly world: World;
  readonly server: RunningServer;
  /** An EC2 client for an account (a 12-digit access key id is the account) or credentials, and a region. */
  ec2(who?: Who, region?: string): EC2Client;
  /** An ELBv2 client for an account or credentials, and a region (signs with service `elasticloadbalancing`). */
  elbv2(who?: Who, region?: string): ElasticLoadBalancingV2Client;
  /**
   * S3, DynamoDB, IAM and STS clients. `who` is an account id (its root) or credentials (from CreateAccessKey,
   * AssumeRole or `/_vpce/exec-credentials`). S3 is path-style (the endpoint is an IP literal).
   */
  s3(who?: Who, region?: string): S3Client;
  dynamodb(who?: Who, region?: string): DynamoDBClient;
  iam(who?: Who, region?: string): IAMClient;
  sts(who?: Who, region?: string): STSClient;
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNT = '000000000000';

/** An account id (a 12-digit access key id is that account's root) or explicit credentials. */
export type Who = string | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };

/** A server on a random port; `dataDir` keeps S3 objects, DynamoDB items and logs on disk there (default: memory). */
export async function startHarness(store: StateStore = memoryStore(), dataDir: string | null = null, extra: Pick<ServerOptions, 'guard' | 'auth'> = {}): Promise<Harness> {
  const world = new World(store, randomIdGen, systemClock);
  const server: RunningServer = await startServer({ host: '127.0.0.1', port: 0, world, defaultAccount: DEFAULT_ACCOUNT, version: 'test', dataDir, ...extra });
  const clients: { destroy(): void }[] = [];
  // A 12-digit access key id is the account (see server/identity.ts); one attempt, so errors surface at once.
  const clientConfig = (who: Who, region: string) => ({
    endpoint: server.url, region, maxAttempts: 1,
    credentials: typeof who === 'string' ? { accessKeyId: who, secretAccessKey: 'test' } : who,
  });
  const track = <C extends { destroy(): void }>(client: C): C => { clients.push(client); return client; };
  return {
    url: server.url,
    world,
    server,
    ec2: (who = '111111111111', region = 'us-east-1') => track(new EC2Client(clientConfig(who, region))),
    elbv2: (who = '111111111111', region = 'us-east-1') => track(new ElasticLoadBalancingV2Client(clientConfig(who, region))),
    s3: (who = '111111111111', region = 'us-east-1') => track(new S3Client({ ...clientConfig(who, region), forcePathStyle: true })),
    dynamodb: (who = '111111111111', region = 'us-east-1') => track(new DynamoDBClient(clientConfig(who, region))),
    iam: (who = '111111111111', region = 'us-east-1') => track(new IAMClient(clientConfig(who, region))),
    sts: (who = '111111111111', region = 'us-east-1') => track(new STSClient(clientConfig(who, region))),
    async close() {
      for (const c of clients) c.destroy();
      await server.close();
    },
  };
}

/** Make an IAM user of `account` with one inline policy of these statements; answers its access key. */
export async function iamUserWith(h: Harness, account: string, name: string, statements: readonly Record<string, unknown>[]): Promise<Who> {
  const iam = h.iam(account);
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
}

/** Assert that a call fails with an AWS error code (and HTTP status, 400 unless given). Returns the error. */
export async function rejectsWith(call: Promise<unknown>, code: string, status = 400): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await call;
  } catch (e) {
    const err = e as Error & { name: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(err.name, code, `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status, `expected HTTP ${status} for ${code}`);
    return err;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

/** Assert that a call is refused with `code` (403) and a message matching `message` (the refused action and ARN). */
export async function refusedWith(call: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(call, (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.Code ?? e.name, code, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, 403);
    assert.match(e.message, message);
    return true;
  });
}

/** Assert an ELBv2 error code and status (the SDK names modeled errors `<Code>Exception` and keeps `Code`). */
export async function elbRejects(call: Promise<unknown>, code: string, status = 400): Promise<void> {
  await assert.rejects(call, (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.Code ?? e.name, code, `expected ${code}, got ${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status, `expected HTTP ${status} for ${code}`);
    return true;
  });
}
