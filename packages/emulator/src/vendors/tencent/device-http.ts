/**
 * Device-side HTTP endpoints of the emulated IoT Hub gateway: dynamic registration
 * (`POST /device/register`, spec 3.16), HTTP publish (`POST /device/publish`, spec 3.17) and the
 * resource upload target (spec 3.15).
 * @packageDocumentation
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import type { EmulatorContext, HttpRequest, HttpResponse, HttpRoute } from '../../plugin.js';
import { generateSelfSignedCert } from '../../mqtt/self-signed.js';
import type { TencentCloud } from './cloud.js';
import { encryptRegistrationPayload, hmacBase64, httpStringToSign, md5Hex, sameText, verifyRsaSha256 } from './crypto.js';
import { deviceKey, getDevice, getProduct, newDeviceSecret, putDevice, type TencentDevice } from './records.js';
import { topicOwner } from './topics.js';

/** Error codes of the device HTTP endpoints (Tencent Cloud API style). */
export const HttpErrorCode = {
  BAD_BODY: 'InvalidParameterValue',
  SIGNATURE: 'AuthFailure.SignatureFailure',
  EXPIRED: 'AuthFailure.SignatureExpire',
  ALGORITHM: 'InvalidParameterValue.AlgorithmNotSupported',
  NO_PRODUCT: 'ResourceNotFound.ProductNotExist',
  NO_DEVICE: 'ResourceNotFound.DeviceNotExist',
  DYNREG_OFF: 'UnsupportedOperation.DynamicRegisterDisabled',
  TOPIC: 'UnauthorizedOperation.TopicNotAllowed',
  CERT: 'FailedOperation.CertificateUnavailable',
} as const;

function fail(code: string, message: string): HttpResponse {
  return { body: { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } } };
}

function header(req: HttpRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Host name the device signed: the Host header without port, lower case (Python `urlparse(...).hostname`). */
export function signedHost(hostHeader: string | undefined): string {
  const h = (hostHeader ?? '').trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

interface SignedHeaders {
  algorithm: string;
  timestamp: string;
  nonce: string;
  signature: string;
}

function signedHeaders(req: HttpRequest, cloud: TencentCloud): SignedHeaders | HttpResponse {
  const algorithm = header(req, 'x-tc-algorithm') ?? '';
  const timestamp = header(req, 'x-tc-timestamp') ?? '';
  const nonce = header(req, 'x-tc-nonce') ?? '';
  const signature = header(req, 'x-tc-signature') ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || !/^\d{1,12}$/.test(nonce) || signature === '') return fail(HttpErrorCode.SIGNATURE, 'X-TC-Timestamp, X-TC-Nonce and X-TC-Signature are required');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > cloud.opts.httpTimestampSkewSec) return fail(HttpErrorCode.EXPIRED, 'X-TC-Timestamp is out of the accepted window');
  return { algorithm, timestamp, nonce, signature };
}

function jsonBody(req: HttpRequest): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function register(req: HttpRequest, ctx: EmulatorContext, cloud: TencentCloud): HttpResponse {
  const h = signedHeaders(req, cloud);
  if (!('algorithm' in h)) return h;
  if (h.algorithm !== 'hmacsha256') return fail(HttpErrorCode.ALGORITHM, `X-TC-Algorithm must be hmacsha256, got ${JSON.stringify(h.algorithm)}`);
  const body = jsonBody(req);
  const pid = body?.['ProductId'];
  const dn = body?.['DeviceName'];
  if (typeof pid !== 'string' || typeof dn !== 'string' || pid === '' || dn === '') return fail(HttpErrorCode.BAD_BODY, 'body must be {"ProductId":"…","DeviceName":"…"}');
  const product = getProduct(ctx.registry, pid);
  if (!product || product.productSecret === '') return fail(HttpErrorCode.NO_PRODUCT, `product ${pid} does not exist`);
  const text = httpStringToSign(signedHost(header(req, 'host')), req.path, h.algorithm, h.timestamp, h.nonce, req.body);
  if (!sameText(hmacBase64('sha256', Buffer.from(product.productSecret, 'utf8'), text), h.signature)) return fail(HttpErrorCode.SIGNATURE, 'signature check failed');
  if (!product.dynreg) return fail(HttpErrorCode.DYNREG_OFF, `dynamic registration is disabled for product ${pid}`);
  let device = getDevice(ctx.registry, pid, dn);
  if (!device && !product.autoCreate) return fail(HttpErrorCode.NO_DEVICE, `device ${pid}/${dn} does not exist`);
  let plaintext: string;
  if (product.authMode === 'CERT') {
    let pair: { key: string; cert: string };
    try {
      pair = generateSelfSignedCert(`${pid}${dn}`);
    } catch (err) {
      return fail(HttpErrorCode.CERT, `cannot issue a certificate: ${(err as Error).message}`);
    }
    const fingerprint = new X509Certificate(pair.cert).fingerprint256;
    putDevice(ctx.registry, { ...(device ? ctx.registry.get('tencent', device.key) : {}), productId: pid, deviceName: dn, authMode: 'CERT', certFingerprint: fingerprint, certPem: pair.cert });
    plaintext = JSON.stringify({ encryptionType: 1, clientCert: pair.cert, clientKey: pair.key });
  } else {
    if (!device || device.deviceSecret === '') {
      putDevice(ctx.registry, { ...(device ? ctx.registry.get('tencent', device.key) : {}), productId: pid, deviceName: dn, deviceSecret: newDeviceSecret() });
      device = getDevice(ctx.registry, pid, dn) as TencentDevice;
    }
    plaintext = JSON.stringify({ encryptionType: 2, psk: device.deviceSecret });
  }
  return { body: { Response: { Len: Buffer.byteLength(plaintext, 'utf8'), Payload: encryptRegistrationPayload(product.productSecret, plaintext), RequestId: randomUUID() } } };
}

