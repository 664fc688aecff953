/**
 * @module One recursive-descent parser for DynamoDB's expression grammars (AWS: "Condition and filter
 * expressions", "Update expressions", "Projection expressions"): tokens, precedence (comparisons, IN, BETWEEN,
 * functions, parentheses, NOT, AND, OR), and DynamoDB's syntax-error message. Parsed trees are cached by text.
 */
import { dynamoDbErrors } from '../../../errors/dynamodb.js';
import { CONDITION_FUNCTIONS, type Comparator, type Condition, type ConditionFunction, type ExpressionKind, type Operand, type Path, type Update, type UpdateAction } from './ast.js';
import { RESERVED_WORDS } from './reserved-words.js';

interface Token {
  readonly type: 'name' | 'placeholder' | 'value' | 'number' | 'op' | 'eof';
  readonly text: string;
  readonly start: number;
}

const OPS = ['<>', '<=', '>=', '=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];

function tokenize(src: string, kind: ExpressionKind): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const start = i;
    let m: RegExpExecArray | null;
    const rest = src.slice(i);
    if ((m = /^#[A-Za-z0-9_]+/.exec(rest))) out.push({ type: 'placeholder', text: m[0], start });
    else if ((m = /^:[A-Za-z0-9_]+/.exec(rest))) out.push({ type: 'value', text: m[0], start });
    else if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) out.push({ type: 'name', text: m[0], start });
    else if ((m = /^[0-9]+/.exec(rest))) out.push({ type: 'number', text: m[0], start });
    else {
      const op = OPS.find((o) => rest.startsWith(o));
      if (!op) throw syntaxError(kind, src, { type: 'op', text: c, start }, out[out.length - 1]);
      out.push({ type: 'op', text: op, start });
      i += op.length;
      continue;
    }
    i += m[0].length;
  }
  out.push({ type: 'eof', text: '<EOF>', start: src.length });
  return out;
}

function syntaxError(kind: ExpressionKind, src: string, tok: Token, prev: Token | undefined): Error {
  const from = prev ? prev.start : tok.start;
  const to = tok.type === 'eof' ? src.length : tok.start + tok.text.length;
  return dynamoDbErrors.validation(`Invalid ${kind}: Syntax error; token: "${tok.text}", near: "${src.slice(from, to)}"`);
}

class Parser {
  private pos = 0;
  private readonly tokens: Token[];
  /** Conditions written in parentheses (to find redundant pairs). */
  private readonly parenthesised = new WeakSet<Condition>();

  constructor(private readonly src: string, private readonly kind: ExpressionKind) {
    this.tokens = tokenize(src, kind);
  }

  private peek(offset = 0): Token { return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!; }
  private next(): Token { const t = this.peek(); if (t.type !== 'eof') this.pos++; return t; }
  fail(tok = this.peek()): never { throw syntaxError(this.kind, this.src, tok, this.tokens[this.tokens.indexOf(tok) - 1]); }
  private isOp(text: string): boolean { const t = this.peek(); return t.type === 'op' && t.text === text; }
  private isKeyword(word: string): boolean { const t = this.peek(); return t.type === 'name' && t.text.toUpperCase() === word; }
  private expectOp(text: string): void { if (!this.isOp(text)) this.fail(); this.pos++; }
  private invalid(message: string): never { throw dynamoDbErrors.validation(`Invalid ${this.kind}: ${message}`); }
  end(): void { if (this.peek().type !== 'eof') this.fail(); }

  path(): Path {
    const elements: (string | number)[] = [this.pathName()];
    for (;;) {
      if (this.isOp('.')) { this.pos++; elements.push(this.pathName()); }
      else if (this.isOp('[')) {
        this.pos++;
        const n = this.next();
        if (n.type !== 'number') this.fail(n);
        elements.push(Number(n.text));
        this.expectOp(']');
      } else return { kind: 'path', elements };
    }
  }

