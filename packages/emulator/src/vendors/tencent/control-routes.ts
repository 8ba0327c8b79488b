/**
 * Console/test control routes of the `tencent` plugin under `/control/tencent/...` (documented with
 * curl examples in README.md).
 * @packageDocumentation
 */
import type { EmulatorContext, HttpRequest, HttpRoute } from '../../plugin.js';
import { HttpError } from '../../http/http-error.js';
import type { TencentCloud } from './cloud.js';
import { deviceKey, getDevice, listDevices, newDeviceSecret, putDevice, VENDOR, type TencentDevice } from './records.js';
import type { JsonObject } from './shadow.js';
import { topicOwner, topics } from './topics.js';

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function body(req: HttpRequest): JsonObject {
  if (req.body.length === 0) return {};
  const b = req.json();
  if (!isObject(b)) throw new HttpError(400, 'request body must be a JSON object');
  return b;
}

function decode(part: string | undefined): string {
  try {
    return decodeURIComponent(part ?? '');
  } catch {
    throw new HttpError(400, `bad percent-encoding in ${JSON.stringify(part)}`);
  }
}

function ids(req: HttpRequest): [string, string] {
  return [decode(req.params[0]), decode(req.params[1])];
}

function device(ctx: EmulatorContext, pid: string, dn: string): TencentDevice {
  const d = getDevice(ctx.registry, pid, dn);
  if (!d) throw new HttpError(404, `no tencent device ${pid}/${dn}`);
  return d;
}

function optString(b: JsonObject, k: string): string | undefined {
  const v = b[k];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `${k} must be a string`);
  return v;
}

function payloadOf(b: JsonObject): string | Buffer {
  const p = b['payload'];
  if (p === undefined) throw new HttpError(400, 'payload is required');
  if (typeof p === 'string') return b['encoding'] === 'base64' ? Buffer.from(p, 'base64') : p;
  return JSON.stringify(p);
}

function timeoutOf(b: JsonObject, dflt: number): number {
  const t = b['timeoutMs'] ?? dflt;
  if (typeof t !== 'number' || !Number.isInteger(t) || t <= 0 || t > 600_000) throw new HttpError(400, 'timeoutMs must be a positive integer (ms)');
  return t;
}

const DEV = '([^/]+)/([^/]+)';
const re = (prefix: string, suffix = ''): RegExp => new RegExp(`^/control/tencent/${prefix}/${DEV}${suffix}$`);

