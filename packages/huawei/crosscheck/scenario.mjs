/* global console, Buffer, setTimeout */
// The same scenario through @iot/huawei (build it first: pnpm --filter @iot/huawei build).
import { AbstractService, ClientConf, CommandRsp, ConnectAuthInfo, DeviceBaseInfo, DeviceEvent, DeviceMessage, IotDevice, Property, RawMessage, ServiceProperty, TimeSyncListener, iot_result } from '../dist/index.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class SmokeDetectorService extends AbstractService {
  smoke_alarm = new Property(20, 'smoke_alarm', 'alarm', true);
  humidity = new Property(64, 'humidity', 'humidity', false);
  constructor() {
    super();
    this._readable_prop2field = { alarm: 'smoke_alarm', humidity: 'humidity' };
    this._writeable_prop2field = { alarm: 'smoke_alarm' };
    this._command2method = { ringAlarm: 'alarm' };
  }
  alarm(paras) {
    const rsp = new CommandRsp();
    rsp.paras = { duration: paras['duration'] };
    return rsp;
  }
  get_smoke_alarm() {
    return this.smoke_alarm.val;
  }
  set_smoke_alarm(v) {
    this.smoke_alarm.val = v;
  }
  get_humidity() {
    return this.humidity.val;
  }
}

class TS extends TimeSyncListener {
  on_time_sync_response(a, b, c) {
    console.log('time', a, b, c);
  }
}

const info = new ConnectAuthInfo();
info.server_uri = '127.0.0.1'; info.port = 1883; info.id = 'productId_nodeId'; info.secret = '12345678';
info.auto_report_device_info = true;
const device = new IotDevice(new ClientConf(info));
device.add_service('smokeDetector', new SmokeDetectorService());
device.get_time_sync_service().set_listener(new TS());
if ((await device.connect()) !== 0) throw new Error('connect failed');
const c = device.get_client();
const m = new DeviceMessage(); m.content = 'Hello Huawei';
c.report_device_message(m); await sleep(200);
c.report_properties([new ServiceProperty('smokeDetector', { alarm: 10, temperature: 64.5, name: 'é' })]); await sleep(200);
c.get_device_shadow('rid-1', 'smokeDetector'); await sleep(200);
c.get_device_shadow('rid-2'); await sleep(200);
const rsp = new CommandRsp(); rsp.response_name = 'ring'; rsp.paras = { a: [1, 2, null] };
c.respond_command('r1', rsp); await sleep(200);
c.respond_properties_set('r3', iot_result.SUCCESS); await sleep(200);
const ev = new DeviceEvent(); ev.service_id = 's'; ev.event_type = 'e'; ev.paras = { k: 'v' };
c.report_event(ev); await sleep(200);
c.publish_raw_message(new RawMessage('$oc/devices/productId_nodeId/user/t', Buffer.from([1, 2]), 0)); await sleep(200);
device.get_ota_service().report_version('v1', 'v2'); await sleep(200);
device.get_ota_service().report_ota_status(0, 'v2', 100, 'ok'); await sleep(200);
device.get_time_sync_service().request_time_sync(); await sleep(200);
const di = new DeviceBaseInfo(); di.fw_version = 'f'; di.sw_version = 's';
c.report_device_info(di);
await sleep(3500);
await device.destroy();
