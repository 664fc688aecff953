/**
 * @module Strict checks of a response body for the fuzzer: well-formed XML 1.0 (strict UTF-8, no illegal
 * character, one root, balanced tags, no DOCTYPE, only the predefined and legal numeric character references),
 * JSON, and each protocol's error shape. Each check answers the problem found, or undefined when the body is good.
 */

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The text of `bytes` when they are valid UTF-8 (overlong forms and encoded surrogates refused). */
export function utf8(bytes: Buffer): string | undefined {
  try { return UTF8.decode(bytes); } catch { return undefined; }
}

const ILLEGAL_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NAME = /^[A-Za-z_:\u00C0-\uFFFD][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFD]*/;
const WS = /^[ \t\r\n]*/;

function legalCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Check the character data between markup: references well formed and legal, no `<` or `]]>`. */
function charDataProblem(text: string, inAttribute: boolean): string | undefined {
  if (!inAttribute && text.includes(']]>')) return "']]>' in character data";
  if (inAttribute && text.includes('<')) return "'<' in an attribute value";
  let i = text.indexOf('&');
  while (i >= 0) {
    const end = text.indexOf(';', i);
    if (end < 0) return `unterminated reference at ${JSON.stringify(text.slice(i, i + 12))}`;
    const ref = text.slice(i + 1, end);
    if (ref.startsWith('#x')) {
      if (!/^#x[0-9A-Fa-f]+$/.test(ref) || !legalCodePoint(parseInt(ref.slice(2), 16))) return `illegal character reference &${ref};`;
    } else if (ref.startsWith('#')) {
      if (!/^#[0-9]+$/.test(ref) || !legalCodePoint(Number(ref.slice(1)))) return `illegal character reference &${ref};`;
    } else if (!['lt', 'gt', 'amp', 'apos', 'quot'].includes(ref)) {
      return `undeclared entity &${ref};`;
    }
    i = text.indexOf('&', end);
  }
  return undefined;
}

/** The problem that keeps `bytes` from being a well-formed XML 1.0 document, or undefined. */
export function xmlProblem(bytes: Buffer): string | undefined {
  const decoded = utf8(bytes);
  if (decoded === undefined) return 'not valid UTF-8';
  const text = decoded.startsWith('\uFEFF') ? decoded.slice(1) : decoded;
  const bad = ILLEGAL_CHAR.exec(text);
  if (bad) return `illegal XML character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at ${bad.index}`;
  let pos = 0;
  const stack: string[] = [];
  let rootSeen = false;
  const skipWs = () => { pos += WS.exec(text.slice(pos, pos + 4096))![0].length; };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) return 'unterminated XML declaration';
    if (!/^<\?xml\s+version="1\.0"(\s+encoding="UTF-8")?(\s+standalone="(yes|no)")?\s*\?>$/i.test(text.slice(0, end + 2))) return `odd XML declaration ${text.slice(0, end + 2)}`;
    pos = end + 2;
  }
  while (pos < text.length) {
    if (stack.length === 0) {
      skipWs();
      if (pos >= text.length) break;
      if (text[pos] !== '<') return `text outside the root element at ${pos}`;
    }
    if (text[pos] !== '<') {
      const next = text.indexOf('<', pos);
      if (next < 0) return 'unclosed element at end of document';
      const p = charDataProblem(text.slice(pos, next), false);
      if (p) return p;
      pos = next;
      continue;
    }
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0 || text.slice(pos + 4, end).includes('--')) return 'bad comment';
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      if (stack.length === 0) return 'CDATA outside the root element';
      const end = text.indexOf(']]>', pos);
      if (end < 0) return 'unterminated CDATA';
      pos = end + 3;
      continue;
    }
    if (text.startsWith('<!', pos)) return 'a DOCTYPE or other declaration';
    if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos);
      if (end < 0) return 'unterminated processing instruction';
      if (/^<\?xml[\s?]/i.test(text.slice(pos, pos + 6))) return 'XML declaration not at the start';
      pos = end + 2;
      continue;
    }
    if (text.startsWith('</', pos)) {
      const m = NAME.exec(text.slice(pos + 2, pos + 2 + 1024));
      if (!m) return `bad end tag at ${pos}`;
      const open = stack.pop();
      if (open !== m[0]) return `end tag </${m[0]}> does not match <${open ?? ''}>`;
      pos += 2 + m[0].length;
      skipWs();
      if (text[pos] !== '>') return `bad end tag </${m[0]}>`;
      pos++;
      continue;
    }
    // A start tag.
    if (stack.length === 0 && rootSeen) return 'a second root element';
    const m = NAME.exec(text.slice(pos + 1, pos + 1 + 1024));
    if (!m) return `bad start tag at ${pos}: ${JSON.stringify(text.slice(pos, pos + 20))}`;
    const name = m[0];
    pos += 1 + name.length;
    const attrs = new Set<string>();
    for (;;) {
      const before = pos;
      skipWs();
      if (text.startsWith('/>', pos)) { pos += 2; if (stack.length === 0) rootSeen = true; break; }
      if (text[pos] === '>') { pos++; stack.push(name); rootSeen = true; break; }
      if (pos === before) return `no space before an attribute of <${name}>`;
      const a = NAME.exec(text.slice(pos, pos + 1024));
      if (!a) return `bad attribute in <${name}>`;
      if (attrs.has(a[0])) return `duplicate attribute ${a[0]} in <${name}>`;
      attrs.add(a[0]);
      pos += a[0].length;
      skipWs();
      if (text[pos] !== '=') return `attribute ${a[0]} without a value`;
      pos++;
      skipWs();
      const quote = text[pos];
      if (quote !== '"' && quote !== "'") return `unquoted attribute ${a[0]}`;
      const end = text.indexOf(quote, pos + 1);
      if (end < 0) return `unterminated attribute ${a[0]}`;
      const p = charDataProblem(text.slice(pos + 1, end), true);
      if (p) return p;
      pos = end + 1;
    }
  }
  if (stack.length > 0) return `unclosed <${stack[stack.length - 1]!}>`;
  if (!rootSeen) return 'no root element';
  return undefined;
}

