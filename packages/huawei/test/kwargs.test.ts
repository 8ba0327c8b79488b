// Python keyword arguments as a trailing options object with the same snake_case keys (positional still works).
import { AbstractGateway, ActionListener, AddedSubDeviceInfo, ClientConf, IotDevice, RawMessage } from '../src/index.js';
import { authInfo, makeDevice } from './helpers.js';

function capture(d: IotDevice): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const conn = d.get_client()._get_connection();
  conn.publish_message = (m: RawMessage) => {
    const text = String(m.payload);
    out.push([m.topic, text.includes('"paras": ') ? text.slice(text.indexOf('"paras": ') + 9, text.lastIndexOf('}]}')) : text]);
  };
  return out;
}

const devices: IotDevice[] = [];
afterAll(async () => {
  for (const d of devices) await d.destroy();
});

test('OTA, shadow and file manager keyword forms send what the positional forms send', async () => {
  const d = makeDevice(null);
  devices.push(d);
  const out = capture(d);
  const l = new (class extends ActionListener {
    on_success(): void {}
    on_failure(): void {}
  })();
  const ota = d.get_ota_service();
  ota.report_ota_status(0, 'v2', 100, 'upgrade success');
  ota.report_ota_status(0, 'v2', { progress: 100, description: 'upgrade success', listener: l });
  ota.report_ota_status(7, 'v2', { description: 'bad sign' });
  ota.report_version({ sw_version: 'v3' });
  ota.report_version('v1', 'v2');
  d.get_client().get_device_shadow('r1', { service_id: 'smokeDetector' });
  d.get_client().get_device_shadow('r2', { object_device_id: 'child_1' });
  const fm = d.get_file_manager_service();
  fm.report_upload_result('a.txt', 1, { status_code: 403, status_description: 'denied' });
  fm.get_download_file_url('a.txt', { file_attributes: { size: 3 } });
  await fm.get_upload_file_url('b.txt', { hash_code: 'abc', size: 4 });
  expect(out).toEqual([
    ['$oc/devices/productId_nodeId/sys/events/up', '{"result_code": 0, "version": "v2", "progress": 100, "description": "upgrade success"}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"result_code": 0, "version": "v2", "progress": 100, "description": "upgrade success"}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"result_code": 7, "version": "v2", "description": "bad sign"}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"sw_version": "v3"}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"fw_version": "v1", "sw_version": "v2"}'],
    ['$oc/devices/productId_nodeId/sys/shadow/get/request_id=r1', '{"service_id": "smokeDetector"}'],
    ['$oc/devices/child_1/sys/shadow/get/request_id=r2', '{}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"object_name": "a.txt", "result_code": 1, "status_code": 403, "status_description": "denied"}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"file_name": "a.txt", "file_attributes": {"size": 3}}'],
    ['$oc/devices/productId_nodeId/sys/events/up', '{"file_name": "b.txt", "file_attributes": {}}'], // Q26 kept: Python drops the caller's attributes
  ]);
});

test('gateway event_id keyword', () => {
  const gw = new AbstractGateway(null, new ClientConf(authInfo(null), null, { broker_port: 1 }));
  devices.push(gw);
  const texts: string[] = [];
  gw.get_client()._get_connection().publish_message = (m: RawMessage) => {
    texts.push(String(m.payload));
  };
  gw.gtw_add_sub_device([new AddedSubDeviceInfo({ node_id: 'n' })], { event_id: 'e1' });
  gw.gtw_del_sub_device(['p_n'], { event_id: 'e2' });
  gw.gtw_del_sub_device(['p_n'], 'e3');
  expect(texts.map((t) => /"event_type": "(\w+)", "event_time": "[^"]*", "event_id": "(\w+)"/.exec(t)!.slice(1))).toEqual([
    ['add_sub_device_request', 'e1'],
    ['delete_sub_device_request', 'e2'],
    ['delete_sub_device_request', 'e3'],
  ]);
  expect(texts[0]).toContain('"paras": {"devices": [{"parent_device_id": "", "node_id": "n", "device_id": "", "name": "", "description": "", "product_id": "", "extension_info": ""}]}');
});

test('ServiceProperty and Property keyword forms', async () => {
  const { ServiceProperty, Property } = await import('../src/index.js');
  expect(new ServiceProperty({ service_id: 's', properties: { a: 1 } }).to_dict()).toEqual({ service_id: 's', properties: { a: 1 }, event_time: null });
  expect(new ServiceProperty('s', { a: 1 }, 't').to_dict()).toEqual({ service_id: 's', properties: { a: 1 }, event_time: 't' });
  const p = new Property(20, 'smoke_alarm', 'alarm', { writeable: false });
  expect([p.val, p.field_name, p.prop_name, p.writeable]).toEqual([20, 'smoke_alarm', 'alarm', false]);
  const q = new Property(32.0, { field_name: 'concentration', prop_name: 'smokeConcentration', writeable: false });
  expect([q.field_name, q.prop_name, q.writeable]).toEqual(['concentration', 'smokeConcentration', false]);
  expect(new Property({ x: 1 }).writeable).toBe(true);
});
