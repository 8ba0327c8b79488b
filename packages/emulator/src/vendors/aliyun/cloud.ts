/**
 * The Aliyun platform state and uplink handling: thing model, tags, raw, shadow, gateway, OTA, custom routes.
 * @packageDocumentation
 */
import type { ClientInfo, EmulatorContext } from '../../plugin.js';
import type { DeviceRecord } from '../../registry.js';
import { topicMatches } from '../../topic.js';
import { alinkReply, CODES, parseAlink } from './alink.js';
import { newSecret, verifySign } from './crypto.js';
import { deviceKey, flag, getDevice, getProduct, identifiers, isActivated, isObject, str, tslOf, VENDOR } from './records.js';

/** A firmware image uploaded to the emulator. */
export interface Firmware {
  /** Product the firmware belongs to. */
  productKey: string;
  /** Firmware version. */
  version: string;
  /** Module (`default` when none). */
  module: string;
  /** Download URL on the emulator's file server. */
  url: string;
  /** Size in bytes. */
  size: number;
  /** Lower-case hex MD5. */
  md5: string;
  /** Lower-case hex SHA-256. */
  sha256: string;
}

/** A custom-topic route: uplinks on `from` are re-published on `to` (or echoed). */
export interface CustomRoute {
  /** Topic filter of the uplinks. */
  from: string;
  /** Target topic; absent → the uplink's own topic (echo). */
  to?: string;
}

/** Shadow document as stored on the device record. */
export interface ShadowDoc {
  /** `reported` / `desired` sections. */
  state: { reported?: Record<string, unknown>; desired?: Record<string, unknown> };
  /** Per-key timestamps. */
  metadata: { reported?: Record<string, { timestamp: number }>; desired?: Record<string, { timestamp: number }> };
  /** Shadow version. */
  version: number;
  /** Last change, Unix seconds. */
  timestamp: number;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** Reads the shadow of a record (an empty one at version 0 when none). */
export function shadowOf(rec: DeviceRecord | undefined): ShadowDoc {
  const s = rec?.['shadow'];
  if (isObject(s) && typeof s['version'] === 'number') return structuredClone(s) as unknown as ShadowDoc;
  return { state: {}, metadata: {}, version: 0, timestamp: now() };
}

/** Merges values into a shadow section (the string "null" or null deletes a key). */
function mergeSection(doc: ShadowDoc, section: 'reported' | 'desired', values: Record<string, unknown>): void {
  const target = { ...(doc.state[section] ?? {}) };
  const meta = { ...(doc.metadata[section] ?? {}) };
  const ts = now();
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === 'null') {
      delete target[k];
      delete meta[k];
    } else {
      target[k] = v;
      meta[k] = { timestamp: ts };
    }
  }
  doc.state[section] = target;
  doc.metadata[section] = meta;
  doc.timestamp = ts;
}

/** Shadow error replies (vendor table: 400 bad JSON … 409 version conflict). */
export const SHADOW_ERRORS: Record<string, string> = {
  '400': 'invalid json',
  '401': 'method missing',
  '402': 'state missing',
  '403': 'version is not a number',
  '404': 'reported missing',
  '405': 'reported is empty',
  '406': 'invalid method',
  '407': 'shadow document is empty',
  '409': 'version conflict',
};

