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
import type { ServiceModel } from '../../specs/service-model.js';
import { decodeForm, parseInput } from './parse.js';
import { serializeOutput } from './serialize.js';

const FIXED_TIME = '2024-05-01T12:34:56.000Z';

/** A value for every member of a shape, bounded in depth; `forSdk` makes timestamps Dates. */
function sample(model: ServiceModel, name: string, forSdk: boolean, depth: number, seed: string): unknown {
  const shape = model.shapes[name]!;
  switch (shape.type) {
    case 'structure': {
      if (depth > 5) return undefined;
      const out: Record<string, unknown> = {};
      for (const [m, spec] of Object.entries(shape.members)) {
        const v = sample(model, spec.shape, forSdk, depth + 1, `${seed}.${m}`);
        if (v !== undefined) out[m] = v;
      }
      return out;
    }
    case 'list': {
      if (depth > 5) return undefined;
      const items = [0, 1].map((i) => sample(model, shape.member, forSdk, depth + 1, `${seed}[${i}]`)).filter((v) => v !== undefined);
      return items.length > 0 ? items : undefined;
    }
    case 'string':
      if (shape.enum && shape.enum.length > 0) return shape.enum[seed.length % shape.enum.length];
      return `v${seed.length} & <x> é+%/ ${seed.slice(-12)}`;
    case 'integer':
    case 'long':
      return shape.min ?? 7;
    case 'boolean':
      return seed.length % 2 === 0;
    case 'timestamp':
      return forSdk ? new Date(FIXED_TIME) : FIXED_TIME;
  }
}

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

/** Dates to ISO text and drop SDK metadata, so both sides compare as plain data. */
function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== '$metadata' && x !== undefined) out[k] = plain(x);
    return out;
  }
  return v;
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
