/** @module The one error type every layer throws; the protocol layer renders it in its own format. */

/** An error AWS would return: a code, a message, the HTTP status, and whether the caller is at fault. */
export class AwsError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly senderFault: boolean;

  constructor(code: string, message: string, httpStatus = 400, senderFault = httpStatus < 500) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.httpStatus = httpStatus;
    this.senderFault = senderFault;
  }
}

/** Narrow an unknown throw to an AwsError. */
export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}
