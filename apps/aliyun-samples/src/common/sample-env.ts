/**
 * Where a sample runs: against a real Aliyun device when `ALIYUN_CONFIG` names a config.json
 * (`{"region", "product_key", "device_name", "device_secret"}` like the vendor's tsl_demo), otherwise against the
 * embedded emulator with the local cloud, on plain TCP.
 * @module
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { startEmulator, type Emulator } from '@iot/emulator';
import { LinkKit, type LinkKitOptions } from '@iot/aliyun';
import { createLocalCloud, type LocalCloud } from './local-cloud.js';

/** The sample product of the local cloud (the tsl_demo product key). */
export const LOCAL_PRODUCT = {
  productKey: 'a18w6527kYW',
  productSecret: 'sample-product-secret',
  services: ['attack', 'test1', 'test2'],
  events: ['power_state'],
};

/** A sample's device config (the vendor's config.json fields). */
export interface DeviceConfig {
  region: string;
  product_key: string;
  device_name: string;
  device_secret: string;
}

/** Settings of one sample run. */
export interface SampleEnv {
  /** Device config to build the LinkKit from. */
  config: DeviceConfig;
  /** The local cloud (null on the real cloud). */
  cloud: LocalCloud | null;
  /** The emulator (null on the real cloud). */
  emulator: Emulator | null;
  /** Creates a LinkKit for this environment (points it at the emulator when local). */
  create<U = unknown>(opts?: Partial<LinkKitOptions<U>>): LinkKit<U>;
  /** Stops the emulator. */
  close(): Promise<void>;
}

/**
 * Prepares a sample run.
 * @param deviceName - local device name
 * @param opts - `registered: false` leaves the device without a secret (dynamic registration)
 */
export async function sampleEnv(deviceName = 'dev1', opts: { registered?: boolean } = {}): Promise<SampleEnv> {
  const file = process.env['ALIYUN_CONFIG'];
  if (file) {
    const config = JSON.parse(readFileSync(file, 'utf8')) as DeviceConfig;
    return {
      config,
      cloud: null,
      emulator: null,
      create: <U>(o: Partial<LinkKitOptions<U>> = {}) =>
        new LinkKit<U>({ host_name: config.region, product_key: config.product_key, device_name: config.device_name, device_secret: config.device_secret, ...o }),
      close: async () => undefined,
    };
  }
  const cloud = createLocalCloud();
  cloud.addProduct(LOCAL_PRODUCT);
  const secret = `secret-${deviceName}`;
  if (opts.registered !== false) cloud.addDevice({ productKey: LOCAL_PRODUCT.productKey, deviceName, deviceSecret: secret });
  const emulator = await startEmulator({ vendors: [cloud.plugin] });
  const port = Number(new URL(emulator.mqttUrl).port);
  const config: DeviceConfig = { region: '127.0.0.1', product_key: LOCAL_PRODUCT.productKey, device_name: deviceName, device_secret: secret };
  return {
    config,
    cloud,
    emulator,
    create<U>(o: Partial<LinkKitOptions<U>> = {}): LinkKit<U> {
      const lk = new LinkKit<U>({
        host_name: '127.0.0.1',
        product_key: config.product_key,
        device_name: config.device_name,
        device_secret: config.device_secret,
        ...o,
        extensions: { register_url: `${emulator.httpUrl}/auth/register/device`, ...o.extensions },
      });
      lk.config_mqtt({ port, secure: '' });
      return lk;
    },
    close: () => emulator.close(),
  };
}

/** Resolves once `check()` is true (polling), rejects after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `main` when the module is the process entry point and exits 0 on success, 1 on failure. */
export function runIfMain(moduleUrl: string, main: () => Promise<boolean>): void {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(entry).href !== moduleUrl) return;
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
