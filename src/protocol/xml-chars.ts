/**
 * @module The characters XML 1.0 cannot carry, even as references (C0 controls other than tab, LF and CR; U+FFFE,
 * U+FFFF; unpaired surrogates), and one escaper builder for the Query and REST-XML writers: markup characters get
 * their entity, an illegal character becomes U+FFFD, so every document written parses.
 */

const ILLEGAL = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const XML_ILLEGAL = new RegExp(ILLEGAL);

/** True when `text` holds a character no XML 1.0 document can carry. */
export function hasXmlIllegal(text: string): boolean {
  return XML_ILLEGAL.test(text);
}

/**
 * An escaper for element text (and attributes) replacing each key of `entities` by its value and each illegal
 * character by U+FFFD. Most values need nothing, so a cheap test runs before the replace.
 */
export function xmlEscaper(entities: Readonly<Record<string, string>>): (text: string) => string {
  const markup = Object.keys(entities).map((c) => (c === '\r' ? '\\r' : c)).join('');
  const needs = new RegExp(`[${markup}\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF\\uD800-\\uDFFF]`);
  const replace = new RegExp(`[${markup}]|${ILLEGAL}`, 'g');
  return (text) => (needs.test(text) ? text.replace(replace, (c) => entities[c] ?? '\uFFFD') : text);
}
