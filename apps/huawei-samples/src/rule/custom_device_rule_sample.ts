/**
 * Device-side rule handled by a custom ActionHandler (Python `rule/custom_device_rule_sample.py`).
 * @module
 */
import { ActionHandler, IotDevice, ServiceProperty, type Action } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';
import { distributeRule } from './device_rule_sample.js';

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  target.connect_auth_info.enable_rule_manage = true;
  const device = new IotDevice(target.client_conf());
  const handled: Action[][] = [];
  try {
    device.get_client().set_rule_action_handler(
      new (class extends ActionHandler {
        handle_rule_action(action: Action[]): void {
          for (const a of action) logger.info(`action device_id: ${a.device_id}, service_id: ${a.command?.service_id}, paras: ${JSON.stringify(a.command?.paras)}`);
          handled.push(action);
        }
      })(),
    );
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      await distributeRule(cloud, target.device_id);
      await cloud.waitFor(() => device.get_rule_manage_service().rule_infos.has('rule1'), 'rule fetched by the device');
    } else await sleep(5000);
    device.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 10 })]);
    if (cloud) {
      await cloud.waitFor(() => handled.length > 0, 'custom action handler called');
      const a = handled[0]![0]!;
      check(handled[0]!.length === 1 && a.device_id === target.device_id && a.command?.service_id === 'smokeDetector' && JSON.stringify(a.command.paras) === '{"duration":5}', 'action of rule1');
    } else await sleep(5000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
