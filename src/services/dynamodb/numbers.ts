/**
 * @module DynamoDB numbers: decimal strings with up to 38 significant digits, magnitudes 1E-130 to
 * 9.99...E+125 (AWS: "Supported data types", Number). Parsed into digits + exponent, canonicalised the way
 * DynamoDB returns them (no exponent, no leading or trailing zeros), compared numerically, added exactly, and
 * encoded as order-preserving bytes so sort keys sort numerically in the store.
 */
import { dynamoDbErrors } from '../../errors/dynamodb.js';

/** A non-zero number is `sign * 0.d1d2d3... * 10^exp`; zero has no digits. */
export interface Decimal {
  readonly sign: 1 | -1 | 0;
  /** Significant digits, no leading or trailing zeros (empty for zero). */
  readonly digits: string;
  /** The decimal point sits `exp` places after the first digit's left edge: value = 0.digits * 10^exp. */
  readonly exp: number;
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parse a DynamoDB number string; throws DynamoDB's ValidationException for what it refuses. */
export function parseNumber(text: string): Decimal {
  // AWS refuses a number with leading or trailing characters, whitespace included.
  const m = NUMBER.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw dynamoDbErrors.validation('A value provided cannot be converted into a number');
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  let all = int + frac;
  let exp = int.length + Number(m[4] ?? '0');
  const lead = all.length - all.replace(/^0+/, '').length;
  all = all.slice(lead);
  exp -= lead;
  all = all.replace(/0+$/, '');
  if (all === '') return { sign: 0, digits: '', exp: 0 };
  // AWS: positive range 1E-130 to 9.9999999999999999999999999999999999999E+125.
  if (exp > 126) throw dynamoDbErrors.validation('Number overflow. Attempting to store a number with magnitude larger than supported range');
  if (exp < -129) throw dynamoDbErrors.validation('Number underflow. Attempting to store a number with magnitude smaller than supported range');
  // Range before precision (as AWS reports a sum that is both too large and too long).
  if (all.length > 38) throw dynamoDbErrors.validation('Attempting to store more than 38 significant digits in a Number');
  return { sign: m[1] === '-' ? -1 : 1, digits: all, exp };
}

/** The canonical text of a number, as DynamoDB returns it (`1.50` -> `1.5`, `1e2` -> `100`, `-0` -> `0`). */
export function formatNumber(d: Decimal): string {
  if (d.sign === 0) return '0';
  const { digits, exp } = d;
  let body: string;
  if (exp <= 0) body = `0.${'0'.repeat(-exp)}${digits}`;
  else if (exp >= digits.length) body = digits + '0'.repeat(exp - digits.length);
  else body = `${digits.slice(0, exp)}.${digits.slice(exp)}`;
  return d.sign < 0 ? `-${body}` : body;
}

/** Canonicalise a number string (validating it). */
export function canonicalNumber(text: string): string {
  return formatNumber(parseNumber(text));
}

/** Numeric comparison of two decimals: negative, zero or positive. */
export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.sign !== b.sign) return a.sign - b.sign;
  if (a.sign === 0) return 0;
  let c: number;
  if (a.exp !== b.exp) c = a.exp - b.exp;
  else c = a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
  return a.sign > 0 ? c : -c;
}

/** Compare two number strings numerically. */
export function compareNumbers(a: string, b: string): number {
  return compareDecimal(parseNumber(a), parseNumber(b));
}

function toScaled(d: Decimal): { n: bigint; scale: number } {
  // value = digits * 10^(exp - digits.length)
  if (d.sign === 0) return { n: 0n, scale: 0 };
  const n = BigInt(d.digits) * BigInt(d.sign);
  return { n, scale: d.digits.length - d.exp };
}

/** Exact a + b (or a - b), validated against DynamoDB's precision and range. */
export function addNumbers(a: string, b: string, subtract = false): string {
  const x = toScaled(parseNumber(a));
  const y = toScaled(parseNumber(b));
  const scale = Math.max(x.scale, y.scale);
  const nx = x.n * 10n ** BigInt(scale - x.scale);
  const ny = y.n * 10n ** BigInt(scale - y.scale);
  const sum = subtract ? nx - ny : nx + ny;
  if (sum === 0n) return '0';
  const neg = sum < 0n;
  const abs = (neg ? -sum : sum).toString();
  const text = scale > 0
    ? (abs.length > scale ? `${abs.slice(0, abs.length - scale)}.${abs.slice(abs.length - scale)}` : `0.${'0'.repeat(scale - abs.length)}${abs}`)
    : abs + '0'.repeat(-scale);
  return canonicalNumber((neg ? '-' : '') + text);
}

/**
 * Order-preserving bytes of a number: a class byte (negative < zero < positive), then for positives the
 * exponent (offset to 3 digits) and the digits; for negatives the complemented exponent and digits and a
 * terminator above every digit, so a longer digit string (a larger magnitude) sorts lower.
 */
export function encodeNumberKey(d: Decimal): string {
  if (d.sign === 0) return '2';
  const e = String(d.exp + 200).padStart(3, '0');
  if (d.sign > 0) return `3${e}${d.digits}`;
  const ce = String(999 - (d.exp + 200)).padStart(3, '0');
  let cd = '';
  for (const ch of d.digits) cd += String(9 - Number(ch));
  return `1${ce}${cd}~`;
}