/** The `/control/tencent/...` routes. */
export function controlRoutes(cloud: TencentCloud): HttpRoute[] {
  return [
    // ---- registry
    {
      method: 'POST',
      path: '/control/tencent/devices',
      handler(req, ctx) {
        const b = body(req);
        const pid = optString(b, 'productId');
        const dn = optString(b, 'deviceName');
        if (!pid || !dn || pid.includes('/') || dn.includes('/')) throw new HttpError(400, 'productId and deviceName (non-empty, no "/") are required');
        const authMode = b['authMode'] ?? 'KEY';
        if (authMode !== 'KEY' && authMode !== 'CERT') throw new HttpError(400, 'authMode must be KEY or CERT');
        const deviceSecret = optString(b, 'deviceSecret') ?? (authMode === 'KEY' ? newDeviceSecret() : '');
        const record = putDevice(ctx.registry, { ...b, productId: pid, deviceName: dn, deviceSecret, authMode });
        return { status: 201, body: record };
      },
    },
    { method: 'GET', path: '/control/tencent/devices', handler: (_req, ctx) => ({ body: listDevices(ctx.registry).map((d) => ({ ...ctx.registry.get(VENDOR, d.key), online: ctx.isConnected(d.productId + d.deviceName) })) }) },
    {
      method: 'GET',
      path: re('devices'),
      handler(req, ctx) {
        const d = device(ctx, ...ids(req));
        return { body: { ...ctx.registry.get(VENDOR, d.key), online: ctx.isConnected(d.productId + d.deviceName) } };
      },
    },
    {
      method: 'DELETE',
      path: re('devices'),
      handler(req, ctx) {
        const d = device(ctx, ...ids(req));
        ctx.registry.delete(VENDOR, d.key);
        return { body: { deleted: d.key } };
      },
    },
    {
      method: 'POST',
      path: '/control/tencent/products',
      handler(req, ctx) {
        const b = body(req);
        const pid = optString(b, 'productId');
        if (!pid || pid.includes('/')) throw new HttpError(400, 'productId (non-empty, no "/") is required');
        const record = { ...b, type: 'product', productId: pid, vendor: VENDOR, key: pid };
        ctx.registry.put(record);
        return { status: 201, body: record };
      },
    },
    // ---- shadow
    { method: 'GET', path: re('shadow'), handler: (req) => ({ body: cloud.shadow(deviceKey(...ids(req))).snapshot() }) },
    {
      method: 'POST',
      path: re('shadow', '/desired'),
      async handler(req, ctx) {
        const [pid, dn] = ids(req);
        const b = body(req);
        const state = b['state'];
        if (state !== null && !isObject(state)) throw new HttpError(400, 'state must be an object (or null to clear desired)');
        const version = b['version'];
        if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version))) throw new HttpError(400, 'version must be an integer');
        const doc = cloud.shadow(deviceKey(pid, dn));
        const r = doc.setDesired(state, version);
        if (!r.ok) throw new HttpError(409, `version conflict: document is at version ${r.version}`);
        if (r.delta) await ctx.publish(topics.shadowResult(pid, dn), JSON.stringify(doc.deltaMessage(r.delta)));
        return { body: doc.snapshot() };
      },
    },
    {
      method: 'DELETE',
      path: re('shadow'),
      handler(req) {
        cloud.shadows.delete(deviceKey(...ids(req)));
        return { status: 204 };
      },
    },
    // ---- RRPC
    {
      method: 'POST',
      path: re('rrpc'),
      async handler(req, ctx) {
        const [pid, dn] = ids(req);
        const b = body(req);
        const payload = payloadOf(b);
        const timeoutMs = timeoutOf(b, cloud.opts.rrpcTimeoutMs);
        const processId = cloud.nextProcessId();
        const replyTopic = topics.rrpcReply(pid, dn, processId);
        const waiting = ctx.waitForUplink(replyTopic, undefined, timeoutMs);
        waiting.catch(() => undefined);
        await ctx.publish(topics.rrpcRequest(pid, dn, processId), payload);
        let reply;
        try {
          reply = await waiting;
        } catch {
          return { status: 504, body: { error: `device ${pid}/${dn} did not answer RRPC ${processId} within ${timeoutMs} ms`, processId } };
        }
        const text = reply.payload.toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        return { body: { processId, topic: reply.topic, payload: text, json } };
      },
    },
    // ---- broadcast
    {
      method: 'POST',
      path: /^\/control\/tencent\/broadcast\/([^/]+)$/,
      async handler(req, ctx) {
        const pid = decode(req.params[0]);
        const payload = payloadOf(body(req));
        const sent: string[] = [];
        for (const d of listDevices(ctx.registry).filter((x) => x.productId === pid)) {
          const t = topics.broadcast(d.productId, d.deviceName);
          await ctx.publish(t, payload);
          sent.push(t);
        }
        return { body: { topics: sent } };
      },
    },
    // ---- custom downlink
    {
      method: 'POST',
      path: re('publish'),
      async handler(req, ctx) {
        const [pid, dn] = ids(req);
        const b = body(req);
        const topic = optString(b, 'topic') ?? `${pid}/${dn}/control`;
        const owner = topicOwner(topic);
        if (!owner || owner.productId !== pid || owner.deviceName !== dn || topic.includes('+') || topic.includes('#')) throw new HttpError(400, `${topic} is no topic of ${pid}/${dn}`);
        const qos = b['qos'] ?? 0;
        if (qos !== 0 && qos !== 1) throw new HttpError(400, 'qos must be 0 or 1');
        await ctx.publish(topic, payloadOf(b), { qos });
        return { body: { ok: true, topic } };
      },
    },
    // ---- NTP clock
    {
      method: 'POST',
      path: '/control/tencent/time',
      handler(req) {
        const off = body(req)['offsetMs'] ?? 0;
        if (typeof off !== 'number' || !Number.isFinite(off)) throw new HttpError(400, 'offsetMs must be a number');
        cloud.ntpOffsetMs = off;
        return { body: { offsetMs: off } };
      },
    },
    // ---- gateway topology
    { method: 'GET', path: re('gateway'), handler: (req, ctx) => ({ body: { subDevices: cloud.gateway.view(device(ctx, ...ids(req))) } }) },
    {
      method: 'POST',
      path: re('gateway', '/(bind|unbind)'),
      handler(req, ctx) {
        const gw = device(ctx, ...ids(req));
        if (!gw.gateway) throw new HttpError(400, `${gw.key} is not a gateway (registry field gateway: true)`);
        const b = body(req);
        const pid = optString(b, 'productId');
        const dn = optString(b, 'deviceName');
        if (!pid || !dn) throw new HttpError(400, 'productId and deviceName are required');
        const result = req.params[2] === 'bind' ? cloud.gateway.bind(gw, pid, dn) : cloud.gateway.unbind(gw, pid, dn);
        if (result !== 0) throw new HttpError(409, `${req.params[2]} failed with result ${result}`);
        return { body: { subDevices: cloud.gateway.view(device(ctx, gw.productId, gw.deviceName)) } };
      },
    },
    // ---- OTA
    {
      method: 'PUT',
      path: /^\/control\/tencent\/ota\/firmware\/([^/]+)\/([^/]+)$/,
      handler(req, ctx) {
        const [pid, version] = ids(req);
        if (req.body.length === 0) throw new HttpError(400, 'firmware body is empty');
        const name = `tencent/ota/${pid}/${version}.bin`;
        let info;
        try {
          info = ctx.files.put(name, req.body);
        } catch (err) {
          throw new HttpError(400, (err as Error).message);
        }
        return { status: 201, body: { name, url: ctx.files.url(name), size: info.size, md5: info.md5 } };
      },
    },
    {
      method: 'POST',
      path: re('ota', '/update'),
      async handler(req, ctx) {
        const [pid, dn] = ids(req);
        const b = body(req);
        const version = optString(b, 'version');
        if (!version || version.length > 32) throw new HttpError(400, 'version (1..32 characters) is required');
        const stored = ctx.files.info(`tencent/ota/${pid}/${version}.bin`);
        const url = optString(b, 'url') ?? (stored ? ctx.files.url(stored.name) : undefined);
        const md5sum = optString(b, 'md5sum') ?? stored?.md5;
        const fileSize = b['file_size'] ?? stored?.size;
        if (!url || !md5sum || typeof fileSize !== 'number') throw new HttpError(404, `no firmware ${version} uploaded for ${pid}; give url, md5sum and file_size`);
        const msg = cloud.ota.push(deviceKey(pid, dn), { version, url, fileSize, md5sum });
        await ctx.publish(topics.otaUpdate(pid, dn), JSON.stringify(msg));
        return { body: msg };
      },
    },
    { method: 'GET', path: re('ota'), handler: (req) => ({ body: cloud.ota.state(deviceKey(...ids(req))) }) },
    // ---- resources
    {
      method: 'GET',
      path: re('resources'),
      handler: (req) => ({ body: cloud.resources.list(deviceKey(...ids(req))).map(({ token: _t, ...rest }) => rest) }),
    },
  ];
}
