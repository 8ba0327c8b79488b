/**
 * The samples' "console": what a person would do in the Aliyun IoT console or through the cloud API, done over
 * the `/control/aliyun/...` HTTP routes of the emulator's own `aliyun` plugin
 * (packages/emulator/src/vendors/aliyun/README.md) plus the emulator's generic `/trace` route.
 * @module
 */

/** A product as the plugin stores it. */
export interface ProductSpec {
  /** Product key. */
  productKey: string;
  /** Product secret (dynamic registration). */
  productSecret: string;
  /** TSL JSON of the product (its devices inherit it). */
  tsl?: unknown;
  /** Allow dynamic registration (plugin default true). */
  dynamicRegistration?: boolean;
  /** Registration needs a pre-registered device (plugin default true; `regnwl` never does). */
  preRegistration?: boolean;
}

/** A device record as the control route returns it (the plugin's registry record). */
export interface DeviceRecordView {
  /** Product key. */
  productKey: string;
  /** Device name. */
  deviceName: string;
  /** Device secret (absent for regnwl-only devices). */
  deviceSecret?: string;
  /** regnwl token. */
  deviceToken?: string;
  /** regnwl MQTT client id. */
  mqttClientId?: string;
  /** Other registry fields (tags, shadow, gateway, firmwareVersion, ...). */
  [field: string]: unknown;
}

/** Answer of a request the platform sends and whose reply it waits for. */
export interface RequestAnswer {
  /** Downlink topic. */
  topic: string;
  /** What was sent. */
  request: unknown;
  /** The device's reply (parsed JSON when it is JSON). */
  reply: unknown;
}

/** Answer of an RRPC call (user RRPC or sync service). */
export interface RrpcAnswer {
  /** RRPC message id chosen by the platform. */
  messageId: string;
  /** Topic of the request. */
  topic: string;
  /** Reply as UTF-8 text. */
  payload: string;
  /** Reply parsed as JSON when it is JSON, else the text. */
  reply: unknown;
}

/** A firmware uploaded to the platform. */
export interface FirmwareView {
  /** Product key. */
  productKey: string;
  /** Version. */
  version: string;
  /** Module. */
  module: string;
  /** Download URL (the emulator's file server). */
  url: string;
  /** Size in bytes. */
  size: number;
  /** Hex MD5. */
  md5: string;
  /** Hex SHA-256. */
  sha256: string;
}

/** What the platform knows about a device's OTA. */
export interface OtaView {
  /** Reported versions per module. */
  versions: Record<string, string>;
  /** Progress reports, oldest first. */
  progress: Array<{ step: string; desc: string; module: string; time: string }>;
}

/** One entry of the emulator trace. */
export interface TraceView {
  /** Sequence number. */
  seq: number;
  /** Kind (`publish` = accepted uplink, `deliver` = downlink, `denied`, ...). */
  kind: string;
  /** MQTT client id. */
  clientId: string;
  /** Topic. */
  topic?: string;
  /** Payload text. */
  payload?: string;
}

/**
 * The bytes of a trace entry's payload (the trace keeps UTF-8 text, or `base64:<data>` for other bytes).
 * @param e - trace entry
 */
export function tracePayload(e: TraceView): Buffer {
  const p = e.payload ?? '';
  return p.startsWith('base64:') ? Buffer.from(p.slice(7), 'base64') : Buffer.from(p, 'utf8');
}

