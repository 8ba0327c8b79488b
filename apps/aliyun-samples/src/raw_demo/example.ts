/**
 * Raw (pass-through) data from the vendor guide: `thing_setup()` without a TSL, `thing_raw_post_data(bytes)`,
 * `on_thing_raw_data_post` for the platform's reply and `on_thing_raw_data_arrived` for downlink bytes, answered
 * with `thing_raw_data_reply`. The emulated product has no parser script, so `up_raw_reply` carries the same bytes.
 * @module
 */
import { runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';
import { tracePayload } from '../common/emulator-cloud.js';

/** Encodes `{prop_int16}` the way a custom protocol script might (1 byte type, 2 bytes value). */
function protocolToRawData(params: { prop_int16: number }): Buffer {
  const b = Buffer.alloc(3);
  b.writeUInt8(0x01, 0);
  b.writeInt16BE(params.prop_int16, 1);
  return b;
}

/** What raw_demo observed (hex strings). */
export interface RawDemoDevice {
  /** Bytes sent with `thing_raw_post_data`. */
  sent: string;
  /** `on_thing_raw_data_post` payload. */
  postReply: string;
  /** `on_thing_raw_data_arrived` payload (empty on the real cloud). */
  arrived: string;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<RawDemoDevice, { downRawReply: string; upRawUplinks: string[] }>> {
  const env = await sampleEnv({ deviceName: 'raw-demo-dev' });
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
      lk.thing_raw_data_reply(Buffer.from([0x00, payload[0] ?? 0]));
    };
    lk.thing_setup();
    lk.connect_async();
    await until(() => enabled, 'on_thing_enable');
    const sent = protocolToRawData({ prop_int16: 11 });
    console.log('thing_raw_post_data rc:', lk.thing_raw_post_data(sent));
    await until(() => posted !== undefined, 'up_raw_reply');
    let platform: { downRawReply: string; upRawUplinks: string[] } | null = null;
    if (env.console) {
      const reply = await env.console.downRaw(pk, dn, Buffer.from([0x02, 0x00, 0x2a]));
      console.log('console down_raw → device replied', reply?.toString('hex'));
      const ups = await env.console.trace({ topic: `/sys/${pk}/${dn}/thing/model/up_raw`, kind: ['publish'] });
      platform = { downRawReply: reply?.toString('hex') ?? '', upRawUplinks: ups.map((e) => tracePayload(e).toString('hex')) };
    }
    await lk.disconnect();
    const device = { sent: sent.toString('hex'), postReply: posted!.toString('hex'), arrived: arrived?.toString('hex') ?? '' };
    return { ok: device.postReply.length > 0 && (platform === null || platform.downRawReply === '0002'), device, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
