/**
 * @module Hostile string values for the fuzzer, and the byte encoding that carries them. A string may hold raw
 * bytes that are not UTF-8: each such byte b is written as the lone low surrogate U+DC00+b (b >= 0x80, as
 * Python's surrogateescape does); `toBytes` turns them back into the byte. Other lone surrogates are written as
 * their three WTF-8 bytes on byte-level wires and as `\uXXXX` escapes in JSON, which is how a client could
 * actually send them.
 */
import type { Rng } from './rng.js';

const SURROGATE = /[\uD800-\uDFFF]/;

/** The UTF-8 bytes of `s`, with U+DC80..U+DCFF as raw bytes 0x80..0xFF and other lone surrogates as WTF-8. */
export function toBytes(s: string): Buffer {
  if (!SURROGATE.test(s)) return Buffer.from(s, 'utf8');
  const out = Buffer.allocUnsafe(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        out[n++] = 0xf0 | (cp >> 18); out[n++] = 0x80 | ((cp >> 12) & 0x3f); out[n++] = 0x80 | ((cp >> 6) & 0x3f); out[n++] = 0x80 | (cp & 0x3f);
        i++;
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) out[n++] = c - 0xdc00;
    else if (c < 0x80) out[n++] = c;
    else if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 0x3f); }
    else { out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 0x3f); out[n++] = 0x80 | (c & 0x3f); }
  }
  return out.subarray(0, n);
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;
const BYTE_CODES: readonly string[] = Array.from({ length: 256 }, (_, b) => {
  const ch = String.fromCharCode(b);
  return UNRESERVED.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
});

