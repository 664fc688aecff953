/** @module Types of the service-model subset files in this folder (see scripts/extract-ec2-subset.py, extract-elbv2-subset.py). */

export interface MemberSpec {
  readonly shape: string;
  /** Request key segment when it differs from the member name. */
  readonly q?: string;
  /** Response XML element when it differs from the member name. */
  readonly x?: string;
  readonly idempotencyToken?: boolean;
}

export type ShapeSpec =
  | { readonly type: 'structure'; readonly members: Readonly<Record<string, MemberSpec>>; readonly required?: readonly string[] }
  | { readonly type: 'list'; readonly member: string; readonly memberLocationName?: string; readonly flattened?: boolean }
  | { readonly type: 'map'; readonly key: string; readonly value: string; readonly flattened?: boolean }
  | { readonly type: 'string'; readonly enum?: readonly string[]; readonly min?: number; readonly max?: number; readonly pattern?: string }
  | { readonly type: 'integer' | 'long'; readonly min?: number; readonly max?: number }
  | { readonly type: 'float' | 'double'; readonly min?: number; readonly max?: number }
  | { readonly type: 'boolean' }
  | { readonly type: 'timestamp' }
  /** Base64 text on the Query wire; kept as that text. */
  | { readonly type: 'blob' };

export interface Paginator {
  readonly input_token: string;
  readonly output_token: string;
  readonly limit_key?: string;
  readonly result_key: string | readonly string[];
}

export interface OperationSpec {
  readonly input?: string;
  readonly output?: string | null;
  readonly paginator?: Paginator;
  /** Filter names AWS documents for the operation, keyed by the input member holding them. */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  /** Plain Query: the element wrapping the output members (`<Op>Result`). */
  readonly resultWrapper?: string;
  /** Plain Query: the error codes the operation declares. */
  readonly errors?: readonly string[];
}

/** An error shape of a model that declares its errors (not EC2). */
export interface ErrorSpec {
  readonly shape: string;
  readonly httpStatusCode: number;
  readonly senderFault: boolean;
  readonly doc?: string | null;
}

export interface ServiceModel {
  readonly meta: { readonly serviceMetadata: { readonly xmlNamespace: string; readonly apiVersion: string } };
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly shapes: Readonly<Record<string, ShapeSpec>>;
  /** Error shapes by wire code (absent for EC2, whose model declares none). */
  readonly errors?: Readonly<Record<string, ErrorSpec>>;
}
