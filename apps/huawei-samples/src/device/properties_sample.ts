/**
 * Client-level property report / set / get (Python `device/properties_sample.py`).
 * @module
 */
import { IotDevice, PropertyListener, ServiceProperty, iot_result } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

class PropertySampleListener extends PropertyListener {
  readonly set_values: Record<string, unknown> = {};
  constructor(private readonly device: IotDevice) {
    super();
  }
  on_property_set(request_id: string, services: ServiceProperty[]): void {
    for (const service_property of services) {
      logger.info(`on_property_set, service_id:${service_property.service_id}`);
      for (const [name, value] of Object.entries(service_property.properties ?? {})) {
        logger.info(`set property name:${name} value:${String(value)}`);
        this.set_values[name] = value;
      }
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
  const id = target.device_id;
  try {
    const listener = new PropertySampleListener(device);
    device.get_client().set_properties_listener(listener);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      // console: set a property, then read them; each HTTP answer carries the device's response
      const set = await cloud.request('POST', `/devices/${id}/properties/set`, { services: [{ service_id: 'smokeDetector', properties: { alarm: 5 } }] });
      check(JSON.stringify(set) === '{"result_code":0,"result_desc":"Success"}' && listener.set_values['alarm'] === 5, 'property set answered');
      const got = await cloud.request<{ services: { service_id: string; properties: Record<string, number> }[] }>('GET', `/devices/${id}/properties?service_id=smokeDetector`);
      check(got.services[0]?.properties['smokeConcentration'] === 36, 'property get answered');
    }
    await sleep(cloud ? 10 : 10_000);
    const service_property = new ServiceProperty();
    service_property.service_id = 'smokeDetector';
    service_property.properties = { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 };
    device.get_client().report_properties([service_property]);
    if (cloud) {
      // the platform merged the report into the shadow
      await cloud.waitFor(async () => {
        const s = await cloud.call<{ shadow: { service_id: string; reported: { properties: Record<string, number> } }[] }>('GET', `/devices/${id}/shadow`);
        return s.shadow.find((x) => x.service_id === 'smokeDetector')?.reported.properties['temperature'] === 64;
      }, 'reported properties in the shadow');
    }
  } finally {
    await device.destroy();
    await target.close();
  }
}
