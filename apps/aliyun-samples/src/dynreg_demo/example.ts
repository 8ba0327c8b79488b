/**
 * Dynamic registration ("one type one secret"): the HTTPS flow of the vendor guide, then the two MQTT flows
 * (`register` → device secret, `regnwl` → client id/username/password) and a normal connect with what each returned.
 * Runs against the local cloud only (a real product would register real devices).
 * @module
 */
import { LinkKit } from '@iot/aliyun';
import { LOCAL_PRODUCT, runIfMain, sampleEnv, until } from '../common/sample-env.js';

async function connectOnce(lk: LinkKit): Promise<void> {
  let connected = false;
  lk.on_connect = (_f, rc) => {
    console.log(`${lk.get_device_name()} on_connect rc:${rc}`);
    connected = rc === 0;
  };
  try {
    lk.connect_async();
    await until(() => connected, 'on_connect');
    await lk.disconnect();
  } finally {
    await lk.destruct();
  }
}

/** Runs the sample. */
export async function main(): Promise<boolean> {
  if (process.env['ALIYUN_CONFIG']) {
    console.log('dynreg_demo registers devices and only runs against the local cloud');
    return true;
  }
  const env = await sampleEnv('dynreg-https-dev', { registered: false });
  try {
    // 1. HTTPS pre-registration: the device secret arrives in on_device_dynamic_register, then the same client connects
    const https = env.create({ device_secret: '', product_secret: LOCAL_PRODUCT.productSecret });
    let secret: string | null = null;
    https.on_device_dynamic_register = (rc, value) => {
      console.log(`dynamic register device ${rc === 0 ? 'success' : 'fail'}, rc:${rc}, value:${String(value)}`);
      secret = value;
    };
    await connectOnce(https);
    console.log('persist this device secret:', secret);

    // 2. MQTT "register": the platform pushes the secret on /ext/register and closes the session
    const reg = env.create({ device_name: 'dynreg-mqtt-dev', device_secret: '', product_secret: LOCAL_PRODUCT.productSecret, auth_type: 'register' });
    let mqttSecret: string | null = null;
    reg.on_device_dynamic_register = (rc, value) => (mqttSecret = rc === 0 ? value : null);
    reg.connect_async();
    await until(() => mqttSecret !== null, 'the register result');
    await reg.destruct();
    await connectOnce(env.create({ device_name: 'dynreg-mqtt-dev', device_secret: mqttSecret }));

    // 3. MQTT "regnwl": credentials for a device that was not pre-registered
    const nwl = env.create({ device_name: 'dynreg-nwl-dev', device_secret: '', product_secret: LOCAL_PRODUCT.productSecret, auth_type: 'regnwl' });
    let creds: { client_id: string; username: string; password: string } | undefined;
    nwl.on_device_dynamic_register_nwl_reply = (rc, client_id, username, password) => {
      if (rc === 0 && client_id && username && password) creds = { client_id, username, password };
    };
    nwl.connect_async();
    await until(() => creds !== undefined, 'the regnwl result');
    await nwl.destruct();
    await connectOnce(env.create({ device_name: 'dynreg-nwl-dev', device_secret: '', ...creds! }));
    console.log('all three registration flows connected');
    return true;
  } finally {
    await env.close();
  }
}

runIfMain(import.meta.url, main);
