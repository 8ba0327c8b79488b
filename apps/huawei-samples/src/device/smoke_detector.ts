/**
 * Thing-model programming (Python `device/smoke_detector.py`).
 * @module
 */
import { AbstractService, CommandRsp, IotDevice, Property, type JsonDict } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/** The smoke detector service of the product model. */
export class SmokeDetectorService extends AbstractService {
  smoke_alarm = new Property(20, 'smoke_alarm', 'alarm', true);
  concentration = new Property(32.0, 'concentration', 'smokeConcentration', false);
  humidity = new Property(64, 'humidity', 'humidity', false);
  temperature = new Property(36.0, 'temperature', 'temperature', false);

  constructor() {
    super();
    for (const p of [this.smoke_alarm, this.concentration, this.humidity, this.temperature]) {
      this._readable_prop2field[p.prop_name] = p.field_name;
      if (p.writeable) this._writeable_prop2field[p.prop_name] = p.field_name;
    }
    this._command2method = { ringAlarm: 'alarm' };
  }

  /** The ringAlarm command. */
  alarm(paras: JsonDict): CommandRsp {
    logger.info(`ringAlarm duration = ${String(paras['duration'])}`);
    const command_rsp = new CommandRsp();
    command_rsp.result_code = CommandRsp.success_code();
    return command_rsp;
  }
  get_humidity(): number {
    this.humidity.val = 32;
    return this.humidity.val;
  }
  set_humidity(_humidity: number): void {
    // read-only property: no setter needed
  }
  get_temperature(): number {
    this.temperature.val = 64;
    return this.temperature.val;
  }
  set_temperature(_temperature: number): void {
    // read-only property
  }
  get_concentration(): number {
    this.concentration.val = 36;
    return this.concentration.val;
  }
  set_concentration(_concentration: number): void {
    // read-only property
  }
  get_smoke_alarm(): number {
    return this.smoke_alarm.val;
  }
  set_smoke_alarm(smoke_alarm: number): void {
    this.smoke_alarm.val = smoke_alarm;
    if (smoke_alarm === 10) logger.info(`set alarm:${smoke_alarm}, alarm is clear by app`);
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  const id = target.device_id;
  try {
    const smoke_detector_service = new SmokeDetectorService();
    device.add_service('smokeDetector', smoke_detector_service);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    smoke_detector_service.enable_auto_report(cloud ? 0.1 : 5);
    if (cloud) {
      type Shadow = { shadow: { service_id: string; reported: { properties: Record<string, number> } }[] };
      const reported = async (): Promise<Record<string, number> | undefined> => (await cloud.call<Shadow>('GET', `/devices/${id}/shadow`)).shadow.find((x) => x.service_id === 'smokeDetector')?.reported.properties;
      const first = await cloud.waitFor(reported, 'auto report in the shadow');
      check(JSON.stringify(first) === '{"alarm":20,"smokeConcentration":36,"humidity":32,"temperature":64}', 'auto-reported properties');
      // console: command → the service method, property set → the setter, property get → the getters
      const rsp = await cloud.request('POST', `/devices/${id}/commands`, { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
      check(JSON.stringify(rsp) === '{"result_code":0,"response_name":"","paras":{}}', 'command answered by the service method');
      const set = await cloud.request<{ result_code: number }>('POST', `/devices/${id}/properties/set`, { services: [{ service_id: 'smokeDetector', properties: { alarm: 10 } }] });
      check(set.result_code === 0 && smoke_detector_service.get_smoke_alarm() === 10, 'writeable property set');
      const ro = await cloud.request<{ result_code: number }>('POST', `/devices/${id}/properties/set`, { services: [{ service_id: 'smokeDetector', properties: { humidity: 1 } }] });
      check(ro.result_code !== 0, 'read-only property refused');
      const got = await cloud.request<{ services: { properties: Record<string, number> }[] }>('GET', `/devices/${id}/properties?service_id=smokeDetector`);
      check(got.services[0]?.properties['alarm'] === 10, 'property get reads the service');
      await cloud.waitFor(async () => (await reported())?.['alarm'] === 10, 'new value auto-reported');
    } else await sleep(20_000);
    smoke_detector_service.disable_auto_report();
  } finally {
    await device.destroy();
    await target.close();
  }
}