/** The problem that keeps `bytes` from being one JSON document, or undefined. */
export function jsonProblem(bytes: Buffer): string | undefined {
  const text = utf8(bytes);
  if (text === undefined) return 'not valid UTF-8';
  try { JSON.parse(text); return undefined; } catch (e) { return `invalid JSON: ${(e as Error).message}`; }
}

/** The shape of an error document: which format, and whether it names a code and a message. */
export function errorShapeProblem(format: 'ec2' | 'query' | 'rest-xml' | 'json', bytes: Buffer): string | undefined {
  const text = utf8(bytes) ?? '';
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  const hasMessage = /<Message>[^<]*<\/Message>|<Message\/>/.test(text);
  switch (format) {
    case 'ec2':
      if (!/^(<\?xml[^>]*>)?\s*<Response>\s*<Errors>\s*<Error>/.test(text)) return 'not an EC2 <Response><Errors><Error> document';
      return code && hasMessage ? undefined : 'EC2 error without Code and Message';
    case 'query':
      if (!/^(<\?xml[^>]*>)?\s*<ErrorResponse[\s>]/.test(text)) return 'not a Query <ErrorResponse> document';
      return code && hasMessage ? undefined : 'Query error without Code and Message';
    case 'rest-xml':
      if (!/^(<\?xml[^>]*>)?\s*<Error>/.test(text)) return 'not an S3 <Error> document';
      return code && hasMessage ? undefined : 'S3 error without Code and Message';
    case 'json': {
      let doc: unknown;
      try { doc = JSON.parse(text); } catch { return 'error body is not JSON'; }
      if (typeof doc !== 'object' || doc === null) return 'error body is not a JSON object';
      const o = doc as Record<string, unknown>;
      if (typeof o['__type'] !== 'string') return 'JSON error without __type';
      // DynamoDB's UnknownOperationException carries no message; any message present must be text.
      for (const k of ['message', 'Message']) if (o[k] !== undefined && typeof o[k] !== 'string') return `JSON error with a non-text ${k}`;
      return undefined;
    }
  }
}
