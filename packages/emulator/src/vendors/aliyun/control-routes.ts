/**
 * Control API of the aliyun plugin (`/control/aliyun/...`), documented with curl examples in README.md.
 * @packageDocumentation
 */
import type { EmulatorContext, HttpRequest, HttpResponse, HttpRoute } from '../../plugin.js';
import type { DeviceRecord } from '../../registry.js';
import { HttpError } from '../../http/http-error.js';
import { decodeTracePayload } from '../../trace.js';
import { digestHex, newSecret } from './crypto.js';
import { type AliyunCloud, type Firmware, shadowOf } from './cloud.js';
import { deviceKey, getDevice, isObject, tslOf, VENDOR } from './records.js';

const DEFAULT_TIMEOUT = 5000;
let messageCounter = 0;

/** A fresh RRPC message id (decimal digits, as the cloud's). */
function messageId(): string {
  messageCounter = (messageCounter + 1) % 1000;
  return `${Date.now()}${String(messageCounter).padStart(3, '0')}`;
}

function body(req: HttpRequest): Record<string, unknown> {
  if (req.body.length === 0) return {};
  const b = req.json<unknown>();
  if (!isObject(b)) throw new HttpError(400, 'body must be a JSON object');
  return b;
}

function timeoutOf(b: Record<string, unknown>): number {
  const t = b['timeoutMs'];
  return typeof t === 'number' && t > 0 && t <= 120_000 ? t : DEFAULT_TIMEOUT;
}

function payloadOf(b: Record<string, unknown>): string | Buffer {
  if (typeof b['payloadHex'] === 'string') return Buffer.from(b['payloadHex'], 'hex');
  if (typeof b['payloadBase64'] === 'string') return Buffer.from(b['payloadBase64'], 'base64');
  const p = b['payload'];
  if (p === undefined) return '';
  return typeof p === 'string' ? p : JSON.stringify(p);
}

function parseMaybe(buf: Buffer): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    return buf.toString('utf8');
  }
}

/** Matches a device reply whose JSON `id` equals the request id (string or number form). */
function sameId(id: string): (p: Buffer) => boolean {
  return (p) => {
    const v = parseMaybe(p);
    return isObject(v) && String(v['id']) === id;
  };
}

function gatewayTimeout(topic: string, ms: number): HttpResponse {
  return { status: 504, body: { error: `device did not answer within ${ms} ms`, topic } };
}

