/**
 * Device shadow query (Python `device/device_shadow_sample.py`).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { DeviceShadowListener, IotDevice, type ShadowData } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const got: ShadowData[][] = [];
  try {
    device.get_client().set_device_shadow_listener(
      new (class extends DeviceShadowListener {
        on_shadow_get(request_id: string, object_device_id: string, shadow: ShadowData[]): void {
          logger.info(`on_shadow_get request_id: ${request_id}, device_id: ${object_device_id}`);
          logger.info(`shadow service_id: ${shadow[0]?.service_id}`);
          logger.info(`shadow desired properties: ${JSON.stringify(shadow[0]?.desired?.properties)}`);
          logger.info(`shadow reported properties: ${JSON.stringify(shadow[0]?.reported?.properties)}`);
          got.push(shadow);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const request_id = randomUUID();
    device.get_client().get_device_shadow(request_id, 'smokeDetector', null);
    const cloud = target.cloud;
    if (cloud) {
      const req = await cloud.waitUp(`/sys/shadow/get/request_id=${request_id}`);
      check(req.text === '{"service_id": "smokeDetector"}', 'shadow request');
      await cloud.down(`$oc/devices/${target.device_id}/sys/shadow/get/response/request_id=${request_id}`, {
        object_device_id: target.device_id,
        shadow: [{ service_id: 'smokeDetector', desired: { properties: { alarm: 1 }, event_time: '20240102T030405Z' }, reported: { properties: { alarm: 0 }, event_time: '20240102T030405Z' }, version: 3 }],
      });
      for (let i = 0; i < 200 && got.length === 0; i++) await sleep(10);
      check(got.length === 1 && got[0]![0]!.version === 3, 'shadow delivered to the listener');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