/** `s` percent-encoded for a form body or query string (every byte but the unreserved ones). */
export function percentEncode(s: string): string {
  if (!SURROGATE.test(s)) return encodeURIComponent(s).replace(/[!'()*]/g, (c) => BYTE_CODES[c.charCodeAt(0)]!);
  const parts: string[] = [];
  for (const b of toBytes(s)) parts.push(BYTE_CODES[b]!);
  return parts.join('');
}

/** `s` as an HTTP header value Node will send: its bytes as Latin-1, with the bytes Node refuses replaced. */
export function headerSafe(s: string): string {
  return toBytes(s).toString('latin1').replace(/[^\t\x20-\x7e\x80-\xff]/g, '?');
}

const FIXED: readonly string[] = [
  '', ' ', '\t\n\r', '\u0000', '\u0001', 'a\u0008b', '\u000b', '\u000c', '\u001f', '\u007f', '\u0085', 'x\u0000y',
  '\uFFFE', '\uFFFF', 'a\uFFFEb', '\uD800', '\uDBFF', 'a\uDC00', '\uDFFF', 'x\uD800y', '\uFEFF', '\u00A0', '\u2028',
  '<', '>', '&', '"', "'", ']]>', '<![CDATA[x]]>', '&amp;', '&#0;', '&#xFFFE;', '&lt', '<?xml version="1.0"?>', '<!DOCTYPE x>',
  '<a>', '</Error>', '{"a":', '\\', '\\u0000', '"}', '[]', '{}', 'null', 'true',
  '\u{1F600}', 'e\u0301', '\u202Eabc', 'Ω≈ç√', '日本語', '\u{10FFFF}',
  '-1', '0', '-0', '1e309', '-1e309', 'NaN', 'Infinity', '99999999999999999999999999', '0x10', ' 1 ', '1.5', '1,5', '1e-400', '00012',
  '%', '%00', '%ZZ', '%u0041', '+', '&Action=DeleteVpc', '=', '..', '../..', '/', '//', '?', '#', ';', '\\\\server\\share',
  '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b', '*?*?*?*?*?*?*?*?*?*?*?*?*?z', '%s%n%x', '${x}', '{{x}}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype',
  'vpc-', 'vpc-00000000', 'vpc-0123456789abcdef0', 'subnet-1', 'sg-', 'i-', 'arn:', 'arn:aws:iam::123456789012:user/x', '*', '?*',
  'arn:aws:s3:::*', '10.0.0.0/33', '::/0', '0.0.0.0/0', '999.1.1.1/8', '10.0.0.0/8', 'fe80::1/129', '1.2.3.4',
  'true ', 'TRUE', 'false', 'yes', '2024-13-45T99:99:99Z', '1970-01-01T00:00:00Z', '-62135596800', '253402300800',
  'us-east-1', 'mars-north-1', '', 'AKIAIOSFODNN7EXAMPLE', 'ASIAXXXXXXXXXXXXXXXX',
  'attribute_exists(', ':v', '#n', 'a = :v', 'SET #a = :v', 'a.b[0]', '(((((', 'a OR b', 'size(a) > :v',
];

const b64 = (s: string) => Buffer.from(s).toString('base64');

/** Hostile values by what a member holds (its name says), where vpce parses the text itself. */
const BY_NAME: readonly [RegExp, readonly string[]][] = [
  [/cidr/i, ['10.0.0.0/16', '10.0.0.0', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/33', '10.0.0.1/16', '256.0.0.0/8', '10.0.0/24', '1.2.3.4.5/32', '::/0', '2001:db8::/129', '2001:db8:::/64', 'fe80::1%eth0/64', '0.0.0.0/0', '10.0.0.0/8/8', ' 10.0.0.0/16', '10.0.0.0/016', '0x0a.0.0.0/8', '::ffff:10.0.0.0/104']],
  [/ip(v6)?address|privateip|publicip|^address$/i, ['10.0.1.256', '10.0.1.4', '::1', '1.2.3', '01.02.03.04', '2001:db8::g', '::ffff:1.2.3.4', '0.0.0.0', '255.255.255.255', '10.0.1.5/32']],
  [/polic(y|ies)|document/i, [
    '{', '[]', '{}', 'null', '{"Version":"2012-10-17"}', '{"Version":"2012-10-17","Statement":{}}', '{"Version":"2012-10-17","Statement":[]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"arn:aws:s3:::${'*a'.repeat(12)}*b"}]}`,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:*Get*Object*","Resource":"*","Condition":{"StringLike":{"aws:userid":"*a*a*a*a*a*a*a*a*a*a*a*b"}}}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NoSuchOperator":{"a":"b"},"DateLessThan":{"aws:CurrentTime":"x"},"IpAddress":{"aws:SourceIp":"300.0.0.0/99"},"NumericLessThan":{"s3:max-keys":"NaN"}}}]}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::1:root"},"NotAction":"x","NotResource":"*"}]}',
    `{"Version":"2012-10-17","Statement":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    `{"Version":"2012-10-17","Statement":[${Array.from({ length: 300 }, () => '{"Effect":"Allow","Action":"*","Resource":"*"}').join(',')}]}`,
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"${aws:username}","Resource":"arn:aws:s3:::${aws:username}/${*}${?}${$}${"}]}',
  ]],
  [/expression/i, [
    `${'('.repeat(1990)}a${')'.repeat(1990)}`, Array.from({ length: 150 }, (_, i) => `a${i} = :v`).join(' OR '), `${'NOT '.repeat(900)}attribute_exists(a)`,
    `attribute_exists(a${'[0]'.repeat(900)})`, `attribute_exists(${Array(1500).fill('a').join('.')})`, 'a[99999999999999999999]', 'a[-1]', 'size(size(size(a)))',
    'SET a = :v, a = :v', 'SET a = list_append(a, a)', 'ADD a :v DELETE a :v REMOVE a', `SET a = ${'if_not_exists(a, '.repeat(200)}:v${')'.repeat(200)}`,
    'a BETWEEN :v AND', 'a IN ()', `a IN (${Array(200).fill(':v').join(',')})`, 'contains(#undefined, :undefined)', '#', ':', '.a', 'a..b', 'SET #a.#b[1].c = :v',
  ]],
  [/arn$|arns$/i, ['arn:', 'arn:aws', 'arn:aws:iam::123456789012:role/', 'arn:aws:iam::123456789012:role/a/b/c', 'arn:aws:s3:::b/k', 'arn:aws:dynamodb:us-east-1:123456789012:table/fuzz-table/index/x', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0', 'arn:aws:iam::*:role/*', 'arn:::::', `arn:aws:iam::123456789012:policy/${'p'.repeat(2000)}`]],
  [/^(N|NS)$/, ['1e126', '1e-131', '1e125', '9'.repeat(39), '9'.repeat(38), '-0', '0.00000', '.5', '5.', '1E+2', ' 1', '1 ', 'Infinity', '0x10', '--1', '', '1e', '-'.repeat(3), '1'.repeat(1000)]],
  [/^(B|BS)$/, ['', '=', 'a', 'ab=', '!!!!', 'AAAA====', b64('x'.repeat(500_000))]],
  [/token|marker/i, ['', '%%%', b64('{"a":'), b64('[]'), b64('{"offset":-1}'), b64('{"offset":1e309}'), b64('null'), b64('{"__proto__":{}}'), b64(JSON.stringify({ ExclusiveStartKey: { pk: { S: 'a' } } })), 'AAAA', 'x'.repeat(3000)]],
  [/^(values?|name|prefix|pattern|key)$/i, [`${'*a'.repeat(14)}*b`, '*', '?', '**', '*?*?*?*?*?*?*?*?', 'a'.repeat(300)]],
];

/** A hostile value for a member named `name`, if its name says what it holds. */
export function nastyFor(rng: Rng, name: string, valid: string): string {
  const matching = BY_NAME.filter(([re]) => re.test(name));
  if (matching.length > 0 && rng.chance(0.6)) return rng.pick(rng.pick(matching)[1]);
  return nastyString(rng, valid);
}

/** A random code point, surrogates and noncharacters included. */
function randomChar(rng: Rng): string {
  switch (rng.int(5)) {
    case 0: return String.fromCharCode(rng.int(0x20));
    case 1: return String.fromCharCode(0x20 + rng.int(0x5f));
    case 2: return String.fromCharCode(0xd800 + rng.int(0x800));
    case 3: return String.fromCharCode(0xfff0 + rng.int(16));
    default: return String.fromCodePoint(rng.int(0x110000));
  }
}

/** Raw bytes (not necessarily UTF-8) in the surrogateescape form `toBytes` reads. */
export function randomBytesText(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const b = rng.int(256);
    out += b >= 0x80 ? String.fromCharCode(0xdc00 + b) : String.fromCharCode(b);
  }
  return out;
}

/** The size of a huge string: mostly a few KiB, sometimes up to a MiB. */
function hugeLength(rng: Rng): number {
  return rng.chance(0.05) ? rng.range(256 << 10, 1 << 20) : rng.range(1025, 20_000);
}

/** A hostile string, optionally around a valid-looking one (so it passes prefix checks and fails later). */
export function nastyString(rng: Rng, valid = 'x'): string {
  // Long values are mutated from their start (a repeat of a huge value would only test the client).
  if (valid.length > 256) valid = valid.slice(0, 256);
  switch (rng.int(9)) {
    case 0: case 1: return rng.pick(FIXED);
    case 2: return valid + rng.pick(FIXED);
    case 3: return rng.pick(FIXED) + valid;
    case 4: return randomBytesText(rng, rng.range(1, 64));
    case 5: {
      let s = '';
      const n = rng.range(1, 40);
      for (let i = 0; i < n; i++) s += randomChar(rng);
      return s;
    }
    case 6: return (rng.chance(0.5) ? 'a' : rng.pick(FIXED) || 'b').repeat(1 + Math.floor(hugeLength(rng) / 2));
    case 7: return valid.slice(0, rng.int(valid.length + 1)) + randomChar(rng) + valid.slice(rng.int(valid.length + 1));
    default: return valid.repeat(rng.range(2, 300));
  }
}
