/* global setTimeout */
// Gateway cross-check scenario through @iot/huawei.
import { AbstractGateway, AddedSubDeviceInfo, ClientConf, CommandRsp, ConnectAuthInfo, DeviceEvent, DeviceInfo, DeviceMessage, GtwOperateSubDeviceListener, ServiceProperty, SubDevicesPersistence } from '../dist/index.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Persistence extends SubDevicesPersistence {
  version = 2;
  devices = new Map();
  get_sub_device(node_id) {
    return this.devices.get(node_id) ?? null;
  }
  add_sub_devices(info) {
    if (info.version > 0 && info.version <= this.version) return -1;
    for (const d of info.devices) this.devices.set(d.node_id, d);
    this.version = info.version;
    return 0;
  }
  delete_sub_devices() {
    return 0;
  }
  get_version() {
    return this.version;
  }
}

class Gateway extends AbstractGateway {
  on_sub_dev_command(request_id, command) {
    const rsp = new CommandRsp();
    rsp.paras = { result: command.device_id };
    this.get_client().respond_command(request_id, rsp);
  }
  on_sub_dev_properties_get(request_id, props_get) {
    this.get_client().respond_properties_get(request_id, [new ServiceProperty(props_get.service_id, { alarm: 1 })]);
  }
  on_sub_dev_message(message) {
    const m = new DeviceMessage();
    m.device_id = message.device_id;
    m.content = 'echo ' + message.content;
    this.report_sub_device_message(m);
  }
  on_sub_dev_event(device_events) {
    const ev = new DeviceEvent();
    ev.service_id = '$ota';
    ev.event_type = 'version_report';
    ev.paras = { fw_version: 'v1' };
    this.get_client().report_sub_event(device_events.device_id, ev);
  }
}

class OpListener extends GtwOperateSubDeviceListener {
  constructor(gw) {
    super();
    this.gw = gw;
  }
  on_add_sub_device_rsp() {
    this.gw.sync_sub_devices();
  }
  on_del_sub_device_rsp() {
    this.gw.sync_sub_devices();
  }
}

const info = new ConnectAuthInfo();
info.server_uri = '127.0.0.1'; info.port = 1883; info.id = 'gwprod_gw1'; info.secret = 'gwsecret';
info.check_timestamp = '0';
const gw = new Gateway(new Persistence(), new ClientConf(info));
gw.set_gtw_operate_sub_device_listener(new OpListener(gw));
if ((await gw.connect()) !== 0) throw new Error('connect failed');
gw.sync_sub_devices(); await sleep(200);
gw.report_sub_device_status('prod_n1', 'ONLINE'); await sleep(200);
const a = new AddedSubDeviceInfo(); a.parent_device_id = 'gwprod_gw1'; a.node_id = 'n1'; a.product_id = 'prod'; a.name = 'n1'; a.device_id = 'prod_n1';
gw.gtw_add_sub_device([a], 'e1'); await sleep(200);
gw.gtw_del_sub_device(['prod_n1'], 'e2'); await sleep(200);
gw.report_sub_device_properties('prod_n1', [new ServiceProperty('smokeDetector', { alarm: 10 })]); await sleep(200);
const d = new DeviceInfo(); d.node_id = 'n1'; d.device_id = 'prod_n1';
gw.report_sub_dev_list([d]); await sleep(200);
const m = new DeviceMessage(); m.content = 'last';
gw.get_client().report_device_message(m);
await sleep(3500);
await gw.destroy();