/** Builds the control routes. */
export function controlRoutes(cloud: AliyunCloud): HttpRoute[] {
  const dev = (ctx: EmulatorContext, req: HttpRequest): DeviceRecord => {
    const pk = decodeURIComponent(req.params[0] ?? '');
    const dn = decodeURIComponent(req.params[1] ?? '');
    const rec = getDevice(ctx.registry, pk, dn);
    if (!rec) throw new HttpError(404, `unknown aliyun device ${pk}/${dn}`);
    return rec;
  };
  const pkdn = (rec: DeviceRecord): [string, string] => [String(rec['productKey']), String(rec['deviceName'])];
  const D = '/control/aliyun/devices/([^/]+)/([^/]+)';
  const re = (suffix: string): RegExp => new RegExp(`^${D}${suffix}$`);

  /** Publishes a downlink and waits for the device's uplink on replyTopic. */
  const request = async (ctx: EmulatorContext, topic: string, reqPayload: string | Buffer | object, replyTopic: string, ms: number, match?: (p: Buffer) => boolean): Promise<HttpResponse> => {
    const wait = ctx.waitForUplink(replyTopic, (_t, p) => (match ? match(p) : true), ms);
    wait.catch(() => undefined);
    await ctx.publish(topic, reqPayload, { qos: 0 });
    try {
      const up = await wait;
      return { body: { topic, request: typeof reqPayload === 'object' && !Buffer.isBuffer(reqPayload) ? reqPayload : String(reqPayload), reply: parseMaybe(up.payload) } };
    } catch {
      return gatewayTimeout(replyTopic, ms);
    }
  };
  /** Same, for /ext/rrpc replies (consumed by the platform, visible as denied trace entries). */
  const rrpcRequest = async (ctx: EmulatorContext, topic: string, reqPayload: string | Buffer | object, ms: number, msgId: string): Promise<HttpResponse> => {
    const since = ctx.trace.lastSeq;
    const wait = ctx.trace.waitFor((e) => e.kind === 'denied' && e.topic === topic && e.payload !== undefined, ms, { since });
    wait.catch(() => undefined);
    await ctx.publish(topic, reqPayload, { qos: 0 });
    try {
      const e = await wait;
      const p = decodeTracePayload(e.payload ?? '');
      return { body: { messageId: msgId, topic, payload: p.toString('utf8'), payloadBase64: p.toString('base64'), reply: parseMaybe(p) } };
    } catch {
      return gatewayTimeout(topic, ms);
    }
  };
  let alinkCounter = 0;
  const alinkId = (): string => String((Date.now() % 1_000_000_000) * 100 + (alinkCounter = (alinkCounter + 1) % 100));

  return [
    {
      method: 'POST',
      path: '/control/aliyun/products',
      handler(req, ctx) {
        const b = body(req);
        const pk = b['productKey'];
        if (typeof pk !== 'string' || !pk || pk.includes('/')) throw new HttpError(400, 'productKey (string without "/") is required');
        const productSecret = typeof b['productSecret'] === 'string' && b['productSecret'] ? b['productSecret'] : newSecret();
        const rec: DeviceRecord = { ...b, vendor: VENDOR, key: pk, kind: 'product', productKey: pk, productSecret };
        ctx.registry.put(rec);
        return { status: 201, body: rec };
      },
    },
    {
      method: 'POST',
      path: '/control/aliyun/devices',
      handler(req, ctx) {
        const b = body(req);
        const pk = b['productKey'];
        const dn = b['deviceName'];
        if (typeof pk !== 'string' || !pk || typeof dn !== 'string' || !dn) throw new HttpError(400, 'productKey and deviceName (strings) are required');
        const deviceSecret = typeof b['deviceSecret'] === 'string' && b['deviceSecret'] ? b['deviceSecret'] : newSecret();
        const rec: DeviceRecord = { ...b, vendor: VENDOR, key: deviceKey(pk, dn), productKey: pk, deviceName: dn, deviceSecret };
        ctx.registry.put(rec);
        return { status: 201, body: rec };
      },
    },
    { method: 'GET', path: re(''), handler: (req, ctx) => ({ body: dev(ctx, req) }) },
    {
      method: 'DELETE',
      path: re(''),
      handler(req, ctx) {
        const rec = dev(ctx, req);
        ctx.registry.delete(VENDOR, rec.key);
        return { body: { deleted: rec.key } };
      },
    },
    {
      method: 'POST',
      path: re('/property/set'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        if (!isObject(b['params'])) throw new HttpError(400, 'params (object) is required');
        const id = alinkId();
        const t = `/sys/${pk}/${dn}/thing/service/property/set`;
        return request(ctx, t, { id, version: '1.0', params: b['params'], method: 'thing.service.property.set' }, `${t}_reply`, timeoutOf(b), sameId(id));
      },
    },
    {
      method: 'POST',
      path: re('/property/get'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        const id = alinkId();
        const t = `/sys/${pk}/${dn}/thing/service/property/get`;
        return request(ctx, t, { id, version: '1.0', params: Array.isArray(b['params']) ? b['params'] : [], method: 'thing.service.property.get' }, `${t}_reply`, timeoutOf(b), sameId(id));
      },
    },
    {
      method: 'GET',
      path: re('/properties'),
      handler: (req, ctx) => ({ body: cloud.properties.get(dev(ctx, req).key) ?? {} }),
    },
    {
      method: 'POST',
      path: re('/service/([^/]+)'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const identifier = decodeURIComponent(req.params[2] ?? '');
        const b = body(req);
        const id = alinkId();
        // with a TSL the service must be defined there, and its callType decides RRPC (sync) unless the body says
        const defined = tslOf(ctx.registry, pk, dn)?.services?.find((sv) => sv.identifier === identifier);
        if (tslOf(ctx.registry, pk, dn) && !defined) throw new HttpError(404, `tsl service not exist: ${identifier}`);
        const sync = typeof b['sync'] === 'boolean' ? b['sync'] : defined?.callType === 'sync';
        const msg = { id, version: '1.0', params: isObject(b['params']) ? b['params'] : {}, method: `thing.service.${identifier}` };
        const inner = `/sys/${pk}/${dn}/thing/service/${identifier}`;
        if (sync) {
          const msgId = messageId();
          return rrpcRequest(ctx, `/ext/rrpc/${msgId}${inner}`, msg, timeoutOf(b), msgId);
        }
        return request(ctx, inner, msg, `${inner}_reply`, timeoutOf(b), sameId(id));
      },
    },
    {
      method: 'POST',
      path: re('/rrpc'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        const msgId = messageId();
        const ms = timeoutOf(b);
        if (typeof b['topic'] === 'string' && b['topic'].trim() !== '') {
          let t = b['topic'].trim();
          if (!t.startsWith('/')) t = `/${pk}/${dn}/${t}`;
          return rrpcRequest(ctx, `/ext/rrpc/${msgId}${t}`, payloadOf(b), ms, msgId);
        }
        const topic = `/sys/${pk}/${dn}/rrpc/request/${msgId}`;
        const wait = ctx.waitForUplink(`/sys/${pk}/${dn}/rrpc/response/${msgId}`, undefined, ms);
        wait.catch(() => undefined);
        await ctx.publish(topic, payloadOf(b), { qos: 0 });
        try {
          const up = await wait;
          return { body: { messageId: msgId, topic: up.topic, payload: up.payload.toString('utf8'), payloadBase64: up.payload.toString('base64'), reply: parseMaybe(up.payload) } };
        } catch {
          return gatewayTimeout(`/sys/${pk}/${dn}/rrpc/response/${msgId}`, ms);
        }
      },
    },
    {
      method: 'POST',
      path: re('/raw'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        const p = payloadOf(b);
        const t = `/sys/${pk}/${dn}/thing/model/down_raw`;
        if (b['wait'] !== true) {
          await ctx.publish(t, p, { qos: 0 });
          return { body: { topic: t } };
        }
        const ms = timeoutOf(b);
        const wait = ctx.waitForUplink(`${t}_reply`, undefined, ms);
        wait.catch(() => undefined);
        await ctx.publish(t, p, { qos: 0 });
        try {
          const up = await wait;
          return { body: { topic: t, replyHex: up.payload.toString('hex'), replyBase64: up.payload.toString('base64') } };
        } catch {
          return gatewayTimeout(`${t}_reply`, ms);
        }
      },
    },
    {
      method: 'POST',
      path: re('/custom'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        if (typeof b['topic'] !== 'string' || !b['topic']) throw new HttpError(400, 'topic (string) is required');
        const t = b['topic'].startsWith('/') ? b['topic'] : `/${pk}/${dn}/${b['topic']}`;
        await ctx.publish(t, payloadOf(b), { qos: b['qos'] === 1 ? 1 : 0 });
        return { body: { topic: t } };
      },
    },
    {
      method: 'POST',
      path: '/control/aliyun/routes',
      handler(req) {
        const b = body(req);
        if (typeof b['from'] !== 'string' || !b['from']) throw new HttpError(400, 'from (topic filter) is required');
        const route = b['echo'] === true || typeof b['to'] !== 'string' ? { from: b['from'] } : { from: b['from'], to: b['to'] };
        cloud.routes.push(route);
        return { status: 201, body: { routes: cloud.routes } };
      },
    },
    { method: 'GET', path: '/control/aliyun/routes', handler: () => ({ body: { routes: cloud.routes } }) },
    {
      method: 'DELETE',
      path: '/control/aliyun/routes',
      handler() {
        cloud.routes.length = 0;
        return { body: { routes: [] } };
      },
    },
    { method: 'GET', path: re('/tags'), handler: (req, ctx) => ({ body: isObject(dev(ctx, req)['tags']) ? dev(ctx, req)['tags'] as object : {} }) },
    { method: 'GET', path: re('/shadow'), handler: (req, ctx) => ({ body: shadowOf(dev(ctx, req)) }) },
    {
      method: 'PUT',
      path: re('/shadow/desired'),
      async handler(req, ctx) {
        const rec = dev(ctx, req);
        const [pk, dn] = pkdn(rec);
        const b = body(req);
        if (!isObject(b['desired'])) throw new HttpError(400, 'desired (object) is required');
        const doc = shadowOf(rec);
        const v = b['version'];
        if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v))) throw new HttpError(400, 'version must be an integer');
        if (typeof v === 'number' && v <= doc.version) return { status: 409, body: { error: 'version conflict', errorcode: '409', version: doc.version } };
        const ts = Math.floor(Date.now() / 1000);
        const desired = { ...(doc.state.desired ?? {}) };
        const meta = { ...(doc.metadata.desired ?? {}) };
        for (const [k, val] of Object.entries(b['desired'])) {
          if (val === null) {
            delete desired[k];
            delete meta[k];
          } else {
            desired[k] = val;
            meta[k] = { timestamp: ts };
          }
        }
        doc.state.desired = desired;
        doc.metadata.desired = meta;
        doc.version = typeof v === 'number' ? v : doc.version + 1;
        doc.timestamp = ts;
        ctx.registry.update(VENDOR, rec.key, { shadow: doc });
        await cloud.pushShadow(pk, dn, 'control', doc);
        return { body: doc };
      },
    },
    {
      method: 'GET',
      path: re('/topo'),
      handler(req, ctx) {
        const rec = dev(ctx, req);
        const subs = Array.isArray(rec['subDevices']) ? (rec['subDevices'] as string[]) : [];
        const online = cloud.subSessions.get(rec.key) ?? new Set<string>();
        return { body: { subDevices: subs.map((k) => ({ productKey: k.split('/')[0], deviceName: k.split('/').slice(1).join('/'), online: online.has(k) })) } };
      },
    },
    {
      method: 'DELETE',
      path: re('/topo/([^/]+)/([^/]+)'),
      async handler(req, ctx) {
        const rec = dev(ctx, req);
        const [pk, dn] = pkdn(rec);
        const sub = { productKey: decodeURIComponent(req.params[2] ?? ''), deviceName: decodeURIComponent(req.params[3] ?? '') };
        const k = deviceKey(sub.productKey, sub.deviceName);
        const subs = Array.isArray(rec['subDevices']) ? (rec['subDevices'] as string[]) : [];
        if (!subs.includes(k)) throw new HttpError(404, `${k} is not a sub-device of ${rec.key}`);
        ctx.registry.update(VENDOR, rec.key, { subDevices: subs.filter((s) => s !== k) });
        if (getDevice(ctx.registry, sub.productKey, sub.deviceName)) ctx.registry.update(VENDOR, k, { gateway: null });
        cloud.subSessions.get(rec.key)?.delete(k);
        await cloud.topoChange(pk, dn, 1, [sub]);
        return { body: { deleted: k } };
      },
    },
    {
      method: 'POST',
      path: re('/topo/change'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        const status = typeof b['status'] === 'number' ? b['status'] : 0;
        const subList = Array.isArray(b['subList']) ? b['subList'].filter(isObject).map((e) => ({ productKey: String(e['productKey']), deviceName: String(e['deviceName']) })) : [];
        await cloud.topoChange(pk, dn, status, subList);
        return { body: { topic: `/sys/${pk}/${dn}/thing/topo/change`, status, subList } };
      },
    },
    {
      method: 'POST',
      path: '/control/aliyun/firmware',
      handler(req, ctx) {
        const pk = req.query.get('productKey') ?? '';
        const version = req.query.get('version') ?? '';
        const module = req.query.get('module') || 'default';
        if (!pk || !version) throw new HttpError(400, 'productKey and version query parameters are required');
        if (req.body.length === 0) throw new HttpError(400, 'firmware body is empty');
        const name = `aliyun/${pk}/${module}-${version}.bin`.replace(/[^A-Za-z0-9._/-]/g, '_');
        ctx.files.put(name, req.body);
        const fw: Firmware = { productKey: pk, version, module, url: ctx.files.url(name), size: req.body.length, md5: digestHex('md5', req.body), sha256: digestHex('sha256', req.body) };
        cloud.firmware.push(fw);
        return { status: 201, body: fw };
      },
    },
    { method: 'GET', path: '/control/aliyun/firmware', handler: () => ({ body: { firmware: cloud.firmware } }) },
    {
      method: 'POST',
      path: re('/ota/push'),
      async handler(req, ctx) {
        const [pk, dn] = pkdn(dev(ctx, req));
        const b = body(req);
        const module = typeof b['module'] === 'string' ? b['module'] : undefined;
        const version = typeof b['version'] === 'string' ? b['version'] : undefined;
        const fw = version === undefined ? cloud.latestFirmware(pk, module) : cloud.firmware.filter((f) => f.productKey === pk && f.version === version && (module === undefined || f.module === module)).pop();
        if (!fw) throw new HttpError(404, `no firmware${version ? ` ${version}` : ''} uploaded for ${pk}`);
        const signMethod = b['signMethod'] === 'SHA256' ? 'SHA256' : 'Md5';
        const msg = { code: '1000', data: cloud.otaData(fw, signMethod, b['extData']), id: Date.now(), message: 'success' };
        const topic = `/ota/device/upgrade/${pk}/${dn}`;
        await ctx.publish(topic, msg, { qos: 1 });
        return { body: { topic, message: msg } };
      },
    },
    {
      method: 'GET',
      path: re('/ota'),
      handler(req, ctx) {
        const rec = dev(ctx, req);
        return { body: { versions: isObject(rec['firmwareVersion']) ? rec['firmwareVersion'] : {}, progress: Array.isArray(rec['otaProgress']) ? rec['otaProgress'] : [] } };
      },
    },
  ];
}