async function publish(req: HttpRequest, ctx: EmulatorContext, cloud: TencentCloud): Promise<HttpResponse> {
  const h = signedHeaders(req, cloud);
  if (!('algorithm' in h)) return h;
  const body = jsonBody(req);
  const pid = body?.['ProductId'];
  const dn = body?.['DeviceName'];
  const topic = body?.['TopicName'];
  const payload = body?.['Payload'];
  const qos = body?.['Qos'] ?? 0;
  if (typeof pid !== 'string' || typeof dn !== 'string' || typeof topic !== 'string' || typeof payload !== 'string' || (qos !== 0 && qos !== 1)) {
    return fail(HttpErrorCode.BAD_BODY, 'body must be {"ProductId","DeviceName","TopicName","Payload":"<string>","Qos":0|1}');
  }
  const device = getDevice(ctx.registry, pid, dn);
  if (!device) return fail(HttpErrorCode.NO_DEVICE, `device ${pid}/${dn} does not exist`);
  const text = httpStringToSign(signedHost(header(req, 'host')), req.path, h.algorithm, h.timestamp, h.nonce, req.body);
  let ok: boolean;
  if (h.algorithm === 'hmacsha256') ok = device.deviceSecret !== '' && sameText(hmacBase64('sha256', Buffer.from(device.deviceSecret, 'utf8'), text), h.signature);
  else if (h.algorithm === 'rsa-sha256') ok = device.certPem !== undefined && verifyRsaSha256(text, h.signature, device.certPem);
  else return fail(HttpErrorCode.ALGORITHM, `X-TC-Algorithm must be hmacsha256 or rsa-sha256, got ${JSON.stringify(h.algorithm)}`);
  if (!ok) return fail(HttpErrorCode.SIGNATURE, 'signature check failed');
  const owner = topicOwner(topic);
  if (!owner || topic.startsWith('$') || topic.includes('+') || topic.includes('#') || deviceKey(owner.productId, owner.deviceName) !== device.key) {
    return fail(HttpErrorCode.TOPIC, `device ${device.key} may not publish to ${topic}`);
  }
  await ctx.publish(topic, payload, { qos });
  return { body: { Response: { RequestId: randomUUID() } } };
}

function upload(req: HttpRequest, ctx: EmulatorContext, cloud: TencentCloud): HttpResponse {
  let pid: string | undefined, dn: string | undefined, name: string | undefined;
  try {
    [pid, dn, name] = req.params.map((p) => decodeURIComponent(p));
  } catch {
    return { status: 400, body: { error: 'bad percent-encoding' } };
  }
  const key = deviceKey(pid ?? '', dn ?? '');
  const task = cloud.resources.get(key, name ?? '');
  if (!task || !sameText(req.query.get('token') ?? '', task.token)) return { status: 404, body: { error: `no upload task ${name} for ${key}` } };
  const md5 = md5Hex(req.body);
  const given = header(req, 'content-md5');
  if (given !== undefined && given !== Buffer.from(md5, 'hex').toString('base64')) return { status: 400, body: { error: 'Content-MD5 does not match the body' } };
  if (md5 !== task.md5sum || req.body.length !== task.size) return { status: 400, body: { error: `file does not match the task (md5 ${md5}, size ${req.body.length})` } };
  const file = `tencent/resource/${pid}/${dn}/${name}`;
  try {
    ctx.files.put(file, req.body);
  } catch (err) {
    return { status: 400, body: { error: (err as Error).message } };
  }
  cloud.resources.uploaded(task, file);
  return { status: 200, body: '' };
}

/** The device-side HTTP routes. */
export function deviceRoutes(cloud: TencentCloud): HttpRoute[] {
  return [
    { method: 'POST', path: '/device/register', handler: (req, ctx) => register(req, ctx, cloud) },
    { method: 'POST', path: '/device/publish', handler: (req, ctx) => publish(req, ctx, cloud) },
    { method: 'PUT', path: /^\/tencent\/resource\/([^/]+)\/([^/]+)\/([^/]+)$/, handler: (req, ctx) => upload(req, ctx, cloud) },
  ];
}
