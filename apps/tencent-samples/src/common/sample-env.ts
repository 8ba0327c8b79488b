/**
 * Where a sample runs: against a real Tencent device when `TENCENT_DEVICE_FILE` names a device_info.json,
 * otherwise against the embedded emulator and its `tencent` plugin with a generated device file.
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@iot/emulator';
import { QcloudHub, type QcloudHubOptions } from '@iot/tencent';
import { emulatorCloud, type SampleCloud } from './emulator-cloud.js';

/** The local product used by the samples. */
export const LOCAL_PRODUCT = { productId: 'SAMPLEPID1', productSecret: 'sampleproductsecret00000' };

/** Settings of one sample run. */
export interface SampleEnv {
  /** Path of the device file. */
  deviceFile: string;
  /** MQTT over TLS. */
  tls: boolean;
  /** Broker host override (null on the real cloud). */
  domain: string | null;
  /** TypeScript-only hub options (emulator port). */
  options: QcloudHubOptions;
  /** Console actions of the emulator's tencent plugin (null on the real cloud). */
  cloud: SampleCloud | null;
  /** The emulator (null on the real cloud). */
  emulator: Emulator | null;
  /** A scratch directory (firmware, resources). */
  workDir: string;
  /** Stops everything, including the QcloudHub singleton. */
  close(): Promise<void>;
}

/** What a sample needs from its local device. */
export interface EnvRequest {
  /** Device name (default `dev1`). */
  deviceName?: string;
  /** Sub-devices for the gateway sample (registered and bound to this device, which becomes a gateway). */
  subDevices?: Array<{ sub_productId: string; sub_devName: string }>;
  /** Further devices to register, unbound (the gateway sample binds one). */
  extraDevices?: string[];
  /** Leave the secret as the placeholder (dynamic registration). */
  placeholderSecret?: boolean;
  /** An already running emulator/cloud to join (two devices in one scenario). */
  join?: { emulator: Emulator; cloud: SampleCloud };
}

/**
 * The device secret the samples register for a device name on the emulator.
 * @param name - device name
 * @returns Base64 secret
 */
export function secretFor(name: string): string {
  return Buffer.from(`secret-of-${name}`.padEnd(16, '#').slice(0, 16)).toString('base64');
}

/**
 * Prepares a run.
 * @param req - device settings for the local run
 * @returns the environment; call `close()` at the end
 */
export async function sampleEnv(req: EnvRequest = {}): Promise<SampleEnv> {
  const workDir = mkdtempSync(join(tmpdir(), 'tencent-sample-'));
  const real = process.env['TENCENT_DEVICE_FILE'];
  if (real) {
    return {
      deviceFile: real,
      tls: true,
      domain: null,
      options: {},
      cloud: null,
      emulator: null,
      workDir,
      async close() {
        await QcloudHub.destroy();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  }
  const owned = !req.join;
  let emulator: Emulator;
  let cloud: SampleCloud;
  if (req.join) {
    ({ emulator, cloud } = req.join);
  } else {
    emulator = await startEmulator({ vendors: ['tencent'] });
    cloud = emulatorCloud(emulator);
  }
  const deviceName = req.deviceName ?? 'dev1';
  const deviceSecret = secretFor(deviceName);
  await cloud.addProduct(LOCAL_PRODUCT.productId, LOCAL_PRODUCT.productSecret);
  for (const sub of req.subDevices ?? []) await cloud.addDevice({ productId: sub.sub_productId, deviceName: sub.sub_devName, deviceSecret: secretFor(sub.sub_devName) });
  for (const name of req.extraDevices ?? []) await cloud.addDevice({ productId: LOCAL_PRODUCT.productId, deviceName: name, deviceSecret: secretFor(name) });
  if (!req.placeholderSecret) {
    const bound = req.subDevices?.map((s) => `${s.sub_productId}/${s.sub_devName}`);
    await cloud.addDevice({ productId: LOCAL_PRODUCT.productId, deviceName, deviceSecret, ...(bound ? { subDevices: bound } : {}) });
  }
  const subs = req.subDevices ?? [];
  const deviceFile = join(workDir, 'device_info.json');
  writeFileSync(
    deviceFile,
    JSON.stringify(
      {
        auth_mode: 'KEY',
        productId: LOCAL_PRODUCT.productId,
        productSecret: LOCAL_PRODUCT.productSecret,
        deviceName,
        key_deviceinfo: { deviceSecret: req.placeholderSecret ? 'YOUR_DEVICE_SECRET' : deviceSecret },
        cert_deviceinfo: { devCaFile: 'YOUR_CA_FILE_NAME', devCertFile: 'YOUR_DEVICE_CERT_FILE_NAME', devPrivateKeyFile: 'YOUR_DEVICE_PRIVATE_KEY_FILE_NAME' },
        subDev: { subdev_num: subs.length, subdev_list: subs },
        region: 'china',
      },
      null,
      2,
    ),
  );
  const port = Number(new URL(emulator.mqttUrl).port);
  return {
    deviceFile,
    tls: false,
    domain: '127.0.0.1',
    options: { port },
    cloud,
    emulator,
    workDir,
    async close() {
      await QcloudHub.destroy();
      if (owned) {
        cloud.close();
        await emulator.close();
      }
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** `time.sleep` in seconds. */
export function sleep(sec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, sec * 1000));
}

/**
 * Runs a sample's main function as a program: exit code 0 on `true`.
 * @param main - the sample
 */
export function runAsProgram(main: () => Promise<boolean>): void {
  main().then(
    (ok) => {
      process.exitCode = ok ? 0 : 1;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/** True when the module is the program being run (not imported by a test or runner). */
export function isMain(metaUrl: string): boolean {
  const arg = process.argv[1];
  return arg !== undefined && metaUrl === new URL(`file://${arg}`).href;
}
