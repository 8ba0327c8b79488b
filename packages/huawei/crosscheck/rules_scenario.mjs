/* global setTimeout */
// Device-rule cross-check scenario through @iot/huawei.
import { ClientConf, CommandListener, CommandRsp, ConnectAuthInfo, DeviceMessage, DeviceMessageListener, IotDevice, ServiceProperty } from '../dist/index.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const info = new ConnectAuthInfo();
info.server_uri = '127.0.0.1'; info.port = 1883; info.id = 'ruleprod_dev1'; info.secret = 'rsecret';
info.enable_rule_manage = true;
const device = new IotDevice(new ClientConf(info));

class Cmd extends CommandListener {
  on_command(request_id, service_id, command_name, paras) {
    const rsp = new CommandRsp();
    rsp.response_name = command_name;
    rsp.paras = { service: service_id, got: paras };
    device.get_client().respond_command(request_id, rsp);
  }
}
class Msg extends DeviceMessageListener {
  on_device_message() {
    device.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 40 })]);
  }
}

device.get_client().set_command_listener(new Cmd());
device.get_client().set_device_msg_listener(new Msg());
if ((await device.connect()) !== 0) throw new Error('connect failed');
const m = new DeviceMessage(); m.content = 'last';
device.get_client().report_device_message(m);
await sleep(3000);
await device.destroy();