/** Platform state of the aliyun plugin. */
export class AliyunCloud {
  /** Uploaded firmware, newest last. */
  readonly firmware: Firmware[] = [];
  /** Custom-topic routes. */
  readonly routes: CustomRoute[] = [];
  /** Logged-in sub-devices per gateway key (`pk/dn` → set of `pk/dn`). */
  readonly subSessions = new Map<string, Set<string>>();
  /** Last posted property values per device key. */
  readonly properties = new Map<string, Record<string, unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly ctx: () => EmulatorContext) {}

  /** Schedules work that close() cancels. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Cancels timers. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /**
   * A device record was deleted: drop what the platform holds about it outside its record (posted properties,
   * sub-device logins) and the topology links that point at it (a gateway's `subDevices` entry, its
   * sub-devices' `gateway`), so that a device created again under the same key starts clean. Shadow, tags and
   * OTA state live in the record and went with it.
   */
  forget(key: string): void {
    this.properties.delete(key);
    this.subSessions.delete(key);
    for (const set of this.subSessions.values()) set.delete(key);
    const reg = this.ctx().registry;
    for (const r of reg.list(VENDOR)) {
      if (r['kind'] === 'product') continue;
      const subs = r['subDevices'];
      if (Array.isArray(subs) && subs.includes(key)) reg.update(VENDOR, r.key, { subDevices: subs.filter((s) => s !== key) });
      const gw = r['gateway'];
      if (isObject(gw) && typeof gw['productKey'] === 'string' && typeof gw['deviceName'] === 'string' && deviceKey(gw['productKey'], gw['deviceName']) === key) reg.update(VENDOR, r.key, { gateway: null });
    }
  }

  /** Is `pk/dn` a sub-device (in topology) of the gateway `gwKey`? */
  inTopology(gwKey: string, subKey: string): boolean {
    const [pk, dn] = gwKey.split('/') as [string, string];
    const gw = getDevice(this.ctx().registry, pk, dn);
    const subs = gw?.['subDevices'];
    return Array.isArray(subs) && subs.includes(subKey);
  }

  /** Publishes a shadow document to the device (`method` reply or control). */
  async pushShadow(pk: string, dn: string, method: 'reply' | 'control', doc: ShadowDoc): Promise<void> {
    const payload = method === 'control'
      ? { method, payload: { status: 'success', state: doc.state, metadata: doc.metadata }, timestamp: doc.timestamp, version: doc.version }
      : { method, payload: { status: 'success', state: doc.state, metadata: doc.metadata, timestamp: doc.timestamp, version: doc.version } };
    await this.ctx().publish(`/shadow/get/${pk}/${dn}`, payload, { qos: 1 });
  }

  /** Sends a topology change notification to a gateway. */
  async topoChange(gwPk: string, gwDn: string, status: number, subList: { productKey: string; deviceName: string }[]): Promise<void> {
    await this.ctx().publish(`/sys/${gwPk}/${gwDn}/thing/topo/change`, {
      id: String(Date.now()),
      version: '1.0',
      params: { status, subList },
      method: 'thing.topo.change',
    });
  }

  /** Handles one uplink (never throws on bad input). */
  async onPublish(client: ClientInfo, topic: string, payload: Buffer): Promise<void> {
    if (client.session['kind'] === 'dynreg') return;
    const ctx = this.ctx();
    const s = topic.split('/');
    if (s[1] === 'sys' && s.length >= 5) {
      const pk = s[2] ?? '';
      const dn = s[3] ?? '';
      if (s[4] === 'thing') return this.onThing(pk, dn, s.slice(5).join('/'), topic, payload, client);
      return; // rrpc/response etc.: consumed by waiters
    }
    if (s[1] === 'shadow' && s[2] === 'update' && s.length === 5) return this.onShadow(s[3] ?? '', s[4] ?? '', payload);
    if (s[1] === 'ext' && s[2] === 'session' && s.length === 7 && s[5] === 'combine') return this.onSession(s[3] ?? '', s[4] ?? '', s[6] ?? '', topic, payload);
    if (s[1] === 'ota' && s[2] === 'device' && s.length === 6) return this.onOtaReport(s[3] ?? '', s[4] ?? '', s[5] ?? '', payload);
    for (const r of this.routes) {
      if (topicMatches(r.from, topic)) await ctx.publish(r.to ?? topic, Buffer.from(payload), { qos: 0 });
    }
  }

  private async reply(topic: string, id: unknown, code: number, data: unknown, message: string, method?: string): Promise<void> {
    await this.ctx().publish(`${topic}_reply`, alinkReply(id, code, data, message, method));
  }

  private async onThing(pk: string, dn: string, rest: string, topic: string, payload: Buffer, client: ClientInfo): Promise<void> {
    const ctx = this.ctx();
    const key = deviceKey(pk, dn);
    // device → cloud replies (consumed by the control routes' waiters)
    if (rest.endsWith('_reply') || rest === 'model/down_raw_reply') return;
    if (rest === 'model/up_raw') {
      // a copy: the reply must not be the very Buffer of the uplink (a broker may tell a device's own messages by it)
      await ctx.publish(`${topic}_reply`, Buffer.from(payload));
      return;
    }
    const replied = new Set(['event/property/post', 'deviceinfo/update', 'deviceinfo/delete', 'topo/add', 'topo/delete', 'topo/get', 'sub/register', 'proxy/provisioning/product_register', 'ota/firmware/get']);
    const isEvent = /^event\/[^/]+\/post$/.test(rest);
    if (!replied.has(rest) && !isEvent) {
      ctx.log.debug(`ignored uplink on ${topic}`);
      return;
    }
    const req = parseAlink(payload);
    if (!req) {
      await this.reply(topic, null, CODES.badRequest, {}, 'request parameter error: payload is not a JSON object');
      return;
    }
    const method = req.method ?? `thing.${rest.replace(/\//g, '.')}`;
    const tsl = tslOf(ctx.registry, pk, dn);
    if (rest === 'event/property/post') {
      if (!isObject(req.params)) return this.reply(topic, req.id, CODES.badRequest, {}, 'request parameter error: params must be an object', method);
      if (tsl) {
        const known = new Set(identifiers(tsl.properties));
        const unknown = Object.keys(req.params).find((k) => !known.has(k));
        if (unknown !== undefined) return this.reply(topic, req.id, CODES.tslNotFound, {}, `tsl property not exist: ${unknown}`, method);
      }
      this.properties.set(key, { ...(this.properties.get(key) ?? {}), ...req.params });
      return this.reply(topic, req.id, CODES.ok, {}, 'success', method);
    }
    if (isEvent) {
      const event = rest.split('/')[1] ?? '';
      if (tsl && !identifiers(tsl.events).includes(event)) return this.reply(topic, req.id, CODES.tslNotFound, {}, `tsl event not exist: ${event}`, method);
      return this.reply(topic, req.id, CODES.ok, {}, 'success', method);
    }
    if (rest === 'deviceinfo/update' || rest === 'deviceinfo/delete') {
      const items = Array.isArray(req.params) ? req.params.filter(isObject) : undefined;
      if (!items || items.some((i) => typeof i['attrKey'] !== 'string')) return this.reply(topic, req.id, CODES.badRequest, {}, 'request parameter error: params must be a list of {attrKey, attrValue}', method);
      const rec = getDevice(ctx.registry, pk, dn);
      if (rec) {
        const tags = isObject(rec['tags']) ? { ...rec['tags'] } : {};
        for (const i of items) {
          const k = i['attrKey'] as string;
          if (rest === 'deviceinfo/update') tags[k] = i['attrValue'];
          else delete tags[k];
        }
        ctx.registry.update(VENDOR, key, { tags });
      }
      return this.reply(topic, req.id, CODES.ok, {}, 'success', method);
    }
    if (rest.startsWith('topo/') || rest === 'sub/register' || rest === 'proxy/provisioning/product_register') return this.onGateway(pk, dn, rest, topic, req.id, req.params, method);
    // ota/firmware/get
    const module = isObject(req.params) && typeof req.params['module'] === 'string' ? req.params['module'] : undefined;
    const fw = this.latestFirmware(pk, module);
    void client;
    await ctx.publish(`${topic}_reply`, alinkReply(req.id, CODES.ok, fw ? this.otaData(fw, 'Md5') : {}, 'success', 'thing.ota.firmware.get'));
  }

  /** Newest firmware of a product (for a module when given). */
  latestFirmware(pk: string, module?: string): Firmware | undefined {
    for (let i = this.firmware.length - 1; i >= 0; i--) {
      const f = this.firmware[i];
      if (f && f.productKey === pk && (module === undefined || f.module === module)) return f;
    }
    return undefined;
  }

  /** The `data` object of an OTA push or pull answer. */
  otaData(fw: Firmware, signMethod: 'Md5' | 'SHA256', extData?: unknown): Record<string, unknown> {
    const data: Record<string, unknown> = {
      size: fw.size,
      version: fw.version,
      url: fw.url,
      md5: fw.md5,
      sign: signMethod === 'Md5' ? fw.md5 : fw.sha256,
      signMethod,
      module: fw.module,
    };
    if (extData !== undefined) data['extData'] = extData;
    return data;
  }

  private async onGateway(pk: string, dn: string, rest: string, topic: string, id: unknown, params: unknown, method: string): Promise<void> {
    const reg = this.ctx().registry;
    const gwKey = deviceKey(pk, dn);
    const list = Array.isArray(params) ? params.filter(isObject) : [];
    const pairOf = (e: Record<string, unknown>): { productKey: string; deviceName: string } | undefined =>
      typeof e['productKey'] === 'string' && typeof e['deviceName'] === 'string' ? { productKey: e['productKey'], deviceName: e['deviceName'] } : undefined;
    if (rest === 'topo/get') {
      const gw = getDevice(reg, pk, dn);
      const subs = Array.isArray(gw?.['subDevices']) ? (gw['subDevices'] as string[]) : [];
      return this.reply(topic, id, CODES.ok, subs.map((k) => ({ productKey: k.split('/')[0], deviceName: k.split('/').slice(1).join('/') })), 'success', 'thing.topo.get');
    }
    if (rest === 'topo/add' || rest === 'topo/delete' || rest === 'sub/register') {
      if (!Array.isArray(params) || list.length === 0 || list.some((e) => !pairOf(e))) return this.reply(topic, id, CODES.badRequest, {}, 'request parameter error', method);
    }
    if (rest === 'topo/add') {
      for (const e of list) {
        const p = pairOf(e);
        if (!p) continue;
        const sub = getDevice(reg, p.productKey, p.deviceName);
        const secret = str(sub, 'deviceSecret');
        if (!sub || !secret) return this.reply(topic, id, CODES.deviceNotFound, {}, `device not found: ${p.productKey}/${p.deviceName}`, method);
        const content = `clientId${String(e['clientId'])}deviceName${p.deviceName}productKey${p.productKey}timestamp${String(e['timestamp'])}`;
        if (!verifySign(String(e['signmethod'] ?? e['signMethod'] ?? 'hmacsha1'), secret, content, String(e['sign'] ?? ''))) {
          return this.reply(topic, id, CODES.badSign, {}, `sign check failed: ${p.productKey}/${p.deviceName}`, method);
        }
      }
      const gw = getDevice(reg, pk, dn);
      const subs = new Set(Array.isArray(gw?.['subDevices']) ? (gw['subDevices'] as string[]) : []);
      const added = list.map(pairOf).filter((p): p is { productKey: string; deviceName: string } => p !== undefined);
      for (const p of added) {
        subs.add(deviceKey(p.productKey, p.deviceName));
        reg.update(VENDOR, deviceKey(p.productKey, p.deviceName), { gateway: { productKey: pk, deviceName: dn } });
      }
      if (gw) reg.update(VENDOR, gwKey, { subDevices: [...subs] });
      return this.reply(topic, id, CODES.ok, added, 'success', 'thing.topo.add');
    }
    if (rest === 'topo/delete') {
      const gw = getDevice(reg, pk, dn);
      const subs = new Set(Array.isArray(gw?.['subDevices']) ? (gw['subDevices'] as string[]) : []);
      const removed = list.map(pairOf).filter((p): p is { productKey: string; deviceName: string } => p !== undefined);
      for (const p of removed) {
        const k = deviceKey(p.productKey, p.deviceName);
        subs.delete(k);
        this.subSessions.get(gwKey)?.delete(k);
        if (getDevice(reg, p.productKey, p.deviceName)) reg.update(VENDOR, k, { gateway: null });
      }
      if (gw) reg.update(VENDOR, gwKey, { subDevices: [...subs] });
      return this.reply(topic, id, CODES.ok, removed, 'success', 'thing.topo.delete');
    }
    if (rest === 'sub/register') {
      const pairs = list.map(pairOf).filter((p): p is { productKey: string; deviceName: string } => p !== undefined);
      for (const p of pairs) {
        const product = getProduct(reg, p.productKey);
        if (product && !flag(product, 'dynamicRegistration', true)) return this.reply(topic, id, CODES.dynregFailed, {}, `dynamic registration is off for ${p.productKey}`, method);
        // a device registers only once: an activated sub-device keeps the secret it got (as HTTPS/MQTT registration)
        if (isActivated(getDevice(reg, p.productKey, p.deviceName))) return this.reply(topic, id, CODES.dynregFailed, {}, `device is already activated: ${p.productKey}/${p.deviceName}`, method);
      }
      const out = pairs.map((p) => ({ productKey: p.productKey, deviceName: p.deviceName, deviceSecret: this.ensureDevice(p.productKey, p.deviceName) }));
      return this.reply(topic, id, CODES.ok, out, 'success', 'thing.sub.register');
    }
    // product_register
    const proxieds = isObject(params) && Array.isArray(params['proxieds']) ? params['proxieds'].filter(isObject) : [];
    if (proxieds.length === 0) return this.reply(topic, id, CODES.badRequest, {}, 'request parameter error', method);
    const pairs: { productKey: string; deviceName: string }[] = [];
    for (const e of proxieds) {
      const p = pairOf(e);
      if (!p) return this.reply(topic, id, CODES.badRequest, {}, 'request parameter error', method);
      const ps = str(getProduct(reg, p.productKey), 'productSecret');
      if (!ps) return this.reply(topic, id, CODES.productNotFound, {}, `product not found: ${p.productKey}`, method);
      const content = `deviceName${p.deviceName}productKey${p.productKey}random${String(e['random'] ?? '')}`;
      if (!verifySign(String(e['signMethod'] ?? 'hmacsha256'), ps, content, String(e['sign'] ?? ''))) return this.reply(topic, id, CODES.badSign, {}, `sign check failed: ${p.productKey}/${p.deviceName}`, method);
      if (isActivated(getDevice(reg, p.productKey, p.deviceName))) return this.reply(topic, id, CODES.dynregFailed, {}, `device is already activated: ${p.productKey}/${p.deviceName}`, method);
      pairs.push(p);
    }
    const out = pairs.map((p) => ({ productKey: p.productKey, deviceName: p.deviceName, deviceSecret: this.ensureDevice(p.productKey, p.deviceName) }));
    return this.reply(topic, id, CODES.ok, { proxieds: out }, 'success', 'thing.proxy.provisioning.product_register');
  }

  /** Creates the device when missing; returns its secret. */
  ensureDevice(pk: string, dn: string): string {
    const reg = this.ctx().registry;
    const rec = getDevice(reg, pk, dn);
    const existing = str(rec, 'deviceSecret');
    if (existing) return existing;
    const secret = newSecret();
    if (rec) reg.update(VENDOR, deviceKey(pk, dn), { deviceSecret: secret });
    else reg.put({ vendor: VENDOR, key: deviceKey(pk, dn), productKey: pk, deviceName: dn, deviceSecret: secret });
    return secret;
  }

  private async onSession(pk: string, dn: string, action: string, topic: string, payload: Buffer): Promise<void> {
    if (action !== 'batch_login' && action !== 'batch_logout') return;
    const reg = this.ctx().registry;
    const gwKey = deviceKey(pk, dn);
    const req = parseAlink(payload);
    if (!req) return this.reply(topic, null, CODES.badRequest, {}, 'request parameter error: payload is not a JSON object');
    const sessions = this.subSessions.get(gwKey) ?? new Set<string>();
    this.subSessions.set(gwKey, sessions);
    const successList: Record<string, unknown>[] = [];
    const failList: Record<string, unknown>[] = [];
    if (action === 'batch_login') {
      const params = isObject(req.params) ? req.params : {};
      const devices = Array.isArray(params['deviceList']) ? params['deviceList'].filter(isObject) : [];
      const signMethod = String(params['signMethod'] ?? 'hmacsha256');
      if (devices.length === 0) return this.reply(topic, req.id, CODES.badRequest, {}, 'request parameter error: deviceList is empty');
      for (const d of devices) {
        const spk = String(d['productKey'] ?? '');
        const sdn = String(d['deviceName'] ?? '');
        const k = deviceKey(spk, sdn);
        const secret = str(getDevice(reg, spk, sdn), 'deviceSecret');
        const content = `clientId${String(d['clientId'])}deviceName${sdn}productKey${spk}timestamp${String(d['timestamp'])}`;
        let reason = '';
        if (!secret) reason = 'device not found';
        else if (!this.inTopology(gwKey, k)) reason = 'topo relation not exist';
        else if (!verifySign(signMethod, secret, content, String(d['sign'] ?? ''))) reason = 'sign check failed';
        if (reason) failList.push({ productKey: spk, deviceName: sdn, message: reason });
        else {
          sessions.add(k);
          successList.push({ productKey: spk, deviceName: sdn });
          // a login with its own secret activates the sub-device, as a direct connection does
          if (!isActivated(getDevice(reg, spk, sdn))) reg.update(VENDOR, k, { activated: true });
        }
      }
    } else {
      const list = Array.isArray(req.params) ? req.params.filter(isObject) : [];
      for (const d of list) {
        const k = deviceKey(String(d['productKey'] ?? ''), String(d['deviceName'] ?? ''));
        sessions.delete(k);
        successList.push({ productKey: d['productKey'], deviceName: d['deviceName'] });
      }
    }
    const code = failList.length === 0 ? CODES.ok : CODES.topoNotFound;
    return this.reply(topic, req.id, code, { successList, failList }, code === CODES.ok ? 'success' : 'some sub-devices failed', `combine.${action}`);
  }

  private async onShadow(pk: string, dn: string, payload: Buffer): Promise<void> {
    const ctx = this.ctx();
    const rec = getDevice(ctx.registry, pk, dn);
    const error = async (code: string): Promise<void> => {
      await ctx.publish(`/shadow/get/${pk}/${dn}`, { method: 'reply', payload: { status: 'error', content: { errorcode: code, errormessage: SHADOW_ERRORS[code] ?? 'error' } }, timestamp: now() }, { qos: 1 });
    };
    let msg: unknown;
    try {
      msg = JSON.parse(payload.toString('utf8'));
    } catch {
      return error('400');
    }
    if (!isObject(msg)) return error('400');
    const method = msg['method'];
    if (typeof method !== 'string') return error('401');
    const doc = shadowOf(rec);
    if (method === 'get') return this.pushShadow(pk, dn, 'reply', doc);
    if (method !== 'update' && method !== 'delete') return error('406');
    const state = msg['state'];
    if (!isObject(state)) return error('402');
    const version = msg['version'];
    if (typeof version !== 'number' || !Number.isInteger(version)) return error('403');
    if (version === -1 && method === 'update') {
      const fresh: ShadowDoc = { state: {}, metadata: {}, version: 0, timestamp: now() };
      if (rec) ctx.registry.update(VENDOR, deviceKey(pk, dn), { shadow: fresh });
      await ctx.publish(`/shadow/get/${pk}/${dn}`, { method: 'reply', payload: { status: 'success', version: 0 }, timestamp: fresh.timestamp }, { qos: 1 });
      return;
    }
    if (version <= doc.version) return error('409');
    if (state['desired'] === null || state['desired'] === 'null') {
      delete doc.state.desired;
      delete doc.metadata.desired;
    }
    const reported = state['reported'];
    if (method === 'update') {
      if (reported === undefined && state['desired'] === undefined) return error('404');
      if (reported !== undefined) {
        if (!isObject(reported)) return error('404');
        if (Object.keys(reported).length === 0) return error('405');
        mergeSection(doc, 'reported', reported);
      }
    } else if (isObject(reported)) {
      mergeSection(doc, 'reported', Object.fromEntries(Object.keys(reported).map((k) => [k, null])));
    } else if (reported === 'null') {
      delete doc.state.reported;
      delete doc.metadata.reported;
    }
    doc.version = version;
    doc.timestamp = now();
    if (rec) ctx.registry.update(VENDOR, deviceKey(pk, dn), { shadow: doc });
    await ctx.publish(`/shadow/get/${pk}/${dn}`, { method: 'reply', payload: { status: 'success', version }, timestamp: doc.timestamp }, { qos: 1 });
  }

  private onOtaReport(kind: string, pk: string, dn: string, payload: Buffer): void {
    if (kind !== 'inform' && kind !== 'progress') return;
    const reg = this.ctx().registry;
    const rec = getDevice(reg, pk, dn);
    const req = parseAlink(payload);
    if (!rec || !req || !isObject(req.params)) {
      this.ctx().log.debug(`ignored OTA ${kind} of ${pk}/${dn}: not a JSON object with params`);
      return;
    }
    const module = typeof req.params['module'] === 'string' && req.params['module'] !== '' ? req.params['module'] : 'default';
    if (kind === 'inform') {
      if (typeof req.params['version'] !== 'string') return;
      const versions = isObject(rec['firmwareVersion']) ? { ...rec['firmwareVersion'] } : {};
      versions[module] = req.params['version'];
      reg.update(VENDOR, deviceKey(pk, dn), { firmwareVersion: versions });
      return;
    }
    const progress = Array.isArray(rec['otaProgress']) ? [...(rec['otaProgress'] as unknown[])] : [];
    progress.push({ step: String(req.params['step'] ?? ''), desc: typeof req.params['desc'] === 'string' ? req.params['desc'] : '', module, time: new Date().toISOString() });
    reg.update(VENDOR, deviceKey(pk, dn), { otaProgress: progress.slice(-100) });
  }
}
