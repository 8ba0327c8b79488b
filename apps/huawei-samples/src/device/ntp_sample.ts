/**
 * Time synchronisation (Python `device/ntp_sample.py`).
 * @module
 */
import { IotDevice, TimeSyncListener, get_gmt_timestamp } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const results: number[] = [];
  try {
    device.get_time_sync_service().set_listener(
      new (class extends TimeSyncListener {
        on_time_sync_response(device_send_time: number, server_recv_time: number, server_send_time: number): void {
          const device_recv_time = get_gmt_timestamp();
          const now = (server_recv_time + server_send_time + device_recv_time - device_send_time) / 2;
          logger.info(`now is ${new Date(now).toISOString()}`);
          results.push(now);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    device.get_time_sync_service().request_time_sync();
    const cloud = target.cloud;
    if (cloud) {
      // the platform answers time_sync_request by itself
      await cloud.waitFor(() => results.length === 1, 'time_sync_response');
      check(Math.abs(results[0]! - Date.now()) < 5000, 'time computed from the platform clock');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
