/**
 * @module The AWS SDK for JavaScript v3 as the oracle for the IAM and STS dialects, over every operation we serve:
 * SDK-serialized fully populated inputs parse back to themselves; our fully populated outputs deserialize in the
 * SDK to the same object; our error document surfaces the code, message and status of every modelled error.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as IAM from '@aws-sdk/client-iam';
import * as STS from '@aws-sdk/client-sts';
import { AwsError } from '../../errors/aws-error.js';
import { iamModel } from '../../specs/iam-model.js';
import { stsModel } from '../../specs/sts-model.js';
import type { ServiceModel } from '../../specs/service-model.js';
import type { QueryDialect } from './dialect.js';
import { IAM_DIALECT } from './iam-dialect.js';
import { STS_DIALECT } from './sts-dialect.js';
import { plain, sample } from './oracle-samples.js';
import { decodeForm, parseQueryInput } from './parse.js';
import { serializeQueryError, serializeQueryOutput } from './serialize.js';

type AnyCommand = new (input: unknown) => unknown;
interface SdkClient { send(command: unknown): Promise<unknown> }
type Responder = (body: string) => { status: number; xml: string };

interface Case {
  readonly name: string;
  readonly model: ServiceModel;
  readonly dialect: QueryDialect;
  readonly version: string;
  readonly commands: Record<string, unknown>;
  readonly client: (handler: unknown) => SdkClient;
  /** An operation without required input, to carry error documents. */
  readonly probe: string;
}

function handlerOf(respond: Responder): unknown {
  return {
    handle: async (request: { body?: unknown }) => {
      const r = respond(String(request.body ?? ''));
      return { response: { statusCode: r.status, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(r.xml)]) } };
    },
  };
}

const config = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1', maxAttempts: 1, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } };

const CASES: readonly Case[] = [
  { name: 'IAM', model: iamModel, dialect: IAM_DIALECT, version: '2010-05-08', commands: IAM as unknown as Record<string, unknown>, probe: 'ListUsers',
    client: (h) => new IAM.IAMClient({ ...config, requestHandler: h as never }) },
  { name: 'STS', model: stsModel, dialect: STS_DIALECT, version: '2011-06-15', commands: STS as unknown as Record<string, unknown>, probe: 'GetCallerIdentity',
    client: (h) => new STS.STSClient({ ...config, requestHandler: h as never }) },
];

const DEPTH = 12;

for (const c of CASES) {
  const commandFor = (op: string): AnyCommand => {
    const ctor = c.commands[`${op}Command`] as AnyCommand | undefined;
    if (!ctor) throw new Error(`SDK has no ${op}Command`);
    return ctor;
  };
  const operations = Object.entries(c.model.operations);

  describe(`${c.name} input: SDK-serialized requests parse back to the SDK input (every operation)`, () => {
    for (const [op, spec] of operations) {
      if (!spec.input) continue;
      it(op, async () => {
        const input = sample(c.model, spec.input!, true, 0, op, DEPTH) as Record<string, unknown>;
        let body = '';
        await c.client(handlerOf((b) => { body = b; return { status: 200, xml: `<${op}Response><${op}Result/></${op}Response>` }; })).send(new (commandFor(op))(input));
        const params = decodeForm(body);
        assert.equal(params.get('Action'), op);
        assert.equal(params.get('Version'), c.version);
        assert.deepEqual(plain(parseQueryInput(c.model, spec.input!, params, c.dialect)), plain(input));
      });
    }
  });

  describe(`${c.name} output: our XML deserializes in the SDK to what we meant (every operation)`, () => {
    for (const [op, spec] of operations) {
      if (!spec.output || !spec.input) continue;
      it(op, async () => {
        const output = sample(c.model, spec.output!, false, 0, op, DEPTH) as Record<string, unknown>;
        const input = sample(c.model, spec.input!, true, 0, op, DEPTH);
        const xml = serializeQueryOutput(c.model, c.dialect, op, spec, output, 'req-1');
        const got = await c.client(handlerOf(() => ({ status: 200, xml }))).send(new (commandFor(op))(input));
        assert.deepEqual(plain(got), plain(output));
      });
    }
  });

  describe(`${c.name} errors: the SDK reads our ErrorResponse`, () => {
    for (const code of [...Object.keys(c.model.errors ?? {}), 'ValidationError', 'AccessDenied']) {
      it(code, async () => {
        const status = c.model.errors?.[code]?.httpStatusCode ?? 400;
        const xml = serializeQueryError(c.model, new AwsError(code, `msg <${code}>`, status), 'req-e');
        await assert.rejects(c.client(handlerOf(() => ({ status, xml }))).send(new (commandFor(c.probe))({})), (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number } }) => {
          assert.equal((e.Code ?? e.name).replace(/Exception$/, ''), code.replace(/Exception$/, ''));
          assert.equal(e.message, `msg <${code}>`);
          assert.equal(e.$metadata?.httpStatusCode, status);
          return true;
        });
      });
    }
  });
}