/** Error of a control call (non-2xx answer). */
export class ConsoleError extends Error {
  /**
   * @param status - HTTP status
   * @param body - answer text
   * @param what - the call
   */
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} → ${status} ${body}`);
  }
}

const enc = encodeURIComponent;

/** Console actions over the plugin's control routes of one emulator. */
export class AliyunConsole {
  /** @param baseUrl - the emulator's HTTP URL (`emulator.httpUrl`) */
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown, raw?: Buffer): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': raw ? 'application/octet-stream' : 'application/json' },
      body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new ConsoleError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private dev(pk: string, dn: string): string {
    return `/control/aliyun/devices/${enc(pk)}/${enc(dn)}`;
  }

  /** Creates or replaces a product. */
  addProduct(p: ProductSpec): Promise<ProductSpec> {
    return this.call('POST', '/control/aliyun/products', p);
  }

  /** Creates or replaces a device (the platform generates the secret when none is given). */
  addDevice(d: { productKey: string; deviceName: string; deviceSecret?: string }): Promise<DeviceRecordView> {
    return this.call('POST', '/control/aliyun/devices', d);
  }

  /** The device record, or undefined when the platform does not know the device. */
  async device(pk: string, dn: string): Promise<DeviceRecordView | undefined> {
    try {
      return await this.call<DeviceRecordView>('GET', this.dev(pk, dn));
    } catch (e) {
      if (e instanceof ConsoleError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Sets properties (`thing.service.property.set`) and waits for the device's `set_reply`. */
  setProperty(pk: string, dn: string, params: Record<string, unknown>, timeoutMs = 5000): Promise<RequestAnswer> {
    return this.call('POST', `${this.dev(pk, dn)}/property/set`, { params, timeoutMs });
  }

  /** The last property values the device posted (what the console's "running state" shows). */
  properties(pk: string, dn: string): Promise<Record<string, unknown>> {
    return this.call('GET', `${this.dev(pk, dn)}/properties`);
  }

  /** Calls an asynchronous service and waits for its `{identifier}_reply`. */
  callService(pk: string, dn: string, identifier: string, params: Record<string, unknown>, timeoutMs = 5000): Promise<RequestAnswer> {
    return this.call('POST', `${this.dev(pk, dn)}/service/${enc(identifier)}`, { params, timeoutMs });
  }

  /** Calls a synchronous service over RRPC (`/ext/rrpc/{id}/sys/.../thing/service/{identifier}`) and returns the reply. */
  callSyncService(pk: string, dn: string, identifier: string, params: Record<string, unknown>, timeoutMs = 5000): Promise<RrpcAnswer> {
    return this.call('POST', `${this.dev(pk, dn)}/service/${enc(identifier)}`, { params, sync: true, timeoutMs });
  }

  /**
   * Sends an RRPC request (the cloud API `RRpc`) and returns the device's answer.
   * @param topic - a custom topic (`/ext/rrpc/{id}{topic}`), or undefined for `/sys/{pk}/{dn}/rrpc/request/{id}`
   */
  rrpc(pk: string, dn: string, payload: string, topic?: string, timeoutMs = 5000): Promise<RrpcAnswer> {
    return this.call('POST', `${this.dev(pk, dn)}/rrpc`, { payload, timeoutMs, ...(topic ? { topic } : {}) });
  }

  /** Sends raw bytes on `down_raw`; with `wait` returns the device's `down_raw_reply` bytes. */
  async downRaw(pk: string, dn: string, bytes: Buffer, wait = true, timeoutMs = 5000): Promise<Buffer | undefined> {
    const r = await this.call<{ replyHex?: string }>('POST', `${this.dev(pk, dn)}/raw`, { payloadHex: bytes.toString('hex'), wait, timeoutMs });
    return r.replyHex === undefined ? undefined : Buffer.from(r.replyHex, 'hex');
  }

  /** Publishes on a custom topic of the device (`user/...` relative, or a full topic). */
  async publishCustom(pk: string, dn: string, topic: string, payload: string, qos: 0 | 1 = 0): Promise<string> {
    return (await this.call<{ topic: string }>('POST', `${this.dev(pk, dn)}/custom`, { topic, payload, qos })).topic;
  }

  /** Adds a data-forwarding route: uplinks on `from` are re-published on `to` (or echoed back when `to` is absent). */
  async addRoute(from: string, to?: string): Promise<void> {
    await this.call('POST', '/control/aliyun/routes', to === undefined ? { from, echo: true } : { from, to });
  }

  /** The device's tags. */
  tags(pk: string, dn: string): Promise<Record<string, unknown>> {
    return this.call('GET', `${this.dev(pk, dn)}/tags`);
  }

  /** The device shadow document. */
  shadow(pk: string, dn: string): Promise<{ state: { reported?: Record<string, unknown>; desired?: Record<string, unknown> }; version: number }> {
    return this.call('GET', `${this.dev(pk, dn)}/shadow`);
  }

  /** Updates the shadow's desired section (pushed to the device with method `control`). */
  setDesired(pk: string, dn: string, desired: Record<string, unknown>, version?: number): Promise<unknown> {
    return this.call('PUT', `${this.dev(pk, dn)}/shadow/desired`, { desired, ...(version === undefined ? {} : { version }) });
  }

  /** Sub-devices of a gateway with their online state. */
  async topo(pk: string, dn: string): Promise<Array<{ productKey: string; deviceName: string; online: boolean }>> {
    return (await this.call<{ subDevices: Array<{ productKey: string; deviceName: string; online: boolean }> }>('GET', `${this.dev(pk, dn)}/topo`)).subDevices;
  }

  /** Removes a sub-device from a gateway's topology (the gateway gets `thing/topo/change` with status 1). */
  async removeSubDevice(gwPk: string, gwDn: string, subPk: string, subDn: string): Promise<void> {
    await this.call('DELETE', `${this.dev(gwPk, gwDn)}/topo/${enc(subPk)}/${enc(subDn)}`);
  }

  /** Uploads a firmware image for a product. */
  uploadFirmware(pk: string, version: string, image: Buffer, module = 'default'): Promise<FirmwareView> {
    return this.call('POST', `/control/aliyun/firmware?productKey=${enc(pk)}&version=${enc(version)}&module=${enc(module)}`, undefined, image);
  }

  /** Pushes an uploaded firmware to a device (`/ota/device/upgrade/{pk}/{dn}`), with optional `extData`. */
  pushFirmware(pk: string, dn: string, version: string, opts: { signMethod?: 'Md5' | 'SHA256'; module?: string; extData?: unknown } = {}): Promise<{ topic: string; message: unknown }> {
    return this.call('POST', `${this.dev(pk, dn)}/ota/push`, { version, signMethod: opts.signMethod ?? 'Md5', ...(opts.module ? { module: opts.module } : {}), ...(opts.extData === undefined ? {} : { extData: opts.extData }) });
  }

  /** Reported versions and progress of a device. */
  ota(pk: string, dn: string): Promise<OtaView> {
    return this.call('GET', `${this.dev(pk, dn)}/ota`);
  }

  /** Trace entries (filter by topic, client id, kinds). */
  trace(filter: { topic?: string; clientId?: string; kind?: string[] } = {}): Promise<TraceView[]> {
    const q = new URLSearchParams();
    if (filter.topic) q.set('topic', filter.topic);
    if (filter.clientId) q.set('clientId', filter.clientId);
    if (filter.kind) q.set('kind', filter.kind.join(','));
    return this.call('GET', `/trace?${q.toString()}`);
  }
}
