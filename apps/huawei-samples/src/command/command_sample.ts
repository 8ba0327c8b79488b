/**
 * Command handling (Python `command/command_sample.py`).
 * @module
 */
import { CommandListener, CommandRsp, IotDevice, type JsonDict } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';

class CommandSampleListener extends CommandListener {
  readonly seen: JsonDict[] = [];
  constructor(private readonly device: IotDevice) {
    super();
  }
  on_command(request_id: string, _service_id: string, command_name: string, paras: JsonDict): void {
    logger.info(`on_command requestId: ${request_id}`);
    logger.info(JSON.stringify(paras));
    this.seen.push(paras);
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
    const listener = new CommandSampleListener(device);
    device.get_client().set_command_listener(listener);
    if ((await device.connect()) !== 0) throw new Error('init failed');
    const cloud = target.cloud;
    if (cloud) {
      // console: send a command; the HTTP answer is the device's response
      const rsp = await cloud.request('POST', `/devices/${target.device_id}/commands`, { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 5 } });
      check(JSON.stringify(listener.seen) === '[{"duration":5}]', 'listener received the command');
      check(JSON.stringify(rsp) === '{"result_code":0,"response_name":"ringAlarm","paras":{"content":"Hello Huawei"}}', 'command response');
    } else await sleep(60_000);
  } finally {
    await device.destroy();
    await target.close();
  }
}
