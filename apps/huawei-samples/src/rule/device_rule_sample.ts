/**
 * Device-side rule whose action arrives as a command (Python `rule/device_rule_sample.py`; the engine is enabled here,
 * as its README says).
 * @module
 */
import { CommandListener, IotDevice, ServiceProperty, type JsonDict } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

/** Pushes one rule "temperature > 5 → ringAlarm" to the device, the way IoTDA distributes rules. */
export async function distributeRule(cloud: NonNullable<Awaited<ReturnType<typeof sampleTarget>>['cloud']>, device_id: string): Promise<void> {
  await cloud.down(`$oc/devices/${device_id}/sys/properties/set/request_id=rules`, { object_device_id: device_id, services: [{ service_id: '$device_rule', properties: { rule1: { version: 1 } } }] });
  await cloud.waitUp('/sys/events/up', (u) => u.text.includes('device_rule_config_request'));
  await cloud.down(`$oc/devices/${device_id}/sys/events/down`, {
    object_device_id: device_id,
    services: [
      {
        service_id: '$device_rule',
        event_type: 'device_rule_config_response',
        paras: {
          rulesInfos: [
            {
              ruleId: 'rule1',
              ruleName: 'hot',
              logic: 'or',
              status: 'active',
              ruleVersionInShadow: 1,
              conditions: [{ type: 'DEVICE_DATA', operator: '>', value: '5', deviceInfo: { deviceId: device_id, path: 'smokeDetector/temperature' } }],
              actions: [{ type: 'DEVICE_CMD', status: 'enable', deviceId: device_id, command: { commandName: 'ringAlarm', serviceId: 'smokeDetector', commandBody: { duration: 5 } } }],
            },
          ],
        },
      },
    ],
  });
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  target.connect_auth_info.enable_rule_manage = true;
  const device = new IotDevice(target.client_conf());
  const commands: string[] = [];
  try {
    device.get_client().set_command_listener(
      new (class extends CommandListener {
        on_command(request_id: string, service_id: string, command_name: string, paras: JsonDict): void {
          logger.info(`on_command requestId: ${request_id} ${service_id}/${command_name} ${JSON.stringify(paras)}`);
          commands.push(command_name);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      await distributeRule(cloud, target.device_id);
      for (let i = 0; i < 300 && !device.get_rule_manage_service().rule_infos.has('rule1'); i++) await sleep(10);
    } else await sleep(5000);
    logger.info('begin to report properties');
    const service_property = new ServiceProperty();
    service_property.service_id = 'smokeDetector';
    service_property.properties = { temperature: 10 };
    device.get_client().report_properties([service_property]);
    for (let i = 0; i < 300 && commands.length === 0; i++) await sleep(10);
    if (cloud) check(commands[0] === 'ringAlarm', 'rule action delivered as a command');
  } finally {
    await device.destroy();
    await target.close();
  }
}