  private pathName(): string {
    const t = this.next();
    if (t.type === 'placeholder') return t.text;
    if (t.type !== 'name') this.fail(t);
    // AWS: reserved words cannot be attribute names in expressions; use an expression attribute name.
    if (RESERVED_WORDS.has(t.text.toUpperCase())) this.invalid(`Attribute name is a reserved keyword; reserved keyword: ${t.text}`);
    return t.text;
  }

  private isFunctionCall(): boolean { return this.peek().type === 'name' && this.peek(1).type === 'op' && this.peek(1).text === '('; }

  // ---- conditions ----
  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) { this.pos++; left = { kind: 'or', left, right: this.conjunction() }; }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) { this.pos++; left = { kind: 'and', left, right: this.negation() }; }
    return left;
  }

  private negation(): Condition {
    if (this.isKeyword('NOT')) { this.pos++; return { kind: 'not', condition: this.negation() }; }
    return this.primary();
  }

  private primary(): Condition {
    if (this.isOp('(')) {
      this.pos++;
      const c = this.condition();
      this.expectOp(')');
      // AWS: a parenthesised condition directly inside another pair of parentheses is refused.
      if (this.parenthesised.has(c)) this.invalid('The expression has redundant parentheses;');
      this.parenthesised.add(c);
      return c;
    }
    if (this.isFunctionCall() && this.peek().text !== 'size') {
      const name = this.next().text;
      if (!(CONDITION_FUNCTIONS as readonly string[]).includes(name)) {
        if (name === 'if_not_exists' || name === 'list_append') this.invalid(`The function is not allowed to be used this way in an expression; function: ${name}`);
        this.invalid(`Invalid function name; function: ${name}`);
      }
      this.expectOp('(');
      const args: Operand[] = [this.operand()];
      while (this.isOp(',')) { this.pos++; args.push(this.operand()); }
      this.expectOp(')');
      const arity = name === 'attribute_exists' || name === 'attribute_not_exists' ? 1 : 2;
      if (args.length !== arity) this.invalid(`Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`);
      if (args[0]!.kind !== 'path') this.invalid(`Operator or function requires a document path; operator or function: ${name}`);
      return { kind: 'function', name: name as ConditionFunction, args };
    }
    const left = this.operand();
    const t = this.peek();
    if (t.type === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      this.pos++;
      return { kind: 'compare', op: t.text as Comparator, left, right: this.operand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.pos++;
      const lo = this.operand();
      if (!this.isKeyword('AND')) this.fail();
      this.pos++;
      return { kind: 'between', operand: left, lo, hi: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expectOp('(');
      const list: Operand[] = [this.operand()];
      while (this.isOp(',')) { this.pos++; list.push(this.operand()); }
      this.expectOp(')');
      // AWS: IN takes up to 100 values.
      if (list.length > 100) this.invalid(`The IN operator is provided with too many operands; number of operands: ${list.length}`);
      return { kind: 'in', operand: left, list };
    }
    return this.fail();
  }

  /** A condition operand: a path, a value, or size(path). */
  operand(): Operand {
    const t = this.peek();
    if (t.type === 'value') { this.pos++; return { kind: 'ref', name: t.text }; }
    if (this.isFunctionCall()) {
      const name = this.next().text;
      if (name !== 'size') {
        if ((CONDITION_FUNCTIONS as readonly string[]).includes(name)) this.invalid(`The function is not allowed to be used this way in an expression; function: ${name}`);
        if (name === 'if_not_exists' || name === 'list_append') this.invalid(`The function is not allowed in a condition expression; function: ${name}`);
        this.invalid(`Invalid function name; function: ${name}`);
      }
      this.expectOp('(');
      const p = this.operand();
      this.expectOp(')');
      if (p.kind !== 'path') this.invalid('Operator or function requires a document path; operator or function: size');
      return { kind: 'size', path: p };
    }
    return this.path();
  }

  // ---- updates ----
  update(): Update {
    const sections: { set: UpdateAction[]; remove: Path[]; add: UpdateAction[]; delete: UpdateAction[] } = { set: [], remove: [], add: [], delete: [] };
    const seen = new Set<string>();
    if (this.peek().type === 'eof') this.fail();
    while (this.peek().type !== 'eof') {
      const t = this.next();
      const word = t.type === 'name' ? t.text.toUpperCase() : '';
      if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(word)) this.fail(t);
      if (seen.has(word)) this.invalid(`The "${word}" section can only be used once in an update expression;`);
      seen.add(word);
      do {
        if (word === 'REMOVE') sections.remove.push(this.path());
        else if (word === 'SET') {
          const path = this.path();
          this.expectOp('=');
          sections.set.push({ path, value: this.setValue() });
        } else {
          const path = this.path();
          const v = this.peek();
          if (v.type !== 'value') this.fail(v);
          this.pos++;
          (word === 'ADD' ? sections.add : sections.delete).push({ path, value: { kind: 'ref', name: v.text } });
        }
      } while (this.isOp(',') && (this.pos++, true));
    }
    return sections;
  }

  private setValue(): Operand {
    const a = this.setOperand();
    if (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: 'arith', op, a, b: this.setOperand() };
    }
    return a;
  }

  private setOperand(): Operand {
    const t = this.peek();
    if (t.type === 'value') { this.pos++; return { kind: 'ref', name: t.text }; }
    if (this.isFunctionCall()) {
      const name = this.next().text;
      this.expectOp('(');
      let out: Operand;
      if (name === 'if_not_exists') {
        const p = this.setOperand();
        if (p.kind !== 'path') this.invalid('Operator or function requires a document path; operator or function: if_not_exists');
        this.expectOp(',');
        out = { kind: 'if_not_exists', path: p, fallback: this.setValue() };
      } else if (name === 'list_append') {
        const a = this.setValue();
        this.expectOp(',');
        out = { kind: 'list_append', a, b: this.setValue() };
      } else if ((CONDITION_FUNCTIONS as readonly string[]).includes(name) || name === 'size') {
        this.invalid(`The function is not allowed in an update expression; function: ${name}`);
      } else this.invalid(`Invalid function name; function: ${name}`);
      this.expectOp(')');
      return out;
    }
    return this.path();
  }

  // ---- projections ----
  projection(): Path[] {
    const out = [this.path()];
    while (this.isOp(',')) { this.pos++; out.push(this.path()); }
    return out;
  }
}

