/**
 * The console of the local platform: the emulator's own `tencent` plugin driven through its `/control/tencent/...`
 * routes (see packages/emulator/src/vendors/tencent/README.md). Only the door → air-conditioner rule is done here,
 * by watching the door's uplinks, since the plugin has no rule engine.
 * @module
 */
import type { Emulator } from '@iot/emulator';

/** A device registered on the platform. */
export interface CloudDevice {
  /** Product id. */
  productId: string;
  /** Device name. */
  deviceName: string;
  /** Base64 device secret. */
  deviceSecret: string;
}

/** Console actions the samples use on the local platform. */
export interface SampleCloud {
  /** Registers a device; `subDevices` (keys `pid/dn`) makes it a gateway with those sub-devices bound. */
  addDevice(d: CloudDevice & { subDevices?: string[] }): Promise<void>;
  /** Registers a product secret for dynamic registration. */
  addProduct(productId: string, productSecret: string): Promise<void>;
  /** Uploads a firmware to the platform and announces it to the device (`update_firmware`). */
  pushFirmware(productId: string, deviceName: string, version: string, fileName: string, firmware: Buffer): Promise<void>;
  /** Sends an RRPC request and resolves with the device's reply text. */
  rrpc(productId: string, deviceName: string, payload: unknown, timeoutMs?: number): Promise<string>;
  /** Sends a broadcast message to every device of the product. */
  broadcast(productId: string, deviceName: string, payload: unknown): Promise<void>;
  /** Sets desired shadow fields (pushes a delta). */
  setDesired(productId: string, deviceName: string, desired: Record<string, unknown>): Promise<void>;
  /** Publishes to a custom topic as the console would. */
  publish(topic: string, payload: unknown, qos?: 0 | 1): Promise<void>;
  /** Rule: forward messages of one topic to another. */
  forward(from: string, to: string): void;
  /** What the platform recorded of a device's OTA: last reported version and the task state (`done`, `fail`, ...). */
  otaState(productId: string, deviceName: string): Promise<{ reportedVersion?: string; task?: { version: string; state: string; resultCode: string } }>;
  /** The device's shadow document on the platform. */
  shadowDocument(productId: string, deviceName: string): Promise<{ state: { reported?: Record<string, unknown>; desired?: Record<string, unknown> }; version: number }>;
  /** The device's resource upload tasks on the platform. */
  resources(productId: string, deviceName: string): Promise<Array<{ name: string; state: string; size: number }>>;
  /** The gateway's sub-devices with their bound and online state on the platform. */
  subDevices(productId: string, deviceName: string): Promise<Array<{ productId: string; deviceName: string; bound: boolean; online: boolean }>>;
  /** Stops background work. */
  close(): void;
}

/**
 * Polls until `check` holds (platform state changes follow the device's messages).
 * @param check - the condition
 * @param timeoutMs - give up after this long
 * @returns whether it held in time
 */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function call(emu: Emulator, method: string, path: string, body?: unknown, raw?: Buffer): Promise<unknown> {
  const res = await fetch(`${emu.httpUrl}${path}`, {
    method,
    headers: raw ? { 'content-type': 'application/octet-stream' } : { 'content-type': 'application/json' },
    body: raw ? new Uint8Array(raw) : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

const enc = encodeURIComponent;

/**
 * @param emu - an emulator started with the `tencent` vendor
 * @returns the console actions
 */
export function emulatorCloud(emu: Emulator): SampleCloud {
  let closed = false;
  return {
    async addDevice(d: CloudDevice & { subDevices?: string[] }) {
      await call(emu, 'POST', '/control/tencent/devices', {
        productId: d.productId,
        deviceName: d.deviceName,
        deviceSecret: d.deviceSecret,
        ...(d.subDevices ? { gateway: true, subDevices: d.subDevices } : {}),
      });
    },
    async addProduct(productId, productSecret) {
      await call(emu, 'POST', '/control/tencent/products', { productId, productSecret });
    },
    async pushFirmware(productId, deviceName, version, _fileName, firmware) {
      await call(emu, 'PUT', `/control/tencent/ota/firmware/${enc(productId)}/${enc(version)}`, undefined, firmware);
      await call(emu, 'POST', `/control/tencent/ota/${enc(productId)}/${enc(deviceName)}/update`, { version });
    },
    async rrpc(productId, deviceName, payload, timeoutMs = 4000) {
      const r = (await call(emu, 'POST', `/control/tencent/rrpc/${enc(productId)}/${enc(deviceName)}`, { payload, timeoutMs })) as { payload: string };
      return r.payload;
    },
    async broadcast(productId, _deviceName, payload) {
      await call(emu, 'POST', `/control/tencent/broadcast/${enc(productId)}`, { payload });
    },
    async setDesired(productId, deviceName, desired) {
      await call(emu, 'POST', `/control/tencent/shadow/${enc(productId)}/${enc(deviceName)}/desired`, { state: desired });
    },
    async publish(topic, payload, qos = 0) {
      await emu.publish(topic, JSON.stringify(payload), { qos });
    },
    forward(from, to) {
      const loop = async (): Promise<void> => {
        while (!closed) {
          try {
            const up = await emu.waitForUplink(from, undefined, 1000);
            await emu.publish(to, up.payload, { qos: 1 });
          } catch {
            // timeout: look again unless closed
          }
        }
      };
      void loop();
    },
    async otaState(productId, deviceName) {
      return (await call(emu, 'GET', `/control/tencent/ota/${enc(productId)}/${enc(deviceName)}`)) as Awaited<ReturnType<SampleCloud['otaState']>>;
    },
    async shadowDocument(productId, deviceName) {
      return (await call(emu, 'GET', `/control/tencent/shadow/${enc(productId)}/${enc(deviceName)}`)) as Awaited<ReturnType<SampleCloud['shadowDocument']>>;
    },
    async resources(productId, deviceName) {
      return (await call(emu, 'GET', `/control/tencent/resources/${enc(productId)}/${enc(deviceName)}`)) as Awaited<ReturnType<SampleCloud['resources']>>;
    },
    async subDevices(productId, deviceName) {
      const r = (await call(emu, 'GET', `/control/tencent/gateway/${enc(productId)}/${enc(deviceName)}`)) as { subDevices: Awaited<ReturnType<SampleCloud['subDevices']>> };
      return r.subDevices;
    },
    close() {
      closed = true;
    },
  };
}
