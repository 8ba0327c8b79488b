/**
 * Small request/response exchanges: any method, JSON posts, form posts.
 * @packageDocumentation
 */
import { Readable } from 'node:stream';
import { request } from 'undici';
import { safeJsonParse } from '../validation/json-schema.js';
import { checkTimeout, createDispatcher, headersToRecord, mergeHeaders, parseHttpUrl, readLimited, translateError } from './dispatcher.js';
import type { HttpResponse, JsonResponse, RequestOptions } from './options.js';

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A request body undici can send, with the length when it is known up front. */
export interface OutgoingBody {
  /** The bytes, or a stream of them. */
  data: string | Buffer | AsyncIterable<Buffer>;
  /** Value of Content-Length, when the body is a stream. */
  length?: number;
}

/**
 * Sends one request with a private connection pool and reads the whole response. Shared by the
 * exported helpers; not part of the public API.
 * @param url - The http(s) URL.
 * @param method - The HTTP method.
 * @param body - The request body, if any.
 * @param opts - Headers, timeout, TLS, signal, response limit.
 */
export async function exchange(url: string, method: string, body: OutgoingBody | undefined, opts: RequestOptions): Promise<HttpResponse> {
  const target = parseHttpUrl(url);
  const timeoutMs = checkTimeout(opts.timeoutMs);
  const limit = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method)) throw new TypeError('method must be an HTTP method name');
  opts.signal?.throwIfAborted();
  const owned = createDispatcher(opts.tls, timeoutMs);
  let graceful = false;
  try {
    const headers = mergeHeaders(body?.length !== undefined ? { 'Content-Length': String(body.length) } : undefined, opts.headers);
    const res = await request(target, {
      method: method.toUpperCase() as 'GET',
      headers,
      dispatcher: owned.dispatcher,
      ...(body ? { body: typeof body.data === 'string' || Buffer.isBuffer(body.data) ? body.data : Readable.from(body.data, { objectMode: false }) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const bytes = await readLimited(res.body, limit);
    if (bytes === undefined) {
      throw new RangeError(`response body exceeds maxResponseBytes (${limit})`);
    }
    graceful = true;
    return { status: res.statusCode, headers: headersToRecord(res.headers), body: bytes.toString('utf8') };
  } catch (err) {
    throw translateError(err, timeoutMs);
  } finally {
    await owned.release(graceful);
  }
}

/**
 * Sends a request and returns the response, whatever its status (check `status` yourself).
 *
 * Redirects are followed (up to 5); the connection is closed when the call returns.
 *
 * @param url - The http(s) URL.
 * @param init - Method, optional body (sent verbatim), headers, timeout, TLS, abort signal.
 * @returns Status, headers (lower-case names) and body text.
 */
export function httpRequest(url: string, init: RequestOptions & { method: string; body?: string | Buffer }): Promise<HttpResponse> {
  return exchange(url, init.method, init.body !== undefined ? { data: init.body } : undefined, init);
}

function withJson(res: HttpResponse): JsonResponse {
  const parsed = safeJsonParse(res.body);
  return { ...res, json: parsed.ok ? parsed.value : undefined };
}

/**
 * POSTs JSON (`Content-Type: application/json`) and parses the reply.
 *
 * A string or Buffer body is sent as it is (already-serialised JSON: use this when the exact bytes
 * matter, for example when they are signed); any other value goes through `JSON.stringify`.
 *
 * @param url - The http(s) URL.
 * @param body - The document.
 * @param opts - Headers (override the defaults), timeout, TLS, abort signal.
 * @returns Status, headers, body text and the body parsed as JSON (`undefined` if it is not JSON).
 */
export async function postJson(url: string, body: unknown, opts: RequestOptions = {}): Promise<JsonResponse> {
  const data = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  if (data === undefined) throw new TypeError('body cannot be serialised as JSON');
  const headers = mergeHeaders({ 'Content-Type': 'application/json' }, opts.headers);
  return withJson(await exchange(url, 'POST', { data }, { ...opts, headers }));
}

/**
 * Encodes fields as `application/x-www-form-urlencoded` the way Python's `urllib.parse.urlencode`
 * does: in insertion order, space as `+`, and only `A-Z a-z 0-9 _ . - ~` left unescaped.
 * @param fields - Names and values.
 */
export function encodeForm(fields: Record<string, string>): string {
  const esc = (s: string): string =>
    encodeURIComponent(s)
      .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%20/g, '+');
  return Object.entries(fields)
    .map(([k, v]) => `${esc(k)}=${esc(String(v))}`)
    .join('&');
}

/**
 * POSTs a form (`Content-Type: application/x-www-form-urlencoded`, encoded by {@link encodeForm})
 * and parses the reply as JSON when it is JSON.
 *
 * @param url - The http(s) URL.
 * @param fields - Form fields, sent in insertion order.
 * @param opts - Headers (override the defaults), timeout, TLS, abort signal.
 * @returns Status, headers, body text and the body parsed as JSON (`undefined` if it is not JSON).
 */
export async function postForm(url: string, fields: Record<string, string>, opts: RequestOptions = {}): Promise<JsonResponse> {
  const headers = mergeHeaders({ 'Content-Type': 'application/x-www-form-urlencoded' }, opts.headers);
  return withJson(await exchange(url, 'POST', { data: encodeForm(fields) }, { ...opts, headers }));
}