const MAX_CACHE = 2048;
/** AWS: the maximum length of any expression string is 4 KB. */
export const MAX_EXPRESSION_BYTES = 4096;
const cache = new Map<string, unknown>();

function cached<T>(kind: ExpressionKind, text: string, parse: (p: Parser) => T): T {
  const key = `${kind}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit as T;
  if (text.trim() === '') throw dynamoDbErrors.validation(`Invalid ${kind}: The expression can not be empty;`);
  // AWS ("Expression parameters" quotas): an expression is at most 4 KB. This also bounds how deep the
  // recursive descent (and every walk of the tree) can go.
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_EXPRESSION_BYTES) throw dynamoDbErrors.validation(`Invalid ${kind}: Expression size has exceeded the maximum allowed size; expression size: ${size}`);
  const p = new Parser(text, kind);
  const value = parse(p);
  p.end();
  if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

/** Parse a condition, filter or key condition expression. */
export function parseCondition(text: string, kind: 'ConditionExpression' | 'FilterExpression' | 'KeyConditionExpression'): Condition {
  return cached(kind, text, (p) => p.condition());
}

export function parseUpdate(text: string): Update {
  return cached('UpdateExpression', text, (p) => p.update());
}

export function parseProjection(text: string): readonly Path[] {
  return cached('ProjectionExpression', text, (p) => p.projection());
}
