/**
 * How the emulated IoTDA answers device uplinks (spec 3.3–3.15).
 * @packageDocumentation
 */
import type { ClientInfo, EmulatorContext } from '../../plugin.js';
import { arrField, eventTime, isObject, parseObject, strField, type JsonObject } from './json.js';
import { bootstrapAddressOf, getDevice, getGroup, strategyKeywords, VENDOR, type HuaweiDevice } from './records.js';
import { groupDerivedSecret } from './crypto.js';
import type { HuaweiState } from './state.js';
import { base, parseTopic } from './topics.js';

/** Options of the uplink handler. */
export interface UplinkOptions {
  /** `host:port` handed out by the bootstrap server; default: the emulator's MQTT address. */
  bootstrapAddress?: string;
}

/** The `sub-device` record shape of gateway events (gateway DeviceInfo, spec 2.11.2). */
export function subDeviceInfo(d: HuaweiDevice): JsonObject {
  return {
    parent_device_id: d.parentDeviceId ?? '',
    node_id: d.nodeId ?? '',
    device_id: d.deviceId,
    name: d.name ?? d.nodeId ?? '',
    description: d.description ?? '',
    manufacturer_id: '',
    model: '',
    product_id: d.productId ?? '',
    fw_version: d.fwVersion ?? null,
    sw_version: d.swVersion ?? null,
    status: d.status ?? 'OFFLINE',
  };
}

/** Builds an `events/down` envelope with one event. */
export function eventDown(objectDeviceId: string, serviceId: string, eventType: string, paras: JsonObject, eventId?: string): JsonObject {
  const ev: JsonObject = { service_id: serviceId, event_type: eventType, event_time: eventTime(Date.now()) };
  if (eventId !== undefined) ev['event_id'] = eventId;
  ev['paras'] = paras;
  return { object_device_id: objectDeviceId, services: [ev] };
}

/** Platform-side uplink handling. */
export class UplinkHandler {
  constructor(
    private readonly state: HuaweiState,
    private readonly opts: UplinkOptions,
  ) {}

