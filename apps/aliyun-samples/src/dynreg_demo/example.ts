/**
 * Dynamic registration ("one type one secret"): the HTTPS flow of the vendor guide, then the two MQTT flows
 * (`register` → device secret, `regnwl` → client id/username/password) and a normal connect with what each returned.
 * Locally the console pre-registers the devices of the first two flows (the product requires it) and not the
 * third (`regnwl` registers devices the platform does not know yet); a last HTTPS attempt for a device that was not
 * pre-registered is refused. Runs against the local platform only (a real
 * product would register real devices).
 * @module
 */
import { LinkKit } from '@iot/aliyun';
import { LOCAL_PRODUCT, runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';
import type { DeviceRecordView } from '../common/emulator-cloud.js';

/** What dynreg_demo observed on the devices. */
export interface DynregDemoDevice {
  /** Secret from the HTTPS registration (`on_device_dynamic_register`). */
  httpsSecret: string | null;
  /** Secret from MQTT `register`. */
  mqttSecret: string | null;
  /** Credentials from MQTT `regnwl`. */
  nwl: { client_id: string; username: string; password: string } | null;
  /** `on_connect` rc of the normal connect after each flow. */
  connectRc: Record<'https' | 'register' | 'regnwl', number>;
  /** `on_device_dynamic_register(rc, value)` of an HTTPS registration the platform refused (device not pre-registered). */
  refused: { rc: number; value: string | null } | null;
}

/** The platform's records of the three devices after the run. */
export interface DynregDemoPlatform {
  /** HTTPS-registered device. */
  https: DeviceRecordView | undefined;
  /** MQTT-registered device. */
  register: DeviceRecordView | undefined;
  /** regnwl device (created by the registration). */
  regnwl: DeviceRecordView | undefined;
  /** The regnwl device before its registration. */
  regnwlBefore: DeviceRecordView | undefined;
  /** The refused device (still unknown). */
  refused: DeviceRecordView | undefined;
}

async function connectOnce(lk: LinkKit): Promise<number> {
  let rc: number | undefined;
  lk.on_connect = (_f, r) => {
    console.log(`${lk.get_device_name()} on_connect rc:${r}`);
    rc = r;
  };
  try {
    lk.connect_async();
    await until(() => rc !== undefined, 'on_connect');
    await lk.disconnect();
    return rc!;
  } finally {
    await lk.destruct();
  }
}

const NAMES = { https: 'dynreg-https-dev', register: 'dynreg-mqtt-dev', regnwl: 'dynreg-nwl-dev', refused: 'dynreg-unknown-dev' };

/** Runs the sample. */
export async function run(): Promise<SampleResult<DynregDemoDevice, DynregDemoPlatform>> {
  const device: DynregDemoDevice = { httpsSecret: null, mqttSecret: null, nwl: null, connectRc: { https: -1, register: -1, regnwl: -1 }, refused: null };
  if (process.env['ALIYUN_CONFIG']) {
    console.log('dynreg_demo registers devices and only runs against the local platform');
    return { ok: true, device, platform: null };
  }
  const env = await sampleEnv({ deviceName: NAMES.https, registered: false });
  const cloud = env.console!;
  try {
    // the console pre-registers the devices of the first two flows
    await cloud.addDevice({ productKey: LOCAL_PRODUCT.productKey, deviceName: NAMES.https });
    await cloud.addDevice({ productKey: LOCAL_PRODUCT.productKey, deviceName: NAMES.register });
    const regnwlBefore = await cloud.device(LOCAL_PRODUCT.productKey, NAMES.regnwl);

    // 1. HTTPS: the device secret arrives in on_device_dynamic_register, then the same client connects
    const https = env.create({ device_secret: '', product_secret: LOCAL_PRODUCT.productSecret });
    https.on_device_dynamic_register = (rc, value) => {
      console.log(`dynamic register device ${rc === 0 ? 'success' : 'fail'}, rc:${rc}, value:${String(value)}`);
      if (rc === 0) device.httpsSecret = value;
    };
    device.connectRc.https = await connectOnce(https);
    console.log('persist this device secret:', device.httpsSecret);

    // 2. MQTT "register": the platform pushes the secret on /ext/register and closes the session
    const reg = env.create({ device_name: NAMES.register, device_secret: '', product_secret: LOCAL_PRODUCT.productSecret, auth_type: 'register' });
    reg.on_device_dynamic_register = (rc, value) => (device.mqttSecret = rc === 0 ? value : null);
    reg.connect_async();
    await until(() => device.mqttSecret !== null, 'the register result');
    await reg.destruct();
    device.connectRc.register = await connectOnce(env.create({ device_name: NAMES.register, device_secret: device.mqttSecret }));

    // 3. MQTT "regnwl": credentials for a device that was not pre-registered
    const nwl = env.create({ device_name: NAMES.regnwl, device_secret: '', product_secret: LOCAL_PRODUCT.productSecret, auth_type: 'regnwl' });
    nwl.on_device_dynamic_register_nwl_reply = (rc, client_id, username, password) => {
      if (rc === 0 && client_id && username && password) device.nwl = { client_id, username, password };
    };
    nwl.connect_async();
    await until(() => device.nwl !== null, 'the regnwl result');
    await nwl.destruct();
    device.connectRc.regnwl = await connectOnce(env.create({ device_name: NAMES.regnwl, device_secret: '', ...device.nwl! }));

    // 4. HTTPS again, for a device the console did not pre-register: the platform refuses, the SDK reports rc 1 and the message
    const unknown = env.create({ device_name: NAMES.refused, device_secret: '', product_secret: LOCAL_PRODUCT.productSecret });
    unknown.on_device_dynamic_register = (rc, value) => {
      console.log(`dynamic register device ${rc === 0 ? 'success' : 'fail'}, rc:${rc}, value:${String(value)}`);
      device.refused = { rc, value };
    };
    try {
      unknown.connect_async();
      await until(() => device.refused !== null, 'the refused registration');
    } finally {
      await unknown.destruct();
    }

    const platform: DynregDemoPlatform = {
      https: await cloud.device(LOCAL_PRODUCT.productKey, NAMES.https),
      register: await cloud.device(LOCAL_PRODUCT.productKey, NAMES.register),
      regnwl: await cloud.device(LOCAL_PRODUCT.productKey, NAMES.regnwl),
      regnwlBefore,
      refused: await cloud.device(LOCAL_PRODUCT.productKey, NAMES.refused),
    };
    const ok =
      Object.values(device.connectRc).every((rc) => rc === 0) &&
      platform.https?.deviceSecret === device.httpsSecret &&
      platform.register?.deviceSecret === device.mqttSecret &&
      platform.regnwl?.deviceToken === device.nwl?.password &&
      device.refused?.rc !== 0;
    if (ok) console.log('all three registration flows connected');
    return { ok, device, platform };
  } finally {
    await env.close();
  }
}

runIfMain(import.meta.url, run);
