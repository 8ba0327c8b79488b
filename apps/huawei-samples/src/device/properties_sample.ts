/**
 * Client-level property report / set / get (Python `device/properties_sample.py`).
 * @module
 */
import { IotDevice, PropertyListener, ServiceProperty, iot_result } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

class PropertySampleListener extends PropertyListener {
  constructor(private readonly device: IotDevice) {
    super();
  }
  on_property_set(request_id: string, services: ServiceProperty[]): void {
    for (const service_property of services) {
      logger.info(`on_property_set, service_id:${service_property.service_id}`);
      for (const [name, value] of Object.entries(service_property.properties ?? {})) logger.info(`set property name:${name} value:${String(value)}`);
    }
    this.device.get_client().respond_properties_set(request_id, iot_result.SUCCESS);
  }
  on_property_get(request_id: string, service_id: string): void {
    logger.info(`on_property_get, service_id:${service_id}`);
    const sp = new ServiceProperty('smokeDetector', { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 });
    this.device.get_client().respond_properties_get(request_id, [sp]);
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  try {
    device.get_client().set_properties_listener(new PropertySampleListener(device));
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    const id = target.device_id;
    if (cloud) {
      await cloud.down(`$oc/devices/${id}/sys/properties/set/request_id=1`, { object_device_id: id, services: [{ service_id: 'smokeDetector', properties: { alarm: 5 } }] });
      await cloud.down(`$oc/devices/${id}/sys/properties/get/request_id=2`, { object_device_id: id, service_id: 'smokeDetector' });
      check((await cloud.waitUp('/properties/set/response/request_id=1')).text === '{"result_code": 0, "result_desc": "Success"}', 'set response');
      check((await cloud.waitUp('/properties/get/response/request_id=2')).text.includes('"smokeConcentration": 36'), 'get response');
    }
    await sleep(cloud ? 10 : 10_000);
    const service_property = new ServiceProperty();
    service_property.service_id = 'smokeDetector';
    service_property.properties = { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 };
    device.get_client().report_properties([service_property]);
    if (cloud) check((await cloud.waitUp('/sys/properties/report')).text.includes('"temperature": 64'), 'property report');
  } finally {
    await device.destroy();
    await target.close();
  }
}