  /** Entry point from `onPublish`; never throws. */
  async handle(client: ClientInfo, topic: string, payload: Buffer, ctx: EmulatorContext): Promise<void> {
    try {
      await this.dispatch(client, topic, payload, ctx);
    } catch (err) {
      ctx.log.warn(`huawei: uplink on ${topic} ignored: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private ignore(ctx: EmulatorContext, topic: string, why: string): void {
    ctx.log.warn(`huawei: uplink on ${topic} ignored: ${why}`);
  }

  private async dispatch(client: ClientInfo, topic: string, payload: Buffer, ctx: EmulatorContext): Promise<void> {
    const own = String(client.session['deviceId'] ?? '');
    const t = parseTopic(topic);
    if (!t || !t.rest.startsWith('sys/')) {
      this.state.messages.add(own, { time: Date.now(), topic, data: decode(payload) });
      return;
    }
    if (t.rest === 'sys/bootstrap/up') return await this.bootstrap(client, own, payload, ctx);
    if (client.session['bootstrapOnly'] === true) return this.ignore(ctx, topic, 'registration-group session may only bootstrap');
    switch (t.rest) {
      case 'sys/messages/up': {
        // recorded for the sender, and also for the sub-device a gateway names in object_device_id
        const entry = { time: Date.now(), topic, data: decode(payload) };
        this.state.messages.add(own, entry);
        const o = parseObject(payload);
        const child = o ? strField(o, 'object_device_id') : undefined;
        if (child !== undefined && child !== '' && child !== own && this.mayActFor(ctx, own, child)) this.state.messages.add(child, entry);
        return;
      }
      case 'sys/properties/report': {
        const o = parseObject(payload);
        if (!o) return this.ignore(ctx, topic, 'not a JSON object');
        this.report(own, arrField(o, 'services'));
        return;
      }
      case 'sys/gateway/sub_devices/properties/report': {
        const o = parseObject(payload);
        if (!o) return this.ignore(ctx, topic, 'not a JSON object');
        for (const d of arrField(o, 'devices')) {
          if (!isObject(d)) continue;
          const id = strField(d, 'device_id');
          if (id !== undefined && this.mayActFor(ctx, own, id)) this.report(id, arrField(d, 'services'));
        }
        return;
      }
      case 'sys/events/up':
        return await this.events(own, topic, payload, ctx);
      default:
        break;
    }
    if (t.rest.startsWith('sys/shadow/get/request_id=') && t.requestId !== undefined) {
      return await this.shadowGet(own, t.deviceId, t.requestId, payload, ctx);
    }
    // command/property responses are consumed by the control routes through waitForUplink
    if (/^sys\/(commands|properties\/set|properties\/get)\/response\/request_id=/.test(t.rest)) return;
    this.ignore(ctx, topic, 'unknown system topic');
  }

  /** May gateway `own` act for device `id` (itself or one of its sub-devices)? */
  private mayActFor(ctx: EmulatorContext, own: string, id: string): boolean {
    if (id === own) return true;
    return getDevice(ctx.registry, id)?.parentDeviceId === own;
  }

  private report(deviceId: string, services: unknown[]): void {
    for (const s of services) {
      if (!isObject(s)) continue;
      const sid = strField(s, 'service_id');
      const props = s['properties'];
      if (sid === undefined || !isObject(props)) continue;
      const svc = this.state.shadowService(deviceId, sid);
      Object.assign(svc.reported.properties, props);
      const et = s['event_time'];
      svc.reported.event_time = typeof et === 'string' && et !== '' ? et : eventTime(Date.now());
      svc.version += 1;
    }
  }

  private async shadowGet(own: string, target: string, rid: string, payload: Buffer, ctx: EmulatorContext): Promise<void> {
    if (!this.mayActFor(ctx, own, target)) return this.ignore(ctx, `shadow of ${target}`, 'not this device nor one of its sub-devices');
    const o = payload.length === 0 ? {} : parseObject(payload);
    if (!o) return this.ignore(ctx, 'shadow/get', 'not a JSON object');
    const only = strField(o, 'service_id');
    const shadow: JsonObject[] = [];
    for (const [sid, svc] of this.state.shadowOf(target)) {
      if (only !== undefined && only !== '' && sid !== only) continue;
      shadow.push({ service_id: sid, desired: svc.desired, reported: svc.reported, version: svc.version });
    }
    await ctx.publish(`${base(own)}sys/shadow/get/response/request_id=${rid}`, { object_device_id: target, shadow }, { qos: 1 });
  }

  private async events(own: string, topic: string, payload: Buffer, ctx: EmulatorContext): Promise<void> {
    const o = parseObject(payload);
    if (!o) return this.ignore(ctx, topic, 'not a JSON object');
    const target = strField(o, 'object_device_id') || own;
    if (!this.mayActFor(ctx, own, target)) return this.ignore(ctx, topic, `object_device_id ${target} is not this device nor one of its sub-devices`);
    for (const ev of arrField(o, 'services')) {
      if (!isObject(ev)) continue;
      const paras = isObject(ev['paras']) ? ev['paras'] : {};
      await this.event(own, target, strField(ev, 'service_id') ?? '', strField(ev, 'event_type') ?? '', strField(ev, 'event_id'), paras, ctx);
    }
  }

  private down(ctx: EmulatorContext, own: string, target: string, sid: string, type: string, paras: JsonObject, eventId?: string): Promise<void> {
    return ctx.publish(`${base(own)}sys/events/down`, eventDown(target, sid, type, paras, eventId), { qos: 1 });
  }

  private async event(own: string, target: string, sid: string, type: string, eventId: string | undefined, paras: JsonObject, ctx: EmulatorContext): Promise<void> {
    const now = Date.now();
    const key = `${sid}/${type}`;
    switch (key) {
      case '$time_sync/time_sync_request': {
        const sent = Number(paras['device_send_time']);
        const device_send_time = Number.isFinite(sent) ? Math.trunc(sent) : 0;
        await this.down(ctx, own, target, '$time_sync', 'time_sync_response', { device_send_time, server_recv_time: now, server_send_time: Date.now() });
        return;
      }
      case '$sdk_info/sdk_info_report': {
        this.state.sdkInfo.set(target, { ...paras });
        const patch: JsonObject = {};
        const sw = paras['sw_version'];
        const fw = paras['fw_version'];
        if (typeof sw === 'string' && sw !== '') patch['swVersion'] = sw;
        if (typeof fw === 'string' && fw !== '') patch['fwVersion'] = fw;
        if (Object.keys(patch).length > 0 && getDevice(ctx.registry, target)) ctx.registry.update(VENDOR, target, patch);
        return;
      }
      case '$log/log_report':
        this.state.logs.add(target, { time: now, topic: type, data: paras });
        return;
      case '$ota/version_report': {
        this.state.versions.set(target, { ...paras });
        const patch: JsonObject = {};
        if (typeof paras['fw_version'] === 'string') patch['fwVersion'] = paras['fw_version'];
        if (typeof paras['sw_version'] === 'string') patch['swVersion'] = paras['sw_version'];
        if (Object.keys(patch).length > 0 && getDevice(ctx.registry, target)) ctx.registry.update(VENDOR, target, patch);
        return;
      }
      case '$ota/upgrade_progress_report':
        this.otaProgress(target, paras, ctx);
        return;
      case '$file_manager/get_upload_url':
      case '$file_manager/get_download_url': {
        this.state.files.add(target, { time: now, topic: type, data: paras });
        const name = strField(paras, 'file_name');
        if (name === undefined || name === '') return this.ignore(ctx, type, 'no file_name');
        const info = ctx.files.info(obsObjectName(target, name));
        const attrs = isObject(paras['file_attributes']) ? paras['file_attributes'] : info ? { hash_code: info.sha256, size: info.size } : {};
        const url = `${ctx.httpUrl}/huawei/obs/${encodeURIComponent(safeSegment(target))}/${encodeURIComponent(safeSegment(name))}`;
        const rsp = { url, bucket_name: 'iot-emulator', object_name: name, expire: 3600, file_attributes: attrs };
        await this.down(ctx, own, target, '$file_manager', `${type}_response`, rsp);
        return;
      }
      case '$file_manager/upload_result_report':
      case '$file_manager/download_result_report':
        this.state.files.add(target, { time: now, topic: type, data: paras });
        return;
      case '$device_rule/device_rule_config_request': {
        const ids = arrField(paras, 'ruleIds').filter((x): x is string => typeof x === 'string');
        const rules = this.state.rulesOf(target);
        const rulesInfos = ids.flatMap((id) => {
          const r = rules.get(id);
          return r ? [r] : [];
        });
        await this.down(ctx, own, target, '$device_rule', 'device_rule_config_response', { rulesInfos });
        return;
      }
      case '$sub_device_manager/add_sub_device_request':
        return await this.addSubDevices(own, paras, eventId, ctx);
      case '$sub_device_manager/delete_sub_device_request':
        return await this.deleteSubDevices(own, paras, eventId, ctx);
      case '$sub_device_manager/sub_device_update_status': {
        for (const s of arrField(paras, 'device_statuses')) {
          if (!isObject(s)) continue;
          const id = strField(s, 'device_id');
          const status = strField(s, 'status');
          if (id !== undefined && status !== undefined && id !== own && this.mayActFor(ctx, own, id)) ctx.registry.update(VENDOR, id, { status });
        }
        return;
      }
      case '$sub_device_manager/sub_device_sync_request': {
        const v = Number(paras['version']);
        await this.syncSubDevices(own, Number.isFinite(v) ? v : 0, ctx);
        return;
      }
      default:
        // events of the device's own services (thing model) are taken as they are
        if (sid !== '' && !sid.startsWith('$') && type !== '') {
          this.state.events.add(target, { time: now, topic: key, data: { service_id: sid, event_type: type, ...(eventId !== undefined && eventId !== '' ? { event_id: eventId } : {}), paras } });
          return;
        }
        this.ignore(ctx, key, 'unknown event');
    }
  }

  private otaProgress(target: string, paras: JsonObject, ctx: EmulatorContext): void {
    const version = strField(paras, 'version');
    const code = Number(paras['result_code']);
    const tasks = [...this.state.otaTasks.values()].filter((t) => t.device_id === target && (t.status === 'PENDING' || t.status === 'IN_PROGRESS'));
    const task = tasks.find((t) => t.version === version) ?? tasks.at(-1);
    if (!task) return this.ignore(ctx, 'upgrade_progress_report', `no OTA task open for ${target}`);
    task.reports.push({ ...paras });
    const progress = Number(paras['progress']);
    if (Number.isFinite(progress)) task.progress = progress;
    if (code !== 0) task.status = 'FAILED';
    else if (progress === 100) task.status = version === task.version ? 'SUCCESS' : 'FAILED';
    else task.status = 'IN_PROGRESS';
    if (task.status === 'SUCCESS' && getDevice(ctx.registry, target)) ctx.registry.update(VENDOR, target, task.type === 'software' ? { swVersion: task.version } : { fwVersion: task.version });
  }

  private async addSubDevices(own: string, paras: JsonObject, eventId: string | undefined, ctx: EmulatorContext): Promise<void> {
    const successful_devices: JsonObject[] = [];
    const failed_devices: JsonObject[] = [];
    for (const d of arrField(paras, 'devices')) {
      if (!isObject(d)) continue;
      const node = strField(d, 'node_id') ?? '';
      const product = strField(d, 'product_id') ?? '';
      if (node === '' || product === '') {
        failed_devices.push({ node_id: node, product_id: product, error_code: 'IOTDA.000006', error_msg: 'node_id and product_id are required' });
        continue;
      }
      const id = strField(d, 'device_id') || `${product}_${node}`;
      const existing = getDevice(ctx.registry, id);
      if (existing && existing.parentDeviceId !== own) {
        failed_devices.push({ node_id: node, product_id: product, error_code: 'IOTDA.014111', error_msg: 'the device already exists' });
        continue;
      }
      const name = strField(d, 'name') || node;
      ctx.registry.update(VENDOR, id, { productId: product, nodeId: node, name, description: strField(d, 'description') ?? '', parentDeviceId: own, status: existing?.status ?? 'INACTIVE' });
      const rec = getDevice(ctx.registry, id)!;
      successful_devices.push({ ...subDeviceInfo(rec), extension_info: d['extension_info'] ?? null });
    }
    if (successful_devices.length > 0) {
      const topo = this.state.topologyOf(own);
      topo.version += 1;
      for (const d of successful_devices) {
        const { extension_info: _ext, ...device } = d;
        topo.added.push({ version: topo.version, device });
      }
    }
    await this.down(ctx, own, own, '$sub_device_manager', 'add_sub_device_response', { successful_devices, failed_devices }, eventId ?? '');
  }

  private async deleteSubDevices(own: string, paras: JsonObject, eventId: string | undefined, ctx: EmulatorContext): Promise<void> {
    const successful_devices: string[] = [];
    const failed_devices: JsonObject[] = [];
    const topo = this.state.topologyOf(own);
    for (const id of arrField(paras, 'devices')) {
      if (typeof id !== 'string') continue;
      const d = getDevice(ctx.registry, id);
      if (!d || d.parentDeviceId !== own) {
        failed_devices.push({ device_id: id, error_code: 'IOTDA.014000', error_msg: 'the sub-device does not exist under this gateway' });
        continue;
      }
      ctx.registry.delete(VENDOR, id);
      topo.version += 1;
      topo.deleted.push({ version: topo.version, device: subDeviceInfo(d) });
      successful_devices.push(id);
    }
    await this.down(ctx, own, own, '$sub_device_manager', 'delete_sub_device_response', { successful_devices, failed_devices }, eventId ?? '');
  }

  /**
   * Sends the topology changes a gateway at `version` is missing, in order: consecutive additions in one
   * `add_sub_device_notify`, consecutive deletions in one `delete_sub_device_notify`, each carrying the version of
   * its last change (a gateway rejects a notify whose version is not newer than its own).
   */
  async syncSubDevices(own: string, version: number, ctx: EmulatorContext): Promise<void> {
    const topo = this.state.topologyOf(own);
    if (topo.version <= version) return;
    const changes = [...topo.added.map((x) => ({ ...x, add: true })), ...topo.deleted.map((x) => ({ ...x, add: false }))]
      .filter((x) => x.version > version)
      .sort((a, b) => a.version - b.version);
    for (let i = 0; i < changes.length; ) {
      let j = i;
      while (j < changes.length && changes[j]!.add === changes[i]!.add) j++;
      const run = changes.slice(i, j);
      const type = run[0]!.add ? 'add_sub_device_notify' : 'delete_sub_device_notify';
      await this.down(ctx, own, own, '$sub_device_manager', type, { devices: run.map((x) => x.device), version: run[run.length - 1]!.version });
      i = j;
    }
  }

  private bootstrapAddress(ctx: EmulatorContext): string {
    if (this.opts.bootstrapAddress) return this.opts.bootstrapAddress;
    const u = new URL(ctx.mqttUrl);
    return `${u.hostname}:${u.port || '1883'}`;
  }

  private async bootstrap(client: ClientInfo, own: string, payload: Buffer, ctx: EmulatorContext): Promise<void> {
    const topic = `${base(own)}sys/bootstrap/down`;
    const scopeId = client.session['scopeId'];
    if (typeof scopeId === 'string') {
      const group = getGroup(ctx.registry, scopeId);
      if (!group) return this.ignore(ctx, 'bootstrap/up', `registration group ${scopeId} was deleted`);
      const address = bootstrapAddressOf(ctx.registry, `group:${scopeId}`) ?? this.bootstrapAddress(ctx);
      const patch: JsonObject = { registeredBy: `group:${scopeId}` };
      const answer: JsonObject = { address };
      if (client.session['auth'] === 'group-secret' && group.scopeSecret !== undefined) {
        const secret = groupDerivedSecret(group.scopeSecret, own);
        patch['secret'] = secret;
        answer['deviceSecret'] = secret;
      } else if (typeof client.session['fingerprint'] === 'string') {
        patch['fingerprint'] = client.session['fingerprint'];
      }
      ctx.registry.update(VENDOR, own, patch);
      this.state.bootstrapped.push({ device_id: own, address, mode: 'group', time: Date.now() });
      await ctx.publish(topic, answer, { qos: 0 });
      return;
    }
    const keywords = strategyKeywords(ctx.registry);
    let address = this.bootstrapAddress(ctx);
    if (keywords.length > 0) {
      const o = parseObject(payload);
      const kw = o ? strField(o, 'baseStrategyKeyword') : undefined;
      if (kw === undefined || !keywords.includes(kw)) return this.ignore(ctx, 'bootstrap/up', 'no static strategy matches the keyword');
      address = bootstrapAddressOf(ctx.registry, `strategy:${kw}`) ?? address;
    }
    this.state.bootstrapped.push({ device_id: own, address, mode: 'static', time: Date.now() });
    await ctx.publish(topic, { address }, { qos: 0 });
  }
}

/** Payload as JSON when it parses, else as text. */
function decode(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** File-store name of a device's OBS object (`huawei/<device>/<file>`). */
export function obsObjectName(deviceId: string, fileName: string): string {
  return `huawei/${safeSegment(deviceId)}/${safeSegment(fileName)}`;
}

/** A file-store safe path segment. */
export function safeSegment(s: string): string {
  const out = s.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_');
  return out === '' ? '_' : out.slice(0, 120);
}
