/**
 * Device-side rule whose action arrives as a command (Python `rule/device_rule_sample.py`; the engine is enabled here,
 * as its README says).
 * @module
 */
import { CommandListener, IotDevice, ServiceProperty, type JsonDict } from '@iot/huawei';
import type { HuaweiConsole } from '../sample_env.js';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

/**
 * Console: creates the device rule "temperature > 5 → ringAlarm" on the platform (`PUT .../rules/rule1`). The platform
 * bumps the rule version in the `$device_rule` shadow (a property set to the device), the device asks for the rule
 * and gets it in `device_rule_config_response`.
 * @param cloud - the console
 * @param device_id - device id
 * @returns the device's answer to the property set
 */
export async function distributeRule(cloud: HuaweiConsole, device_id: string): Promise<{ result_code: number }> {
  return await cloud.request<{ result_code: number }>('PUT', `/devices/${device_id}/rules/rule1`, {
    ruleName: 'hot',
    logic: 'or',
    status: 'active',
    conditions: [{ type: 'DEVICE_DATA', operator: '>', value: '5', deviceInfo: { deviceId: device_id, path: 'smokeDetector/temperature' } }],
    actions: [{ type: 'DEVICE_CMD', status: 'enable', deviceId: device_id, command: { commandName: 'ringAlarm', serviceId: 'smokeDetector', commandBody: { duration: 5 } } }],
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
          commands.push(`${service_id}/${command_name} ${JSON.stringify(paras)}`);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      const set = await distributeRule(cloud, target.device_id);
      check(set.result_code === 0, 'rule version accepted by the device');
      await cloud.waitFor(() => device.get_rule_manage_service().rule_infos.has('rule1'), 'rule fetched by the device');
    } else await sleep(5000);
    logger.info('begin to report properties');
    const service_property = new ServiceProperty();
    service_property.service_id = 'smokeDetector';
    service_property.properties = { temperature: 10 };
    device.get_client().report_properties([service_property]);
    if (cloud) {
      await cloud.waitFor(() => commands.length > 0, 'rule action delivered as a command');
      check(commands[0] === 'smokeDetector/ringAlarm {"duration":5}', `command ${commands[0]}`);
      // deleting the rule on the platform removes it from the device
      await cloud.request('DELETE', `/devices/${target.device_id}/rules/rule1`);
      await cloud.waitFor(() => !device.get_rule_manage_service().rule_infos.has('rule1'), 'rule removed from the device');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
