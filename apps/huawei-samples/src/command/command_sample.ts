/**
 * Command handling (Python `command/command_sample.py`).
 * @module
 */
import { CommandListener, CommandRsp, IotDevice, type JsonDict } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../local_cloud.js';

class CommandSampleListener extends CommandListener {
  constructor(private readonly device: IotDevice) {
    super();
  }
  on_command(request_id: string, _service_id: string, command_name: string, paras: JsonDict): void {
    logger.info(`on_command requestId: ${request_id}`);
    logger.info(JSON.stringify(paras));
    const command_rsp = new CommandRsp();
    command_rsp.result_code = 0;
    command_rsp.response_name = command_name;
    command_rsp.paras = { content: 'Hello Huawei' };
    this.device.get_client().respond_command(request_id, command_rsp);
  }
}

/** Runs the sample; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget();
  const device = new IotDevice(target.client_conf());
  try {
    device.get_client().set_command_listener(new CommandSampleListener(device));
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      await cloud.down(`$oc/devices/${target.device_id}/sys/commands/request_id=abc`, { object_device_id: target.device_id, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 5 } });
      const rsp = await cloud.waitUp('/sys/commands/response/request_id=abc');
      check(rsp.text === '{"result_code": 0, "response_name": "ringAlarm", "paras": {"content": "Hello Huawei"}}', 'command response');
    } else await sleep(60_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
