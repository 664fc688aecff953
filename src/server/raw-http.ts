/** @module The HTTP request and response as protocol endpoints see them: no sockets, the body already read. */
import type { Readable } from 'node:stream';
import type { StagedUpload } from './s3-upload-stream.js';

export interface RawRequest {
  readonly method: string;
  /** The path as sent, still percent-encoded, without the query string. */
  readonly path: string;
  /** The raw query string (no `?`). */
  readonly query: string;
  /** Header names lower-cased; repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** An S3 upload body received to a staged file instead (`body` is then empty). */
  readonly staged?: StagedUpload;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A stream body must be paired with a `content-length` header. */
  readonly body?: Buffer | string | Readable;
  /** The operation served (wire name, e.g. `GetObject`), for the audit log. */
  readonly operation?: string;
  /** The error code answered, for the audit log. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
}
