/**
 * @module The fuzzer's input generator (pure: the same seed and index give the same request). For every
 * operation vpce serves (read from the handler tables, so new operations are fuzzed without a change here) it
 * builds a valid-looking request from the botocore shape, mutates one or more members (hostile strings, bad
 * numbers, wrong types, missing or unknown members, empty, duplicated, huge or deeply nested values) and encodes
 * it on the service's wire, where it may mutate the encoding itself: the form, the JSON text, or an S3 path,
 * query string, header or XML body.
 */
import { ec2Handlers } from '../../src/services/ec2/index.js';
import { elbv2Handlers } from '../../src/services/elbv2/index.js';
import { S3_OPERATIONS } from '../../src/services/s3/index.js';
import { DYNAMODB_OPERATIONS } from '../../src/services/dynamodb/index.js';
import { IAM_OPERATIONS } from '../../src/services/iam/index.js';
import { STS_OPERATIONS } from '../../src/services/sts/index.js';
import { ec2Model } from '../../src/specs/ec2-model.js';
import { elbv2Model } from '../../src/specs/elbv2-model.js';
import { iamModel } from '../../src/specs/iam-model.js';
import { stsModel } from '../../src/specs/sts-model.js';
import { dynamodbModel } from '../../src/specs/dynamodb-model.js';
import { s3Model } from '../../src/specs/s3-model.js';
import type { ServiceModel } from '../../src/specs/service-model.js';
import type { QueryDialect, ListShape, MapShape } from '../../src/protocol/query/dialect.js';
import { EC2_DIALECT } from '../../src/protocol/ec2-query/dialect.js';
import { ELBV2_DIALECT } from '../../src/protocol/query/elbv2-dialect.js';
import { IAM_DIALECT } from '../../src/protocol/query/iam-dialect.js';
import { STS_DIALECT } from '../../src/protocol/query/sts-dialect.js';
import { Rng } from './rng.js';
import { headerSafe, nastyString, percentEncode, randomBytesText, toBytes } from './strings.js';
import { isObj, mutateTree, shapeOf, TREE_MUTATIONS, validValue, type GShape, type Hints, type Obj, type Shapes, type Val, type ValueContext } from './values.js';

export type FuzzService = 'ec2' | 'elbv2' | 'iam' | 'sts' | 'dynamodb' | 's3';

/** What the response must look like: the protocol's document format. */
export type Protocol = 'ec2' | 'query' | 'json' | 'rest-xml';

export interface FuzzCase {
  readonly index: number;
  readonly service: FuzzService;
  readonly protocol: Protocol;
  readonly operation: string;
  /** What was mutated, in order (empty: a valid-looking request). */
  readonly mutations: readonly string[];
  readonly method: string;
  /** Path and query string, already encoded. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface FuzzOptions {
  readonly seed: number;
  /** The 12-digit account id signing every request (open mode accepts it with any secret). */
  readonly account: string;
  readonly region: string;
  /** Per service: values that reach deeper code (seeded resources' ids), by member name. */
  readonly hints: Partial<Readonly<Record<FuzzService, Hints>>>;
}

interface QueryServiceDef {
  readonly service: 'ec2' | 'elbv2' | 'iam' | 'sts';
  readonly signing: string;
  readonly model: ServiceModel;
  readonly dialect: QueryDialect;
  readonly operations: readonly string[];
}

const QUERY_SERVICES: readonly QueryServiceDef[] = [
  { service: 'ec2', signing: 'ec2', model: ec2Model, dialect: EC2_DIALECT, operations: Object.keys(ec2Handlers).filter((op) => Object.hasOwn(ec2Model.operations, op)).sort() },
  { service: 'elbv2', signing: 'elasticloadbalancing', model: elbv2Model, dialect: ELBV2_DIALECT, operations: Object.keys(elbv2Handlers).filter((op) => Object.hasOwn(elbv2Model.operations, op)).sort() },
  { service: 'iam', signing: 'iam', model: iamModel, dialect: IAM_DIALECT, operations: [...IAM_OPERATIONS] },
  { service: 'sts', signing: 'sts', model: stsModel, dialect: STS_DIALECT, operations: [...STS_OPERATIONS] },
];

