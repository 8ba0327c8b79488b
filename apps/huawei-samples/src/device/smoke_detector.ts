/**
 * Thing-model programming (Python `device/smoke_detector.py`).
 * @module
 */
import { AbstractService, CommandRsp, IotDevice, Property, type JsonDict } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

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
  try {
    const smoke_detector_service = new SmokeDetectorService();
    device.add_service('smokeDetector', smoke_detector_service);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    smoke_detector_service.enable_auto_report(cloud ? 0.1 : 5);
    if (cloud) {
      const report = await cloud.waitUp('/sys/properties/report');
      check(report.text === '{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 20, "smokeConcentration": 36, "humidity": 32, "temperature": 64}, "event_time": null}]}', 'auto report');
      await cloud.down(`$oc/devices/${target.device_id}/sys/commands/request_id=7`, { object_device_id: target.device_id, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
      check((await cloud.waitUp('/commands/response/request_id=7')).text === '{"result_code": 0, "response_name": "", "paras": {}}', 'command answered by the service method');
    } else await sleep(20_000);
    smoke_detector_service.disable_auto_report();
  } finally {
    await device.destroy();
    await target.close();
  }
}
