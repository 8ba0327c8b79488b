/**
 * HTTP routes of the `huawei` plugin: `/control/huawei/...` (console actions, state) and the
 * token-protected OTA package download `/huawei/ota/<task_id>` (see README.md).
 * @packageDocumentation
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmulatorContext, HttpRequest, HttpResponse, HttpRoute } from '../../plugin.js';
import { HttpError } from '../../http/http-error.js';
import { UplinkTimeoutError } from '../../platform.js';
import { isObject, strField, type JsonObject } from './json.js';
import { getDevice, listDevices, strategyKeywords, VENDOR, childrenOf, type HuaweiDevice } from './records.js';
import type { HuaweiState, OtaTask } from './state.js';
import { base } from './topics.js';
import { eventDown, obsObjectName, subDeviceInfo, type UplinkHandler } from './uplink.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const ID = '([^/]+)';

function body(req: HttpRequest): JsonObject {
  if (req.body.length === 0) return {};
  const o = req.json<unknown>();
  if (!isObject(o)) throw new HttpError(400, 'body must be a JSON object');
  return o;
}

/** Optional `address` (`host:port`, the IoTDA instance a strategy or group provisions to). */
function addressField(b: JsonObject): string | undefined {
  const a = b['address'];
  if (a === undefined) return undefined;
  if (typeof a !== 'string' || !/^[^\s:]+:\d{1,5}$/.test(a)) throw new HttpError(400, 'address must be "host:port"');
  return a;
}

function deviceOr404(ctx: EmulatorContext, id: string): HuaweiDevice {
  const d = getDevice(ctx.registry, id);
  if (!d) throw new HttpError(404, `unknown huawei device ${id}`);
  return d;
}

/** Public view of a device record (no secret). */
function publicView(d: HuaweiDevice): JsonObject {
  const { secret, ...rest } = d;
  return { ...rest, hasSecret: secret !== undefined };
}

/** The connected device that receives requests for `d` (itself, or its gateway). */
function carrier(ctx: EmulatorContext, d: HuaweiDevice): string {
  const via = d.parentDeviceId ?? d.deviceId;
  const online = ctx.connectedClients(VENDOR).some((c) => c.session['deviceId'] === via && c.session['bootstrapOnly'] !== true);
  if (!online) throw new HttpError(409, `device ${via} is not connected`);
  return via;
}

function timeoutOf(req: HttpRequest, b: JsonObject): number {
  const raw = b['timeout_ms'] ?? req.query.get('timeout_ms');
  const n = Number(raw);
  return raw !== undefined && raw !== null && Number.isFinite(n) && n > 0 ? Math.min(n, 120_000) : DEFAULT_TIMEOUT_MS;
}

/** Publishes a request and returns the device's reply on `<kind>/response/request_id=<rid>`. */
async function request(ctx: EmulatorContext, via: string, kind: string, payload: JsonObject, timeoutMs: number): Promise<HttpResponse> {
  const rid = randomUUID();
  const replyTopic = `${base(via)}sys/${kind}/response/request_id=${rid}`;
  const reply = ctx.waitForUplink(replyTopic, undefined, timeoutMs);
  reply.catch(() => undefined);
  await ctx.publish(`${base(via)}sys/${kind}/request_id=${rid}`, payload, { qos: 1 });
  try {
    const up = await reply;
    const text = up.payload.toString('utf8');
    let response: unknown = text;
    try {
      response = JSON.parse(text) as unknown;
    } catch {
      /* keep the text */
    }
    return { body: { request_id: rid, response } };
  } catch (err) {
    if (err instanceof UplinkTimeoutError) return { status: 504, body: { error: `no reply from ${via} on ${kind}/response within ${timeoutMs} ms`, request_id: rid } };
    throw err;
  }
}

function captured(list: { time: number; topic: string; data: unknown }[]): JsonObject[] {
  return list.map((e) => ({ time: e.time, topic: e.topic, data: e.data }));
}

function otaView(t: OtaTask): JsonObject {
  const { access_token, ...rest } = t;
  return { ...rest, protected: access_token !== undefined };
}

