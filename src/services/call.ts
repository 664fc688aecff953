/**
 * @module What a service handler knows about one call beyond its input: who calls, from where, and the policy
 * gate. The server builds it (identity from the access key, network path from the data-plane trace); handlers
 * call `authorize` once they know the resource and its resource policy, so S3 and DynamoDB never see the trace.
 */

/** Where a request was sent from, when `vpce exec` attributed it to an instance. */
export interface SourceInstance {
  readonly account: string;
  readonly region: string;
  readonly instanceId: string;
}

/** The principal behind the request's access key. */
export interface Caller {
  /** The principal's account. */
  readonly account: string;
  /** The region the request was signed for (the endpoint the client addressed). */
  readonly region: string;
  /** `arn:aws:iam::<account>:root`, `...:user/<name>`, `arn:aws:sts::<account>:assumed-role/<role>/<session>`. */
  readonly principalArn: string;
  readonly accessKeyId?: string;
  /** Set when the request comes from an instance (else it comes from the internet). */
  readonly source?: SourceInstance;
  /** For session credentials: the session's unique id (`AROA…:<session>`) and when STS issued it (epoch ms). */
  readonly session?: { readonly userId: string; readonly issuedAt?: number };
}

/** One authorization question: an action on a resource, with the resource policy the service holds. */
export interface AccessQuery {
  /** e.g. `s3:GetObject`. */
  readonly action: string;
  /** e.g. `arn:aws:s3:::bucket/key`, `arn:aws:dynamodb:us-east-1:111111111111:table/t`. */
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /** The resource policy as JSON text (bucket policy, table resource policy), if any. */
  readonly resourcePolicy?: string;
  /** Service-specific condition keys (`s3:prefix`, `dynamodb:LeadingKeys`...). */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type AccessDecision =
  | { readonly allowed: true }
  | {
    readonly allowed: false;
    /** An explicit Deny statement decided (else no policy allowed). */
    readonly explicit: boolean;
    /** Which policy decided, for logs and messages (`endpoint policy vpce-... statement 0`). */
    readonly reason: string;
  };

/** The per-call context handed to S3, DynamoDB, IAM and STS handlers. */
export interface ServiceCall {
  readonly requestId: string;
  readonly caller: Caller;
  /** Evaluate endpoint, resource and identity policies with the request context the network path produced. */
  authorize(query: AccessQuery): AccessDecision;
}

/** A ServiceCall that allows everything: for unit tests of handlers and for trusted internal calls. */
export function trustedCall(caller: Caller, requestId = '00000000-0000-0000-0000-000000000000'): ServiceCall {
  return { requestId, caller, authorize: () => ({ allowed: true }) };
}