/** Every served operation, by service, as the fuzzer picks them (uniformly over all of them). */
export function servedOperations(): readonly { readonly service: FuzzService; readonly operation: string }[] {
  return [
    ...QUERY_SERVICES.flatMap((s) => s.operations.map((operation) => ({ service: s.service, operation }))),
    ...DYNAMODB_OPERATIONS.map((operation) => ({ service: 'dynamodb' as const, operation })),
    ...S3_OPERATIONS.map((operation) => ({ service: 's3' as const, operation })),
  ];
}

const OPERATIONS = servedOperations();

/** Murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Mix a seed and a case index into one 32-bit seed (so each case can be replayed alone, and seeds do not overlap). */
function caseSeed(seed: number, index: number): number {
  return fmix32((fmix32(seed ^ 0x5bd1e995) + Math.imul(index + 1, 0x9e3779b9)) >>> 0);
}

/** The SigV4-shaped Authorization header open mode accepts for an account-id key (the signature is not checked). */
export function authorization(account: string, region: string, service: string): string {
  return `AWS4-HMAC-SHA256 Credential=${account}/20240101/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;
}

/** Occasionally a hostile Authorization header instead (malformed, unknown key, unknown region, another service). */
function mutateAuth(rng: Rng, account: string, region: string, service: string): [string, string] {
  switch (rng.int(7)) {
    case 0: return ['auth:region', authorization(account, rng.pick(['mars-north-1', '', 'US-EAST-1', nastyString(rng).replace(/[/,\s]/g, '') || 'x']), service)];
    case 1: return ['auth:issued-key', authorization('AKIAFUZZFUZZFUZZFUZZ', region, service)];
    case 2: return ['auth:service', authorization(account, region, rng.pick(['ec2', 's3', 'dynamodb', 'iam', 'sts', 'elasticloadbalancing', 'lambda', 'x']))];
    case 3: return ['auth:malformed', headerSafe(rng.pick(['AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256 Credential=', `AWS ${account}:abc`, 'Bearer x', `AWS4-HMAC-SHA256 Credential=${account}/2024/${region}/${service}/aws4_request`, nastyString(rng)]))];
    case 4: return ['auth:key', authorization(headerSafe(nastyString(rng, account)).replace(/[/,\s]/g, '') || 'k', region, service)];
    case 5: return ['auth:test-key', authorization('test', region, service)];
    default: return ['auth:none', ''];
  }
}

function valueContext(rng: Rng, shapes: Shapes, hints: Hints | undefined, json: boolean): ValueContext {
  return { rng, shapes, hints: hints ?? {}, json };
}

/** Build the value tree for an input shape and apply 0..3 tree mutations. */
function mutatedInput(c: ValueContext, inputShape: string | undefined, mutations: string[]): Obj {
  if (inputShape === undefined) return {};
  const root = validValue(c, inputShape, '', 0);
  const tree: Obj = isObj(root) ? root : {};
  const shape = shapeOf(c.shapes, inputShape);
  // About one case in seven stays valid-looking, to exercise handlers past validation.
  const n = c.rng.chance(0.15) ? 0 : c.rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    const kind = c.rng.pick(TREE_MUTATIONS);
    const done = mutateTree(c, tree, shape, kind);
    if (done) mutations.push(done);
    // A huge or deep tree is not walked again (each mutation walks the whole tree).
    if (done && (kind === 'big-list' || kind === 'deep-nesting')) break;
  }
  return tree;
}

// ---------------------------------------------------------------------------------------------- Query protocol

function scalarText(v: Val): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '';
  return JSON.stringify(v);
}

/** Flatten a value tree onto Query keys by its shape (mismatched values are flattened generically). */
function queryPairs(model: ServiceModel, dialect: QueryDialect, shapeName: string | undefined, v: Val, key: string, out: [string, string][], depth = 0): void {
  const shape = shapeName === undefined ? undefined : (model.shapes[shapeName] as GShape | undefined);
  const child = (name: string) => (key === '' ? name : `${key}.${name}`);
  if (depth > 1_000) return;
  if (shape?.type === 'structure' && isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      const m = shape.members?.[k];
      queryPairs(model, dialect, m?.shape, x, child(m?.q ?? k), out, depth + 1);
    }
    return;
  }
  if (shape?.type === 'list' && Array.isArray(v)) {
    const prefix = dialect.listItemPrefix(key, shape as unknown as ListShape);
    if (v.length === 0 && prefix !== key) out.push([key, '']);
    v.forEach((x, i) => queryPairs(model, dialect, shape.member, x, `${prefix}.${i + 1}`, out, depth + 1));
    return;
  }
  if (shape?.type === 'map' && isObj(v)) {
    const prefix = dialect.mapEntryPrefix(key, shape as unknown as MapShape);
    Object.entries(v).forEach(([k, x], i) => {
      out.push([`${prefix}.${i + 1}.key`, k]);
      queryPairs(model, dialect, shape.value, x, `${prefix}.${i + 1}.value`, out, depth + 1);
    });
    return;
  }
  if (Array.isArray(v)) { v.forEach((x, i) => queryPairs(model, dialect, undefined, x, child(String(i + 1)), out, depth + 1)); return; }
  if (isObj(v)) { for (const [k, x] of Object.entries(v)) queryPairs(model, dialect, undefined, x, child(k), out, depth + 1); return; }
  out.push([key === '' ? 'Value' : key, scalarText(v)]);
}

function formText(pairs: readonly [string, string][]): string {
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

/** Mutations of the form itself (after the tree's). */
function mutateForm(rng: Rng, pairs: [string, string][], text: string, mutations: string[]): string {
  switch (rng.int(8)) {
    case 0: { mutations.push('form:raw-bytes'); return text + '&' + toBytes(randomBytesText(rng, rng.range(1, 200))).toString('latin1'); }
    case 1: { mutations.push('form:bad-percent'); return text + rng.pick(['&X=%', '&X=%Z1', '&%E0%A4=1', '&X=%C0%AF', '&=&=&', '&&&', '&X', '&Action']); }
    case 2: {
      mutations.push('form:action');
      const i = pairs.findIndex(([k]) => k === 'Action');
      const v = rng.pick(['', 'describeVpcs', 'Describe Vpcs', 'X'.repeat(5000), nastyString(rng, pairs[i]?.[1] ?? 'Action'), '__proto__', 'constructor', 'hasOwnProperty']);
      if (i >= 0) pairs[i] = ['Action', v];
      if (rng.chance(0.2)) pairs.splice(i, 1);
      return formText(pairs);
    }
    case 3: {
      mutations.push('form:version');
      const i = pairs.findIndex(([k]) => k === 'Version');
      if (i >= 0) pairs[i] = ['Version', nastyString(rng, '2016-11-15')];
      return formText(pairs);
    }
    case 4: {
      mutations.push('form:deep-key');
      const segs = rng.range(50, 2_000);
      return `${text}&${Array.from({ length: segs }, (_, i) => (i % 2 === 0 ? 'Filter' : '1')).join('.')}=x`;
    }
    case 5: {
      mutations.push('form:many-keys');
      const n = rng.chance(0.1) ? rng.range(5_000, 20_000) : rng.range(100, 2_000);
      const extra: string[] = [];
      for (let i = 0; i < n; i++) extra.push(`K${i}.${i}=${i}`);
      return `${text}&${extra.join('&')}`;
    }
    case 6: {
      mutations.push('form:duplicate-keys');
      const [k, v] = rng.pick(pairs);
      return `${text}&${percentEncode(k)}=${percentEncode(nastyString(rng, v))}`;
    }
    default: {
      mutations.push('form:index');
      return text.replace(/\.1(?=[.=])/, rng.pick(['.0', '.-1', '.01', '.999999999999', '.1e3', '.NaN', '.', '..1', '.4294967297']));
    }
  }
}

function queryCase(index: number, rng: Rng, opts: FuzzOptions, def: QueryServiceDef, operation: string): FuzzCase {
  const mutations: string[] = [];
  const spec = def.model.operations[operation]!;
  const c = valueContext(rng, def.model.shapes as unknown as Shapes, opts.hints[def.service], false);
  const input = mutatedInput(c, spec.input, mutations);
  const pairs: [string, string][] = [['Action', operation], ['Version', def.model.meta.serviceMetadata.apiVersion]];
  queryPairs(def.model, def.dialect, spec.input, input, '', pairs);
  let text = formText(pairs);
  if (rng.chance(0.2)) text = mutateForm(rng, pairs, text, mutations);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  let auth = authorization(opts.account, opts.region, def.signing);
  if (rng.chance(0.03)) { const [what, a] = mutateAuth(rng, opts.account, opts.region, def.signing); mutations.push(what); auth = headerSafe(a); }
  if (auth !== '') headers['authorization'] = auth;
  // Some requests carry their parameters in the query string, as GET requests of the Query protocol may.
  const inQuery = rng.chance(0.05) && /^[\x21-\x7e]*$/.test(text) && text.length < 8_000;
  return {
    index, service: def.service, protocol: def.service === 'ec2' ? 'ec2' : 'query', operation, mutations,
    method: inQuery ? 'GET' : 'POST', path: inQuery ? `/?${text}` : '/', headers, body: inQuery ? Buffer.alloc(0) : Buffer.from(text, 'latin1'),
  };
}

// ----------------------------------------------------------------------------------------------- JSON protocol

const HOSTILE_JSON: readonly string[] = [
  '', '{', '}', '[', '{"TableName":', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":01}', '{"a":1e99999}',
  '{"a":"\\x"}', '{"a":"\\ud800"}', '{"a":"\u0001"}', 'null', 'true', '42', '"text"', '[]', '[{}]', '\uFEFF{}', '{}garbage',
  '{"__proto__":{"TableName":"x"}}', '{"constructor":{"prototype":{}}}', '{"a":1,"a":2}', ' ', '\u0000',
];

function mutateJson(rng: Rng, text: string, mutations: string[]): string {
  switch (rng.int(6)) {
    case 0: mutations.push('json:hostile'); return rng.pick(HOSTILE_JSON);
    case 1: mutations.push('json:truncated'); return text.slice(0, rng.int(text.length));
    case 2: mutations.push('json:raw-bytes'); { const at = rng.int(text.length + 1); return text.slice(0, at) + randomBytesText(rng, rng.range(1, 30)) + text.slice(at); }
    case 3: {
      mutations.push('json:deep');
      const depth = rng.chance(0.2) ? rng.range(10_000, 100_000) : rng.range(100, 3_000);
      const open = rng.pick(['[', '{"M":', '{"a":', '{"L":[']);
      const close = open === '[' ? ']' : open === '{"L":[' ? ']}' : '}';
      const deep = open.repeat(depth) + '"x"' + (rng.chance(0.8) ? close.repeat(depth) : '');
      return text.replace(/}\s*$/, `,"Deep":${deep}}`);
    }
    case 4: mutations.push('json:duplicate-key'); return text.replace(/^\{"(\w+)":/, (m, k: string) => `{"${k}":${rng.pick(['1', 'null', '{}', '"dup"'])},"${k}":`);
    default: mutations.push('json:huge-number'); return text.replace(/}\s*$/, `,"Limit":${'9'.repeat(rng.range(20, 400))}}`);
  }
}

function jsonCase(index: number, rng: Rng, opts: FuzzOptions, operation: string): FuzzCase {
  const mutations: string[] = [];
  const spec = dynamodbModel.operations[operation]!;
  const c = valueContext(rng, dynamodbModel.shapes as unknown as Shapes, opts.hints.dynamodb, true);
  const input = mutatedInput(c, spec.input, mutations);
  let text = JSON.stringify(input);
  if (rng.chance(0.2)) text = mutateJson(rng, text, mutations);
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDB_20120810.${operation}` };
  if (rng.chance(0.04)) {
    mutations.push('json:target');
    const t = rng.pick(['', 'DynamoDB_20120810', `DynamoDB_20120810.${operation.toLowerCase()}`, `dynamodb_20120810.${operation}`, 'DynamoDB_20120810.__proto__', 'DynamoDB_20120810.constructor', `X.${operation}`, headerSafe(nastyString(rng, operation))]);
    if (t === '' && rng.chance(0.5)) delete headers['x-amz-target']; else headers['x-amz-target'] = t;
  }
  if (rng.chance(0.02)) { mutations.push('json:content-type'); headers['content-type'] = rng.pick(['text/plain', 'application/json', 'application/x-amz-json-1.1', '']); }
  let auth = authorization(opts.account, opts.region, 'dynamodb');
  if (rng.chance(0.03)) { const [what, a] = mutateAuth(rng, opts.account, opts.region, 'dynamodb'); mutations.push(what); auth = headerSafe(a); }
  if (auth !== '') headers['authorization'] = auth;
  return { index, service: 'dynamodb', protocol: 'json', operation, mutations, method: 'POST', path: '/', headers, body: toBytes(text) };
}

