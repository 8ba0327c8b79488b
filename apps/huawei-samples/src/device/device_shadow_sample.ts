/**
 * Device shadow query (Python `device/device_shadow_sample.py`).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { DeviceShadowListener, IotDevice, ServiceProperty, type ShadowData } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const got: ShadowData[][] = [];
  const cloud = target.cloud;
  const id = target.device_id;
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
    if (cloud) {
      // console: desired value set on the platform; the device has reported a value before
      await cloud.call('PUT', `/devices/${id}/shadow/desired`, { service_id: 'smokeDetector', properties: { alarm: 1 } });
      device.get_client().report_properties([new ServiceProperty('smokeDetector', { alarm: 0, temperature: 64 })]);
      await cloud.waitFor(async () => JSON.stringify(await cloud.call('GET', `/devices/${id}/shadow`)).includes('"temperature":64'), 'report in the shadow');
    }
    const request_id = randomUUID();
    device.get_client().get_device_shadow(request_id, 'smokeDetector', null);
    if (cloud) {
      await cloud.waitFor(() => got.length > 0, 'shadow answer delivered to the listener');
      const s = got[0]![0]!;
      check(s.service_id === 'smokeDetector' && s.desired?.properties?.['alarm'] === 1 && s.reported?.properties?.['temperature'] === 64 && s.version === 2, 'desired and reported sections of the shadow');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
