/**
 * @module The AWS SDK for JavaScript v3 as the oracle for the plain Query dialect, over every ELBv2 operation
 * we serve: SDK-serialized fully populated inputs parse back to themselves; our fully populated outputs
 * deserialize in the SDK to the same object; our error document surfaces the code, message and status.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as ELB from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbv2Model } from '../../specs/elbv2-model.js';
import { AwsError } from '../../errors/aws-error.js';
import { decodeForm, parseQueryInput } from './parse.js';
import { serializeQueryError, serializeQueryOutput } from './serialize.js';
import { ELBV2_DIALECT } from './elbv2-dialect.js';
import { plain, sample } from './oracle-samples.js';

type AnyCommand = new (input: unknown) => unknown;

function commandFor(op: string): AnyCommand {
  const ctor = (ELB as unknown as Record<string, AnyCommand | undefined>)[`${op}Command`];
  if (!ctor) throw new Error(`SDK has no ${op}Command`);
  return ctor;
}

function client(respond: (body: string) => { status: number; xml: string }): ELB.ElasticLoadBalancingV2Client {
  return new ELB.ElasticLoadBalancingV2Client({
    region: 'us-east-1', endpoint: 'http://127.0.0.1:1', maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        const r = respond(String(request.body ?? ''));
        return { response: { statusCode: r.status, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(r.xml)]) } };
      },
    } as never,
  });
}

const operations = Object.entries(elbv2Model.operations);
/** ELBv2 shapes are not recursive: sample them whole, so no required member is cut off. */
const DEPTH = 12;

describe('Query input: SDK-serialized ELBv2 requests parse back to the SDK input (every operation)', () => {
  for (const [op, spec] of operations) {
    if (!spec.input) continue;
    it(op, async () => {
      const input = sample(elbv2Model, spec.input!, true, 0, op, DEPTH) as Record<string, unknown>;
      let body = '';
      const c = client((b) => { body = b; return { status: 200, xml: `<${op}Response><${op}Result/></${op}Response>` }; });
      await c.send(new (commandFor(op))(input) as never);
      const params = decodeForm(body);
      assert.equal(params.get('Action'), op);
      assert.equal(params.get('Version'), '2015-12-01');
      assert.deepEqual(plain(parseQueryInput(elbv2Model, spec.input!, params, ELBV2_DIALECT)), plain(input));
    });
  }
  it('an empty list is sent as `Key=` and parses as []', async () => {
    let body = '';
    const c = client((b) => { body = b; return { status: 200, xml: '<DescribeLoadBalancersResponse/>' }; });
    await c.send(new ELB.DescribeLoadBalancersCommand({ Names: [] }));
    const parsed = parseQueryInput(elbv2Model, 'DescribeLoadBalancersInput', decodeForm(body), ELBV2_DIALECT);
    assert.deepEqual(parsed['Names'] ?? [], []);
  });
});

describe('Query output: our ELBv2 XML deserializes in the SDK to what we meant (every operation)', () => {
  for (const [op, spec] of operations) {
    if (!spec.output || !spec.input) continue;
    it(op, async () => {
      const output = sample(elbv2Model, spec.output!, false, 0, op, DEPTH) as Record<string, unknown>;
      const input = sample(elbv2Model, spec.input!, true, 0, op, DEPTH);
      const c = client(() => ({ status: 200, xml: serializeQueryOutput(elbv2Model, ELBV2_DIALECT, op, spec, output, 'req-1') }));
      const got = await c.send(new (commandFor(op))(input) as never);
      assert.deepEqual(plain(got), plain(output));
    });
  }
});

describe('Query errors: the SDK reads our ErrorResponse', () => {
  for (const code of Object.keys(elbv2Model.errors ?? {})) {
    it(code, async () => {
      const status = elbv2Model.errors![code]!.httpStatusCode;
      const c = client(() => ({ status, xml: serializeQueryError(elbv2Model, new AwsError(code, `msg <${code}>`, status), 'req-e') }));
      await assert.rejects(c.send(new ELB.DescribeLoadBalancersCommand({})), (e: Error & { Code?: string; $metadata?: { httpStatusCode?: number; requestId?: string } }) => {
        assert.equal(e.Code ?? e.name, code);
        assert.equal(e.message, `msg <${code}>`);
        assert.equal(e.$metadata?.httpStatusCode, status);
        return true;
      });
    });
  }
  it('ValidationError (not in the model) keeps its code', async () => {
    const c = client(() => ({ status: 400, xml: serializeQueryError(elbv2Model, new AwsError('ValidationError', 'bad'), 'r') }));
    await assert.rejects(c.send(new ELB.DescribeLoadBalancersCommand({})), (e: Error & { Code?: string }) => (e.Code ?? e.name) === 'ValidationError');
  });
});