// -------------------------------------------------------------------------------------------- REST-XML (S3)

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** Headers the HTTP client owns (a wrong Content-Length would desynchronise the connection, not test S3). */
const CLIENT_HEADERS = new Set(['content-length', 'host', 'expect', 'transfer-encoding', 'connection']);

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;');
}

/** An element name: member names are always names; a hostile unknown member name is made one. */
function elementName(s: string): string {
  const n = s.replace(/[^A-Za-z0-9_.-]/g, '');
  return /^[A-Za-z_]/.test(n) ? n : `E${n}`;
}

function xmlValue(shapes: Shapes, shapeName: string | undefined, v: Val, name: string, depth = 0): string {
  const shape = shapeName === undefined ? undefined : shapes[shapeName];
  const tag = elementName(name);
  if (depth > 1_000) return '';
  if (shape?.type === 'structure' && isObj(v)) {
    let attrs = '';
    let inner = '';
    for (const [k, x] of Object.entries(v)) {
      const m = shape.members?.[k];
      const childName = m?.locationName ?? k;
      const childShape = m ? shapes[m.shape] : undefined;
      if (m?.xmlAttribute) { attrs += ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ${childName}="${xmlAttr(scalarText(x))}"`; continue; }
      if (childShape?.type === 'list' && (childShape.flattened || m?.flattened) && Array.isArray(x)) {
        for (const item of x) inner += xmlValue(shapes, childShape.member, item, childName, depth + 1);
        continue;
      }
      inner += xmlValue(shapes, m?.shape, x, childName, depth + 1);
    }
    return `<${tag}${attrs}>${inner}</${tag}>`;
  }
  if (shape?.type === 'list' && Array.isArray(v)) {
    const item = shape.memberName ?? 'member';
    return `<${tag}>${v.map((x) => xmlValue(shapes, shape.member, x, item, depth + 1)).join('')}</${tag}>`;
  }
  if (Array.isArray(v)) return `<${tag}>${v.map((x) => xmlValue(shapes, undefined, x, 'member', depth + 1)).join('')}</${tag}>`;
  if (isObj(v)) return `<${tag}>${Object.entries(v).map(([k, x]) => xmlValue(shapes, undefined, x, k, depth + 1)).join('')}</${tag}>`;
  return `<${tag}>${xmlText(scalarText(v))}</${tag}>`;
}

function mutateXml(rng: Rng, xml: string, root: string, mutations: string[]): string {
  switch (rng.int(9)) {
    case 0: mutations.push('xml:truncated'); return xml.slice(0, rng.int(xml.length));
    case 1: mutations.push('xml:mismatched'); return xml.replace(/<\/(\w+)>/, '</$1x>');
    case 2: {
      mutations.push('xml:entities');
      return rng.pick([
        `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><${root}>&d;&d;&d;</${root}>`,
        `<?xml version="1.0"?><!DOCTYPE ${root} [<!ENTITY x SYSTEM "file:///etc/passwd">]><${root}>&x;</${root}>`,
        xml.replace(/>([^<]+)</, '>&undefined;<'),
        xml.replace(/>([^<]+)</, '>&#0;&#xFFFE;&#xD800;&#99999999;&#x;<'),
        xml.replace(/>([^<]+)</, '>&#65;&#x42;&lt;&amp<'),
      ]);
    }
    case 3: {
      mutations.push('xml:huge-attribute');
      const n = rng.chance(0.1) ? rng.range(300_000, 2_000_000) : rng.range(1_000, 50_000);
      return xml.replace(`<${root}`, `<${root} a="${'x'.repeat(n)}"`);
    }
    case 4: {
      mutations.push('xml:deep');
      const depth = rng.chance(0.2) ? rng.range(10_000, 50_000) : rng.range(100, 3_000);
      return xml.replace(`</${root}>`, `${'<a>'.repeat(depth)}x${rng.chance(0.8) ? '</a>'.repeat(depth) : ''}</${root}>`);
    }
    case 5: mutations.push('xml:wrong-root'); return xml.replace(new RegExp(`<(/?)${root}\\b`, 'g'), `<$1${rng.pick(['Foo', 'x:Bar', root.toLowerCase(), 'Error'])}`);
    case 6: {
      mutations.push('xml:markup');
      const bits = ['<!-- c -->', '<![CDATA[<x>&]]>', '<?pi x?>', '<x/>', '<x a="1" a="2"/>', '<x a=1/>', '</>', '<>', '<a:b:c/>', ']]>', '<!-- -- -->', '\u0000', '\uFFFE', '<x xmlns:p=""/>'];
      const at = xml.indexOf('>') + 1;
      return xml.slice(0, at) + rng.pick(bits) + xml.slice(at);
    }
    case 7: {
      mutations.push('xml:raw-bytes');
      const at = rng.int(xml.length + 1);
      return xml.slice(0, at) + randomBytesText(rng, rng.range(1, 40)) + xml.slice(at);
    }
    default: mutations.push('xml:prolog'); return rng.pick(['\uFEFF', '<?xml version="1.1"?>', '<?xml version="1.0" encoding="UTF-16"?>', '   ', '<?xml?>', 'junk']) + xml;
  }
}

const PATH_HOSTILE: readonly string[] = ['..', '.', '%2F', '%2e%2e', '%00', '%ZZ', '%', '%C0%AF', '%FF%FE', '//', '~', ';', '%3F', '%23', '%u002e', '*', '\\'];

function encodeKey(key: string): string {
  return key.split('/').map(percentEncode).join('/');
}

function s3Case(index: number, rng: Rng, opts: FuzzOptions, operation: string): FuzzCase {
  const mutations: string[] = [];
  const spec = s3Model.operations[operation]!;
  const shapes = s3Model.shapes as unknown as Shapes;
  const c = valueContext(rng, shapes, opts.hints.s3, false);
  const input = mutatedInput(c, spec.input, mutations);
  const inputShape = spec.input ? shapeOf(shapes, spec.input) : undefined;
  const [uriPath, uriQuery] = spec.http.requestUri.split('?') as [string, string | undefined];
  const query: [string, string][] = [];
  if (uriQuery !== undefined) for (const part of uriQuery.split('&')) { const [k, v] = part.split('='); query.push([k!, v ?? '']); }
  const headers: Record<string, string> = {};
  let body: Buffer = Buffer.alloc(0);
  let labelBucket = '';
  let labelKey = '';
  for (const [name, v] of Object.entries(input)) {
    const m = inputShape?.members?.[name];
    const target = m ? shapes[m.shape] : undefined;
    const wire = m?.locationName ?? name;
    switch (m?.location) {
      case 'uri': if (name === 'Bucket') labelBucket = scalarText(v); else labelKey = scalarText(v); break;
      case 'querystring': query.push([wire, scalarText(v)]); break;
      case 'header': {
        if (CLIENT_HEADERS.has(wire.toLowerCase())) break;
        const text = target?.type === 'timestamp' && typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toUTCString() : Array.isArray(v) ? v.map(scalarText).join(',') : scalarText(v);
        headers[wire.toLowerCase()] = headerSafe(text);
        break;
      }
      case 'headers': {
        if (isObj(v)) for (const [k, x] of Object.entries(v)) headers[`${wire.toLowerCase()}${k.toLowerCase().replace(/[^a-z0-9-]/g, '') || 'k'}`] = headerSafe(scalarText(x));
        break;
      }
      default: {
        if (inputShape?.payload !== name) break;
        if (target?.type === 'structure') {
          const root = m?.locationName ?? name;
          let xml = xmlValue(shapes, m?.shape, v, root).replace(/^<([^\s>]+)/, `<$1 xmlns="${S3_NS}"`);
          if (rng.chance(0.3)) xml = mutateXml(rng, xml, elementName(root), mutations);
          body = toBytes(xml);
        } else {
          body = toBytes(typeof v === 'string' ? v : JSON.stringify(v));
        }
      }
    }
  }
  // Operations told apart by a header or query key (CopyObject, UploadPart, UploadPartCopy) keep it in the input.
  let path = uriPath.replace('{Bucket}', percentEncode(labelBucket)).replace('{Key+}', encodeKey(labelKey));
  let method = spec.http.method;
  if (rng.chance(0.08)) {
    mutations.push('s3:path');
    switch (rng.int(5)) {
      case 0: path = `/${percentEncode(labelBucket)}/${rng.pick(PATH_HOSTILE)}/${encodeKey(labelKey)}`; break;
      case 1: path = `/${rng.pick(['A', 'a', 'xn--a', '192.168.1.1', 'a'.repeat(64), 'bucket..x', '-b', 'b-', 'b_c', '.b', percentEncode(nastyString(rng, 'b'))])}${uriPath.includes('{Key+}') ? `/${encodeKey(labelKey)}` : ''}`; break;
      case 2: path = `/${percentEncode(labelBucket)}/${encodeKey('k'.repeat(rng.range(1000, 5000)))}`; break;
      case 3: path = `/${percentEncode(labelBucket)}/${rng.pick(PATH_HOSTILE)}${encodeKey(nastyString(rng, labelKey))}`; break;
      default: path = rng.pick(['', '/', '//', `/${percentEncode(labelBucket)}//`, `//${percentEncode(labelBucket)}`, '/%', '/?', '/_vpce', '/_vpce/x']) || '/';
    }
  }
  if (rng.chance(0.08)) {
    mutations.push('s3:query');
    switch (rng.int(4)) {
      case 0: query.push([rng.pick(['acl', 'tagging', 'uploads', 'versions', 'versionId', 'uploadId', 'partNumber', 'list-type', 'delete', 'policy', 'torrent', 'select', 'restore', 'unknown', 'max-keys', 'prefix', 'marker', 'continuation-token', 'response-content-type', 'response-content-disposition', 'X-Amz-Expires', 'X-Amz-Date', 'X-Amz-Signature', 'attributes', 'object-lock']), nastyString(rng, '1')]); break;
      case 1: { const i = rng.int(query.length); if (query[i]) query[i] = [query[i]![0], nastyString(rng, query[i]![1])]; else query.push(['x', nastyString(rng)]); break; }
      case 2: { const i = rng.int(query.length); if (query[i]) query.push([...query[i]!]); else query.push(['acl', '']); break; }
      default: query.push(['max-keys', rng.pick(['-1', '0', '1001', '99999999999999999999', 'x', ''])]);
    }
  }
  if (rng.chance(0.08)) {
    mutations.push('s3:header');
    const h = rng.pick(['range', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since', 'x-amz-copy-source', 'x-amz-copy-source-range', 'content-md5', 'x-amz-content-sha256', 'content-encoding', 'x-amz-decoded-content-length', 'x-amz-checksum-crc32', 'x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm', 'x-amz-trailer', 'x-amz-tagging', 'x-amz-acl', 'x-amz-grant-read', 'x-amz-meta-x', 'x-amz-storage-class', 'x-amz-server-side-encryption', 'x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'x-amz-mfa', 'x-amz-bucket-object-lock-enabled', 'x-amz-expected-bucket-owner', 'x-amz-date', 'x-amz-security-token', 'content-type', 'x-amz-website-redirect-location', 'x-amz-metadata-directive', 'x-amz-object-attributes', 'x-amz-max-parts', 'x-amz-part-number-marker', 'x-amz-write-offset-bytes', 'x-amz-checksum-type']);
    headers[h] = headerSafe(rng.pick([nastyString(rng, headers[h] ?? 'x'), 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'aws-chunked', 'bytes=0-', 'bytes=-1', 'bytes=5-1', 'bytes=0-1,2-3', '*', '"etag"', 'Mon, 32 Foo 2024', '/', `/${labelBucket}/${labelKey}?versionId=x`, '0'.repeat(64), 'AAAA', '']));
  }
  if (rng.chance(0.02)) { mutations.push('s3:method'); method = rng.pick(['PATCH', 'OPTIONS', 'TRACE', 'POST', 'PUT', 'DELETE', 'GET', 'HEAD']); if (method === 'OPTIONS') { headers['origin'] = 'http://127.0.0.1'; headers['access-control-request-method'] = rng.pick(['GET', 'PUT', 'x', '']); } }
  let auth = authorization(opts.account, opts.region, 's3');
  if (rng.chance(0.03)) { const [what, a] = mutateAuth(rng, opts.account, opts.region, 's3'); mutations.push(what); auth = headerSafe(a); }
  if (auth !== '') headers['authorization'] = auth;
  headers['x-amz-content-sha256'] ??= 'UNSIGNED-PAYLOAD';
  const qs = query.map(([k, v]) => (v === '' && !k.includes('=') ? percentEncode(k) : `${percentEncode(k)}=${percentEncode(v)}`)).join('&');
  return { index, service: 's3', protocol: 'rest-xml', operation, mutations, method, path: qs === '' ? path : `${path}?${qs}`, headers, body };
}

/** Case `index` of the run with `opts.seed`. */
export function fuzzCase(opts: FuzzOptions, index: number): FuzzCase {
  const rng = new Rng(caseSeed(opts.seed, index));
  const { service, operation } = rng.pick(OPERATIONS);
  switch (service) {
    case 'dynamodb': return jsonCase(index, rng, opts, operation);
    case 's3': return s3Case(index, rng, opts, operation);
    default: return queryCase(index, rng, opts, QUERY_SERVICES.find((d) => d.service === service)!, operation);
  }
}

/** The kinds of mutation the generator applies, for the documentation and the report. */
export const MUTATION_KINDS: readonly string[] = [
  ...TREE_MUTATIONS,
  'form:raw-bytes', 'form:bad-percent', 'form:action', 'form:version', 'form:deep-key', 'form:many-keys', 'form:duplicate-keys', 'form:index',
  'json:hostile', 'json:truncated', 'json:raw-bytes', 'json:deep', 'json:duplicate-key', 'json:huge-number', 'json:target', 'json:content-type',
  'xml:truncated', 'xml:mismatched', 'xml:entities', 'xml:huge-attribute', 'xml:deep', 'xml:wrong-root', 'xml:markup', 'xml:raw-bytes', 'xml:prolog',
  's3:path', 's3:query', 's3:header', 's3:method',
  'auth:region', 'auth:issued-key', 'auth:service', 'auth:malformed', 'auth:key', 'auth:test-key', 'auth:none',
];

/** Used by the unit test: the shapes of a served operation's input are all in its model. */
export function inputShapeOf(service: FuzzService, operation: string): GShape | undefined {
  if (service === 's3') { const n = s3Model.operations[operation]?.input; return n ? (s3Model.shapes[n] as unknown as GShape) : undefined; }
  if (service === 'dynamodb') { const n = dynamodbModel.operations[operation]?.input; return n ? (dynamodbModel.shapes[n] as unknown as GShape) : undefined; }
  const def = QUERY_SERVICES.find((d) => d.service === service)!;
  const n = def.model.operations[operation]?.input;
  return n ? (def.model.shapes[n] as unknown as GShape) : undefined;
}
