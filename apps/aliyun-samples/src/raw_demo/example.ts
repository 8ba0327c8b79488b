/**
 * Raw (pass-through) data from the vendor guide: `thing_setup()` without a TSL, `thing_raw_post_data(bytes)`,
 * `on_thing_raw_data_post` for the platform's reply and `on_thing_raw_data_arrived` for downlink bytes.
 * @module
 */
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Encodes `{prop_int16}` the way a custom protocol script might (1 byte type, 2 bytes value). */
function protocolToRawData(params: { prop_int16: number }): Buffer {
  const b = Buffer.alloc(3);
  b.writeUInt8(0x01, 0);
  b.writeInt16BE(params.prop_int16, 1);
  return b;
}

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('raw-demo-dev');
  const { product_key: pk, device_name: dn } = env.config;
  const lk = env.create();
  try {
    let enabled = false;
    let posted: Buffer | undefined;
    let arrived: Buffer | undefined;
    lk.on_thing_enable = () => (enabled = true);
    lk.on_thing_raw_data_post = (payload) => {
      console.log(`on_thing_raw_data_post: ${payload.toString('hex')}`);
      posted = payload;
    };
    lk.on_thing_raw_data_arrived = (payload) => {
      console.log(`on_thing_raw_data_arrived: ${payload.toString('hex')}`);
      arrived = payload;
      lk.thing_raw_data_reply(Buffer.from([0x00]));
    };
    lk.thing_setup();
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    console.log('thing_raw_post_data rc:', lk.thing_raw_post_data(protocolToRawData({ prop_int16: 11 })));
    if (env.cloud) await env.cloud.downRaw(pk, dn, Buffer.from([0x02, 0x00, 0x2a]));
    await until(() => posted !== undefined && (arrived !== undefined || !env.cloud), 'raw replies');
    await lk.disconnect();
    return true;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