/** Builds every HTTP route of the plugin. */
export function huaweiRoutes(state: HuaweiState, uplink: UplinkHandler): HttpRoute[] {
  const r = (method: HttpRoute['method'], path: string | RegExp, handler: HttpRoute['handler']): HttpRoute => ({ method, path, handler });
  const dev = (tail: string): RegExp => new RegExp(`^/control/huawei/devices/${ID}${tail}$`);
  const idOf = (req: HttpRequest): string => decodeURIComponent(req.params[0] ?? '');

  return [
    // registry
    r('GET', '/control/huawei/devices', (_req, ctx) => ({ body: listDevices(ctx.registry).map(publicView) })),
    r('GET', dev(''), (req, ctx) => ({ body: publicView(deviceOr404(ctx, idOf(req))) })),
    r('PUT', dev(''), (req, ctx) => {
      const id = idOf(req);
      if (id.startsWith('group:') || id.startsWith('strategy:')) throw new HttpError(400, 'device ids may not start with group: or strategy:');
      const b = body(req);
      const patch: JsonObject = {};
      for (const k of ['secret', 'fingerprint', 'productId', 'nodeId', 'name', 'description', 'parentDeviceId', 'status', 'fwVersion', 'swVersion']) {
        if (b[k] !== undefined) {
          if (typeof b[k] !== 'string') throw new HttpError(400, `${k} must be a string`);
          patch[k] = b[k];
        }
      }
      ctx.registry.update(VENDOR, id, patch);
      return { body: publicView(deviceOr404(ctx, id)) };
    }),
    r('DELETE', dev(''), (req, ctx) => {
      if (!ctx.registry.delete(VENDOR, idOf(req))) throw new HttpError(404, `unknown huawei device ${idOf(req)}`);
      return { status: 204 };
    }),

    // commands, properties, messages, events
    r('POST', dev('/commands'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const via = carrier(ctx, d);
      const payload = { object_device_id: d.deviceId, service_id: strField(b, 'service_id') ?? '', command_name: strField(b, 'command_name') ?? '', paras: isObject(b['paras']) ? b['paras'] : {} };
      return await request(ctx, via, 'commands', payload, timeoutOf(req, b));
    }),
    r('POST', dev('/properties/set'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      if (!Array.isArray(b['services'])) throw new HttpError(400, 'services must be an array of {service_id, properties}');
      const via = carrier(ctx, d);
      return await request(ctx, via, 'properties/set', { object_device_id: d.deviceId, services: b['services'] }, timeoutOf(req, b));
    }),
    r('GET', dev('/properties'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const via = carrier(ctx, d);
      const payload: JsonObject = { object_device_id: d.deviceId };
      const sid = req.query.get('service_id');
      if (sid !== null) payload['service_id'] = sid;
      return await request(ctx, via, 'properties/get', payload, timeoutOf(req, {}));
    }),
    r('POST', dev('/messages'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const via = carrier(ctx, d);
      const topic = strField(b, 'topic');
      if (topic !== undefined) {
        const p = b['payload'];
        await ctx.publish(topic, typeof p === 'string' ? p : JSON.stringify(p ?? ''), { qos: b['qos'] === 0 ? 0 : 1 });
        return { status: 202, body: { topic } };
      }
      const msg = { object_device_id: d.deviceId, name: b['name'] ?? null, id: b['id'] ?? null, content: b['content'] ?? null };
      const t = `${base(via)}sys/messages/down`;
      await ctx.publish(t, msg, { qos: 1 });
      return { status: 202, body: { topic: t } };
    }),
    r('GET', dev('/messages'), (req) => ({ body: captured(state.messages.get(idOf(req))) })),
    r('POST', dev('/events'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const via = carrier(ctx, d);
      const sid = strField(b, 'service_id');
      const type = strField(b, 'event_type');
      if (!sid || !type) throw new HttpError(400, 'service_id and event_type are required');
      await ctx.publish(`${base(via)}sys/events/down`, eventDown(d.deviceId, sid, type, isObject(b['paras']) ? b['paras'] : {}, strField(b, 'event_id')), { qos: 1 });
      return { status: 202, body: { topic: `${base(via)}sys/events/down` } };
    }),

    // shadow
    r('GET', dev('/shadow'), (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const shadow = [...state.shadowOf(d.deviceId)].map(([service_id, s]) => ({ service_id, ...s }));
      return { body: { device_id: d.deviceId, shadow } };
    }),
    r('PUT', dev('/shadow/desired'), (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const sid = strField(b, 'service_id');
      if (!sid || !isObject(b['properties'])) throw new HttpError(400, 'service_id and properties are required');
      const svc = state.shadowService(d.deviceId, sid);
      Object.assign(svc.desired.properties, b['properties']);
      svc.desired.event_time = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      svc.version += 1;
      return { body: { service_id: sid, ...svc } };
    }),

    // info, logs, files
    r('GET', dev('/info'), (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      return { body: { device_id: d.deviceId, fw_version: d.fwVersion ?? null, sw_version: d.swVersion ?? null, sdk_info: state.sdkInfo.get(d.deviceId) ?? null, online: ctx.connectedClients(VENDOR).some((c) => c.session['deviceId'] === d.deviceId), status: d.status ?? null } };
    }),
    r('GET', dev('/logs'), (req) => ({ body: captured(state.logs.get(idOf(req))) })),
    r('GET', dev('/events'), (req) => ({ body: captured(state.events.get(idOf(req))) })),
    r('GET', dev('/files'), (req) => ({ body: captured(state.files.get(idOf(req))) })),

    // OTA
    r('POST', dev('/ota/version-query'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const via = carrier(ctx, d);
      const paras: JsonObject = {};
      for (const k of ['task_id', 'sub_device_count', 'task_ext_info']) if (b[k] !== undefined) paras[k] = b[k];
      await ctx.publish(`${base(via)}sys/events/down`, eventDown(d.deviceId, '$ota', 'version_query', paras), { qos: 1 });
      return { status: 202, body: {} };
    }),
    r('POST', dev('/ota/upgrade'), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const file = strField(b, 'file');
      const version = strField(b, 'version');
      if (!file || !version) throw new HttpError(400, 'file and version are required');
      const info = ctx.files.info(file);
      if (!info) throw new HttpError(404, `no file ${file} in the store (PUT /files/${file} first)`);
      const type = b['type'] === 'software' ? 'software' : 'firmware';
      const v2 = b['v2'] === true;
      const expires = typeof b['expires'] === 'number' ? b['expires'] : 86400;
      const via = carrier(ctx, d);
      const task_id = strField(b, 'task_id') ?? randomUUID().replace(/-/g, '');
      const task: OtaTask = { task_id, device_id: d.deviceId, file, version, type, v2, expires_at: Date.now() + expires * 1000, status: 'PENDING', reports: [] };
      let paras: JsonObject;
      if (v2) {
        paras = { version, url: `${ctx.httpUrl}/files/${file}`, file_size: info.size, file_name: file, expires, sign: info.sha256, task_id };
      } else {
        task.access_token = randomBytes(16).toString('hex');
        paras = { version, url: `${ctx.httpUrl}/huawei/ota/${task_id}`, file_size: info.size, access_token: task.access_token, expires, sign: info.sha256, file_name: file, task_id };
      }
      for (const k of ['custom_info', 'sub_device_count', 'task_ext_info']) if (b[k] !== undefined) paras[k] = b[k];
      state.otaTasks.set(task_id, task);
      await ctx.publish(`${base(via)}sys/events/down`, eventDown(d.deviceId, '$ota', `${type}_upgrade${v2 ? '_v2' : ''}`, paras), { qos: 1 });
      return { status: 202, body: v2 ? { task_id } : { task_id, access_token: task.access_token } };
    }),
    r('GET', dev('/ota'), (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const tasks = [...state.otaTasks.values()].filter((t) => t.device_id === d.deviceId).map(otaView);
      return { body: { device_id: d.deviceId, fw_version: d.fwVersion ?? null, sw_version: d.swVersion ?? null, version_report: state.versions.get(d.deviceId) ?? null, tasks } };
    }),
    r('GET', /^\/huawei\/ota\/([^/]+)$/, (req, ctx) => {
      const task = state.otaTasks.get(decodeURIComponent(req.params[0] ?? ''));
      if (!task || task.v2) throw new HttpError(404, 'unknown OTA package');
      const auth = req.headers.authorization ?? '';
      if (auth !== `Bearer ${task.access_token ?? ''}`) return { status: 401, body: { error_code: 'IOTDA.000002', error_msg: 'invalid access token' } };
      if (Date.now() > task.expires_at) return { status: 403, body: { error_code: 'IOTDA.000003', error_msg: 'access token expired' } };
      const f = ctx.files.get(task.file);
      if (!f) throw new HttpError(404, 'the package file was deleted');
      if (task.status === 'PENDING') task.status = 'IN_PROGRESS';
      return rangeResponse(req, f.data);
    }),

    // OBS stand-in behind the file URLs of $file_manager: PUT stores the object and answers 200 (as OBS PutObject), GET serves it
    r('PUT', /^\/huawei\/obs\/([^/]+)\/([^/]+)$/, (req, ctx) => {
      const info = ctx.files.put(obsObjectName(decodeURIComponent(req.params[0] ?? ''), decodeURIComponent(req.params[1] ?? '')), req.body);
      return { status: 200, headers: { etag: info.etag }, body: '' };
    }),
    r('GET', /^\/huawei\/obs\/([^/]+)\/([^/]+)$/, (req, ctx) => {
      const f = ctx.files.get(obsObjectName(decodeURIComponent(req.params[0] ?? ''), decodeURIComponent(req.params[1] ?? '')));
      if (!f) return { status: 404, body: { code: 'NoSuchKey', message: 'The specified key does not exist.' } };
      return rangeResponse(req, f.data);
    }),

    // device rules
    r('GET', dev('/rules'), (req) => ({ body: [...state.rulesOf(idOf(req)).values()] })),
    r('PUT', new RegExp(`^/control/huawei/devices/${ID}/rules/${ID}$`), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const ruleId = decodeURIComponent(req.params[1] ?? '');
      const b = body(req);
      const rules = state.rulesOf(d.deviceId);
      const prev = Number(rules.get(ruleId)?.['ruleVersionInShadow'] ?? 0);
      const version = prev + 1;
      rules.set(ruleId, { ...b, ruleId, ruleVersionInShadow: version });
      const via = carrier(ctx, d);
      return await request(ctx, via, 'properties/set', { object_device_id: d.deviceId, services: [{ service_id: '$device_rule', properties: { [ruleId]: { version } } }] }, timeoutOf(req, b));
    }),
    r('DELETE', new RegExp(`^/control/huawei/devices/${ID}/rules/${ID}$`), async (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      const ruleId = decodeURIComponent(req.params[1] ?? '');
      if (!state.rulesOf(d.deviceId).delete(ruleId)) throw new HttpError(404, `unknown rule ${ruleId}`);
      const via = carrier(ctx, d);
      return await request(ctx, via, 'properties/set', { object_device_id: d.deviceId, services: [{ service_id: '$device_rule', properties: { [ruleId]: { version: -1 } } }] }, timeoutOf(req, {}));
    }),

    // gateway
    r('GET', dev('/sub-devices'), (req, ctx) => {
      const d = deviceOr404(ctx, idOf(req));
      return { body: { version: state.topologyOf(d.deviceId).version, devices: childrenOf(ctx.registry, d.deviceId).map(subDeviceInfo) } };
    }),
    r('POST', dev('/sub-devices'), async (req, ctx) => {
      const gw = deviceOr404(ctx, idOf(req));
      const b = body(req);
      const node = strField(b, 'node_id');
      const product = strField(b, 'product_id');
      if (!node || !product) throw new HttpError(400, 'node_id and product_id are required');
      const id = strField(b, 'device_id') ?? `${product}_${node}`;
      const existing = getDevice(ctx.registry, id);
      if (existing && existing.parentDeviceId !== gw.deviceId) throw new HttpError(409, `device ${id} already exists`);
      ctx.registry.update(VENDOR, id, { productId: product, nodeId: node, name: strField(b, 'name') ?? node, description: strField(b, 'description') ?? '', parentDeviceId: gw.deviceId, status: 'INACTIVE' });
      const topo = state.topologyOf(gw.deviceId);
      topo.version += 1;
      const sub = subDeviceInfo(getDevice(ctx.registry, id)!);
      topo.added.push({ version: topo.version, device: sub });
      if (ctx.connectedClients(VENDOR).some((c) => c.session['deviceId'] === gw.deviceId)) {
        await ctx.publish(`${base(gw.deviceId)}sys/events/down`, eventDown(gw.deviceId, '$sub_device_manager', 'add_sub_device_notify', { devices: [sub], version: topo.version }), { qos: 1 });
      }
      return { status: 202, body: { version: topo.version, device: sub } };
    }),
    r('DELETE', new RegExp(`^/control/huawei/devices/${ID}/sub-devices/${ID}$`), async (req, ctx) => {
      const gw = deviceOr404(ctx, idOf(req));
      const id = decodeURIComponent(req.params[1] ?? '');
      const d = getDevice(ctx.registry, id);
      if (!d || d.parentDeviceId !== gw.deviceId) throw new HttpError(404, `${id} is not a sub-device of ${gw.deviceId}`);
      ctx.registry.delete(VENDOR, id);
      const topo = state.topologyOf(gw.deviceId);
      topo.version += 1;
      const sub = subDeviceInfo(d);
      topo.deleted.push({ version: topo.version, device: sub });
      if (ctx.connectedClients(VENDOR).some((c) => c.session['deviceId'] === gw.deviceId)) {
        await ctx.publish(`${base(gw.deviceId)}sys/events/down`, eventDown(gw.deviceId, '$sub_device_manager', 'delete_sub_device_notify', { devices: [sub], version: topo.version }), { qos: 1 });
      }
      return { status: 202, body: { version: topo.version } };
    }),

    // bootstrap
    r('PUT', /^\/control\/huawei\/bootstrap\/groups\/([^/]+)$/, (req, ctx) => {
      const b = body(req);
      const scopeSecret = b['scopeSecret'];
      if (scopeSecret !== undefined && typeof scopeSecret !== 'string') throw new HttpError(400, 'scopeSecret must be a base64 string');
      const fingerprints = Array.isArray(b['fingerprints']) ? b['fingerprints'].filter((f) => typeof f === 'string') : [];
      const address = addressField(b);
      const key = `group:${decodeURIComponent(req.params[0] ?? '')}`;
      ctx.registry.put({ vendor: VENDOR, key, kind: 'group', ...(scopeSecret !== undefined ? { scopeSecret } : {}), fingerprints, ...(address !== undefined ? { address } : {}) });
      return { body: { key } };
    }),
    r('PUT', /^\/control\/huawei\/bootstrap\/strategies\/([^/]+)$/, (req, ctx) => {
      const address = addressField(body(req));
      const key = `strategy:${decodeURIComponent(req.params[0] ?? '')}`;
      ctx.registry.put({ vendor: VENDOR, key, kind: 'strategy', ...(address !== undefined ? { address } : {}) });
      return { body: { key } };
    }),
    r('GET', '/control/huawei/bootstrap', (_req, ctx) => ({
      body: {
        groups: ctx.registry.list(VENDOR).filter((x) => x.key.startsWith('group:')).map((x) => x.key.slice(6)),
        strategies: strategyKeywords(ctx.registry),
        provisioned: state.bootstrapped,
      },
    })),
    r('POST', dev('/sub-devices/sync'), async (req, ctx) => {
      const gw = deviceOr404(ctx, idOf(req));
      carrier(ctx, gw);
      await uplink.syncSubDevices(gw.deviceId, Number(body(req)['version'] ?? 0), ctx);
      return { status: 202, body: {} };
    }),
  ];
}

/** Whole body or one `bytes=a-b` range. */
function rangeResponse(req: HttpRequest, data: Buffer): HttpResponse {
  const h = req.headers.range;
  const m = typeof h === 'string' ? /^bytes=(\d*)-(\d*)$/.exec(h.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return { headers: { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes' }, body: data };
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, data.length - Number(m[2]));
    end = data.length - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? data.length - 1 : Math.min(Number(m[2]), data.length - 1);
  }
  if (start >= data.length || start > end) return { status: 416, headers: { 'content-range': `bytes */${data.length}` }, body: '' };
  return { status: 206, headers: { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${data.length}` }, body: data.subarray(start, end + 1) };
}
