/**
 * Time synchronisation (Python `device/ntp_sample.py`).
 * @module
 */
import { IotDevice, TimeSyncListener, get_gmt_timestamp } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

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
      const req = await cloud.waitUp('/sys/events/up', (u) => u.text.includes('time_sync_request'));
      const sent = /"device_send_time": "(\d+)"/.exec(req.text)![1]!;
      const t = Date.now();
      await cloud.down(`$oc/devices/${target.device_id}/sys/events/down`, {
        object_device_id: target.device_id,
        services: [{ service_id: '$time_sync', event_type: 'time_sync_response', paras: { device_send_time: Number(sent), server_recv_time: t, server_send_time: t } }],
      });
      for (let i = 0; i < 200 && results.length === 0; i++) await sleep(10);
      check(results.length === 1 && Math.abs(results[0]! - Date.now()) < 5000, 'time computed');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
