/** @module A small XML reader and writer for REST-XML payloads: elements, text, entities, CDATA; attributes are skipped. */
import { xmlEscaper } from '../xml-chars.js';

/** One element: its local name (prefix dropped), child elements in order, and its text content. */
export interface XmlNode {
  readonly name: string;
  readonly children: XmlNode[];
  text: string;
}

/** Thrown on input that is not well-formed XML; the protocol maps it to its own error. */
export class XmlSyntaxError extends Error {}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML 1.0 (Char production): a character reference must name #x9, #xA, #xD, #x20-#xD7FF, #xE000-#xFFFD or
 * #x10000-#x10FFFF; anything else (a surrogate, U+0000, past U+10FFFF) is not well-formed.
 */
function fromCharRef(ref: string, c: number): string {
  const ok = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
  if (!ok) throw new XmlSyntaxError(`invalid character reference ${ref}`);
  return String.fromCodePoint(c);
}

/** XML text with its entity and character references replaced (throws XmlSyntaxError on an unknown one). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, ent: string) => {
    if (ent.startsWith('#')) return fromCharRef(m, ent.startsWith('#x') ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10));
    const v = ENTITIES[ent];
    if (v === undefined) throw new XmlSyntaxError(`unknown entity ${m}`);
    return v;
  });
}

/** Parse a document and return its root element. */
export function parseXml(text: string): XmlNode {
  let i = 0;
  const n = text.length;
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) {
      if (text.slice(i).trim() !== '' && stack.length === 0) throw new XmlSyntaxError('text outside the root element');
      if (stack.length > 0) throw new XmlSyntaxError('unclosed element');
      break;
    }
    if (lt > i) {
      const raw = text.slice(i, lt);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(raw);
      else if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element');
    }
    if (text.startsWith('<?', lt)) { i = end(text, '?>', lt); continue; }
    if (text.startsWith('<!--', lt)) { i = end(text, '-->', lt); continue; }
    if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt);
      if (close < 0) throw new XmlSyntaxError('unclosed CDATA');
      const top = stack[stack.length - 1];
      if (!top) throw new XmlSyntaxError('CDATA outside the root element');
      top.text += text.slice(lt + 9, close);
      i = close + 3;
      continue;
    }
    if (text.startsWith('<!', lt)) { i = end(text, '>', lt); continue; }
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new XmlSyntaxError('unclosed tag');
    if (text[lt + 1] === '/') {
      const name = localName(text.slice(lt + 2, gt).trim());
      const top = stack.pop();
      if (!top || top.name !== name) throw new XmlSyntaxError(`mismatched closing tag ${name}`);
      i = gt + 1;
      continue;
    }
    const selfClosing = text[gt - 1] === '/';
    const inner = text.slice(lt + 1, selfClosing ? gt - 1 : gt);
    const m = /^[^\s/>]+/.exec(inner);
    if (!m) throw new XmlSyntaxError('empty tag');
    const node: XmlNode = { name: localName(m[0]), children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else if (root) throw new XmlSyntaxError('more than one root element');
    else root = node;
    if (!selfClosing) stack.push(node);
    i = gt + 1;
  }
  if (!root || stack.length > 0) throw new XmlSyntaxError(root ? 'unclosed element' : 'no root element');
  return root;
}

function end(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  if (at < 0) throw new XmlSyntaxError(`unterminated ${marker}`);
  return at + marker.length;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/**
 * Escape text for an element body or attribute value. A character XML 1.0 cannot carry even as a reference (an
 * object key may hold one) becomes U+FFFD, so every document we write parses; `encoding-type=url` listings
 * carry such keys exactly.
 */
export const escapeXml: (s: string) => string = xmlEscaper({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' });
