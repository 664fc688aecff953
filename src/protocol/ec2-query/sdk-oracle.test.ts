/**
 * @module The AWS SDK for JavaScript v3 as the oracle for our EC2 Query walkers, over every operation we serve:
 * a fully populated input generated from the model is serialized by the SDK and must parse back to itself;
 * a fully populated output serialized by us must deserialize in the SDK to the same object.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as EC2 from '@aws-sdk/client-ec2';
import { ec2Model } from '../../specs/ec2-model.js';
import { plain, sample } from '../query/oracle-samples.js';
import { decodeForm, parseInput } from './parse.js';
import { serializeOutput } from './serialize.js';

type AnyCommand = new (input: unknown) => unknown;

function commandFor(op: string): AnyCommand {
  const ctor = (EC2 as unknown as Record<string, AnyCommand | undefined>)[`${op}Command`];
  if (!ctor) throw new Error(`SDK has no ${op}Command`);
  return ctor;
}

function client(respond: (body: string) => string): EC2.EC2Client {
  return new EC2.EC2Client({
    region: 'us-east-1', endpoint: 'http://127.0.0.1:1', maxAttempts: 1,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        const xml = respond(String(request.body ?? ''));
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(xml)]) } };
      },
    } as never,
  });
}

const operations = Object.entries(ec2Model.operations);

describe('EC2 Query input: SDK-serialized requests parse back to the SDK input (every operation)', () => {
  for (const [op, spec] of operations) {
    if (!spec.input) continue;
    it(op, async () => {
      const input = sample(ec2Model, spec.input!, true, 0, op) as Record<string, unknown>;
      let body = '';
      const c = client((b) => { body = b; return `<${op}Response><requestId>r</requestId></${op}Response>`; });
      await c.send(new (commandFor(op))(input) as never);
      const params = decodeForm(body);
      assert.equal(params.get('Action'), op);
      const parsed = parseInput(ec2Model, spec.input!, params);
      assert.deepEqual(plain(parsed), plain(input));
    });
  }
});

describe('EC2 Query output: our XML deserializes in the SDK to what we meant (every operation)', () => {
  for (const [op, spec] of operations) {
    if (!spec.output || !spec.input) continue;
    it(op, async () => {
      const output = sample(ec2Model, spec.output!, false, 0, op) as Record<string, unknown>;
      const input = sample(ec2Model, spec.input!, true, 0, op);
      const c = client(() => serializeOutput(ec2Model, op, spec.output, output, 'req-1'));
      const got = await c.send(new (commandFor(op))(input) as never);
      assert.deepEqual(plain(got), plain(output));
    });
  }
});
