/**
 * Where a sample runs: against a real Aliyun device when `ALIYUN_CONFIG` names a config.json
 * (`{"region", "product_key", "device_name", "device_secret"}` like the vendor's tsl_demo), otherwise against the
 * embedded emulator with its own `aliyun` vendor plugin, on plain TCP. Locally the sample plays the console too,
 * through the plugin's `/control/aliyun/...` routes ({@link AliyunConsole}).
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator, type Emulator } from '@iot/emulator';
import { LinkKit, type LinkKitOptions } from '@iot/aliyun';
import { AliyunConsole, type ProductSpec } from './emulator-cloud.js';

/** Path of the vendor demo's tsl.json (works from src and from dist). */
export const TSL_FILE = fileURLToPath(new URL('../../src/tsl_demo/tsl.json', import.meta.url));

/** The TSL of the sample product (the vendor's tsl_demo/tsl.json). */
export const SAMPLE_TSL: unknown = JSON.parse(readFileSync(TSL_FILE, 'utf8'));

/** The sample product of the local platform (the tsl_demo product key, with its TSL). */
export const LOCAL_PRODUCT = {
  productKey: 'a18w6527kYW',
  productSecret: 'sample-product-secret',
};

/** A sample's device config (the vendor's config.json fields). */
export interface DeviceConfig {
  /** Region, e.g. `cn-shanghai` (the emulator host locally). */
  region: string;
  /** Product key. */
  product_key: string;
  /** Device name. */
  device_name: string;
  /** Device secret (empty before dynamic registration). */
  device_secret: string;
}

/** Settings of one sample run. */
export interface SampleEnv {
  /** Device config to build the LinkKit from. */
  config: DeviceConfig;
  /** Console actions on the emulator's aliyun plugin (null on the real cloud). */
  console: AliyunConsole | null;
  /** The emulator (null on the real cloud). */
  emulator: Emulator | null;
  /** Creates a LinkKit for this environment (points it at the emulator when local). */
  create<U = unknown>(opts?: Partial<LinkKitOptions<U>>): LinkKit<U>;
  /** Stops the emulator. */
  close(): Promise<void>;
}

/** What a sample needs on the local platform. */
export interface EnvRequest {
  /** Device name (default `dev1`). */
  deviceName?: string;
  /** false: the platform does not create the device (the dynreg sample creates its own). Default true. */
  registered?: boolean;
  /** Further products to create (e.g. a sub-device product). */
  products?: ProductSpec[];
}

/** Outcome of a sample run: what the device's callbacks received and what the platform recorded. */
export interface SampleResult<D = Record<string, unknown>, P = Record<string, unknown>> {
  /** The sample's own success check. */
  ok: boolean;
  /** What the device side observed (callback arguments, return codes). */
  device: D;
  /** What the platform recorded (control-route reads), null on the real cloud. */
  platform: P | null;
}

/**
 * Prepares a sample run.
 * @param req - local device settings
 */
export async function sampleEnv(req: EnvRequest = {}): Promise<SampleEnv> {
  const file = process.env['ALIYUN_CONFIG'];
  if (file) {
    const config = JSON.parse(readFileSync(file, 'utf8')) as DeviceConfig;
    return {
      config,
      console: null,
      emulator: null,
      create: <U>(o: Partial<LinkKitOptions<U>> = {}) =>
        new LinkKit<U>({ host_name: config.region, product_key: config.product_key, device_name: config.device_name, device_secret: config.device_secret, ...o }),
      close: async () => undefined,
    };
  }
  const deviceName = req.deviceName ?? 'dev1';
  const emulator = await startEmulator({ vendors: ['aliyun'] });
  const cloud = new AliyunConsole(emulator.httpUrl);
  let secret = '';
  try {
    await cloud.addProduct({ ...LOCAL_PRODUCT, tsl: SAMPLE_TSL });
    for (const p of req.products ?? []) await cloud.addProduct(p);
    // the console creates the device and hands out its secret, as the real one does
    if (req.registered !== false) secret = (await cloud.addDevice({ productKey: LOCAL_PRODUCT.productKey, deviceName })).deviceSecret ?? '';
  } catch (e) {
    await emulator.close();
    throw e;
  }
  const port = Number(new URL(emulator.mqttUrl).port);
  const config: DeviceConfig = { region: '127.0.0.1', product_key: LOCAL_PRODUCT.productKey, device_name: deviceName, device_secret: secret };
  return {
    config,
    console: cloud,
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

/** Like {@link until} for an async check (e.g. a control-route read). */
export async function untilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `run` when the module is the process entry point and exits 0 when its result is ok, 1 otherwise. */
export function runIfMain(moduleUrl: string, run: () => Promise<{ ok: boolean }>): void {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(entry).href !== moduleUrl) return;
  run().then(
    (r) => {
      console.log(r.ok ? 'sample ok' : 'sample FAILED');
      process.exit(r.ok ? 0 : 1);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
