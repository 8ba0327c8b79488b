/**
 * Options and progress types shared by the HTTP helpers.
 * @packageDocumentation
 */
import type { SecureVersion } from 'node:tls';

/** TLS settings of an HTTPS request (all optional; the system CAs are used by default). */
export interface HttpTlsOptions {
  /** Trusted CA certificate(s) in PEM, replacing the default CAs (for example a private CA). */
  ca?: string | Buffer;
  /** Client certificate in PEM (mutual TLS). */
  cert?: string | Buffer;
  /** Client private key in PEM (mutual TLS). */
  key?: string | Buffer;
  /** Verify the server certificate (`true` by default). `false` is for tests only. */
  rejectUnauthorized?: boolean;
  /**
   * Check that the server certificate was issued for the URL's host, true. `false` still verifies the certificate
   * chain (against `ca` or the system CAs) but accepts any host name, like Python's `tls_insecure_set(True)`.
   */
  verifyHostname?: boolean;
  /** Lowest TLS version offered (`'TLSv1.2'`, ...), Node's default when unset. */
  minVersion?: SecureVersion;
  /** Highest TLS version offered, Node's default when unset. */
  maxVersion?: SecureVersion;
}

/** Progress of a download or upload. */
export interface TransferProgress {
  /** Bytes done so far (for a resumed download this includes the bytes already on disk). */
  transferred: number;
  /** Size of the whole transfer, when known. */
  total: number | undefined;
  /** `transferred / total` as a percentage 0..100, when the total is known. */
  percent: number | undefined;
}

/** Common options of {@link httpRequest}, {@link postJson} and {@link postForm}. */
export interface RequestOptions {
  /** Extra request headers; they override the defaults of the helper (names are case-insensitive). */
  headers?: Record<string, string>;
  /** Longest time without progress (connecting, waiting for headers, between body chunks) in ms; 30000. */
  timeoutMs?: number;
  /** TLS settings for an https URL. */
  tls?: HttpTlsOptions;
  /** Cancels the request. */
  signal?: AbortSignal;
  /** Largest response body read into memory, in bytes (16 MiB); a longer body fails with a RangeError. */
  maxResponseBytes?: number;
}

/** What {@link httpRequest} and {@link upload} resolve with, whatever the status. */
export interface HttpResponse {
  /** The HTTP status code. */
  status: number;
  /** Response headers, names in lower case; repeated headers are joined with `, `. */
  headers: Record<string, string>;
  /** The response body decoded as UTF-8. */
  body: string;
}

/** What {@link postJson} and {@link postForm} resolve with. */
export interface JsonResponse extends HttpResponse {
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}
