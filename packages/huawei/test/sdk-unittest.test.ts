// Port of the vendor's sdk_unittest suite (spec section 6): inbound traffic is pushed straight into the SDK's
// inbound handler, like the Python tests do through paho's _handle_on_message.
import {
  AbstractGateway,
  AbstractService,
  ClientConf,
  CommandListener,
  CommandRsp,
  DeviceInfo,
  DeviceMessage,
  DeviceMessageListener,
  DeviceShadowListener,
  FileManagerListener,
  GtwAddSubDeviceRsp,
  GtwDelSubDeviceRsp,
  GtwOperateSubDeviceListener,
  IotDevice,
  OTAListener,
  OTAPackageInfo,
  OTAPackageInfoV2,
  OTAQueryVersion,
  Property,
  PropertyListener,
  RawDeviceMessage,
  RawDeviceMessageListener,
  RawMessage,
  RawMessageListener,
  ServiceProperty,
  ShadowData,
  SubDevicesInfo,
  SubDevicesPersistence,
  TimeSyncListener,
  UrlInfo,
  type JsonDict,
} from '../src/index.js';
import { authInfo, makeDevice, startRecorder, waitFor, type Recorder } from './helpers.js';

const ID = 'productId_nodeId';
const T = (s: string): string => `$oc/devices/${ID}/sys/${s}`;

function inject(device: IotDevice, topic: string, payload: string | Buffer): void {
  device.get_client().on_message_received(new RawMessage(topic, typeof payload === 'string' ? Buffer.from(payload) : payload));
}

const created: IotDevice[] = [];
function dev(): IotDevice {
  const d = makeDevice(null);
  created.push(d);
  return d;
}
afterAll(async () => {
  for (const d of created) await d.destroy();
});

describe('connect_test', () => {
  let rec: Recorder;
  beforeAll(async () => {
    rec = await startRecorder();
  });
  afterAll(async () => {
    await rec.close();
  });
  test('test_connect_success', async () => {
    const d = makeDevice(rec, authInfo(rec));
    try {
      expect(await d.connect()).toBe(0);
    } finally {
      await d.destroy();
    }
  });
});

test('command_test test_receive_command', () => {
  const d = dev();
  const got: string[] = [];
  d.get_client().set_command_listener(
    new (class extends CommandListener {
      on_command(_r: string, _s: string, command_name: string): void {
        got.push(command_name);
      }
    })(),
  );
  inject(d, T('commands/request_id=123456'), '{"object_device_id": "productId_nodeId","command_name": "TestCommandName","service_id": "WaterMeter","paras": {"value": "1"}}');
  expect(got).toEqual(['TestCommandName']);
});

class SmokeDetectorService extends AbstractService {
  smoke_alarm = new Property(20, 'smoke_alarm', 'alarm', true);
  concentration = new Property(32.0, 'concentration', 'smokeConcentration', false);
  constructor(private readonly result: Record<string, unknown>) {
    super();
    this._readable_prop2field = { alarm: 'smoke_alarm', smokeConcentration: 'concentration' };
    this._writeable_prop2field = { alarm: 'smoke_alarm' };
    this._command2method = { ringAlarm: 'alarm' };
  }
  alarm(paras: JsonDict): CommandRsp {
    this.result['duration'] = paras['duration'];
    return new CommandRsp();
  }
  get_smoke_alarm(): number {
    return this.smoke_alarm.val;
  }
  set_smoke_alarm(v: number): void {
    this.smoke_alarm.val = v;
    this.result['alarm'] = v;
  }
  get_concentration(): number {
    return this.concentration.val;
  }
}

test('custom_service_test test_custom_service_command and test_custom_service_property_set', () => {
  const d = dev();
  const result: Record<string, unknown> = {};
  d.add_service('smokeDetector', new SmokeDetectorService(result));
  inject(d, T('commands/request_id=123456'), '{"object_device_id": "productId_nodeId","command_name": "ringAlarm","service_id": "smokeDetector","paras": {"duration": 123}}');
  expect(result['duration']).toBe(123);
  inject(d, T('properties/set/request_id=123456'), '{"object_device_id": "productId_nodeId","services": [{"service_id": "smokeDetector", "properties": {"alarm": 36}}]}');
  expect(result['alarm']).toBe(36);
});

test('custom_topic_test test_receive_custom_topic_message', () => {
  const d = dev();
  const got: RawMessage[] = [];
  const topic = '$oc/devices/6109fd1da42d680286bb1ff3_123456/user/topictest';
  d.get_client().subscribe_topic(
    topic,
    1,
    new (class extends RawMessageListener {
      on_message_received(message: RawMessage): void {
        got.push(message);
      }
    })(),
  );
  const payload = '{"object_device_id": "productId_nodeId","paras": {"value": "123"}}';
  inject(d, topic, payload);
  expect(got[0]!.payload).toEqual(Buffer.from(payload));
});

describe('file_test', () => {
  const paras = (url: string): string =>
    `{"url":"${url}","bucket_name":"bucket","object_name":"c6b39067b0325db34663d3ef421a42f6_12345678_a.jpg","expire":3600,"file_attributes":{"hash_code":"58059181f378062f9b446e884362a526","size":1024}}`;
  const event = (type: string, url: string): string =>
    `{"object_device_id": "productId_nodeId", "services": [{"service_id": "$file_manager", "event_type": "${type}", "event_time": "20220411T124924Z", "paras": ${paras(url)}}]}`;
  test.each([
    ['get_upload_url_response', 'https://bucket.obs.cn-north-4.com/device_file/', 'up'],
    ['get_download_url_response', 'https://bucket.obs.cn-north-4.com/device_file', 'down'],
  ])('%s', (type, url, kind) => {
    const d = dev();
    const got: Array<[string, UrlInfo]> = [];
    d.get_file_manager_service().set_listener(
      new (class extends FileManagerListener {
        on_upload_url(u: UrlInfo): void {
          got.push(['up', u]);
        }
        on_download_url(u: UrlInfo): void {
          got.push(['down', u]);
        }
      })(),
    );
    inject(d, T('events/down'), event(type, url));
    expect(got.length).toBe(1);
    expect(got[0]![0]).toBe(kind);
    expect(got[0]![1].object_name).toBe('c6b39067b0325db34663d3ef421a42f6_12345678_a.jpg');
    expect(got[0]![1].url).toBe(url);
    expect(got[0]![1].file_attributes).toEqual({ hash_code: '58059181f378062f9b446e884362a526', size: 1024 });
  });
});

/** In-memory copy of the demo persistence that also records deletions. */
class SubDevicesDictPersistence extends SubDevicesPersistence {
  version = 0;
  sub_devices: Record<string, JsonDict> = {};
  constructor(private readonly del_list: string[]) {
    super();
  }
  get_sub_device(node_id: string): DeviceInfo | null {
    const d = this.sub_devices[node_id];
    if (!d) return null;
    const info = new DeviceInfo();
    info.convert_from_dict(d);
    return info;
  }
  add_sub_devices(info: SubDevicesInfo): number {
    if (info.version > 0 && info.version <= this.version) return -1;
    for (const d of info.devices) this.sub_devices[d.node_id ?? ''] = d.to_dict();
    this.version = info.version;
    return 0;
  }
  delete_sub_devices(info: SubDevicesInfo): number {
    this.del_list.push(info.devices[0]!.device_id ?? '');
    if (info.version > 0 && info.version <= this.version) return -1;
    for (const d of info.devices) delete this.sub_devices[d.node_id ?? ''];
    this.version = info.version;
    return 0;
  }
  get_version(): number {
    return this.version;
  }
}

describe('gateway_test', () => {
  let gw: AbstractGateway;
  let persistence: SubDevicesDictPersistence;
  const del_list: string[] = [];
  const adds: Array<[GtwAddSubDeviceRsp, string]> = [];
  const dels: Array<[GtwDelSubDeviceRsp, string]> = [];
  const ev = (type: string, paras: string, event_id = ''): string =>
    `{"object_device_id": "productId_nodeId", "services": [{"service_id": "$sub_device_manager", "event_type": "${type}", "event_id": "${event_id}", "paras": ${paras}}]}`;
  beforeAll(() => {
    persistence = new SubDevicesDictPersistence(del_list);
    gw = new AbstractGateway(persistence, new ClientConf(authInfo(null), null, { broker_port: 1 }));
    created.push(gw);
    gw.set_gtw_operate_sub_device_listener(
      new (class extends GtwOperateSubDeviceListener {
        on_add_sub_device_rsp(rsp: GtwAddSubDeviceRsp, event_id: string): void {
          adds.push([rsp, event_id]);
        }
        on_del_sub_device_rsp(rsp: GtwDelSubDeviceRsp, event_id: string): void {
          dels.push([rsp, event_id]);
        }
      })(),
    );
  });
  test('test_gtw_receive_add_device', () => {
    inject(
      gw,
      T('events/down'),
      ev(
        'add_sub_device_notify',
        '{"devices": [{"parent_device_id": "c6b39067b0325db34663d3ef421a42f6_12345678","node_id": "subdevice11","device_id": "2bb4ddba-fb56-4566-8577-063ad2f5a6cc","name": "subDevice11","description": null,"manufacturer_id": "ofo","model": "twx2","product_id": "c6b39067b0325db34663d3ef421a42f6","fw_version": null,"sw_version": null,"status": "ONLINE"}],"version": 1}',
      ),
    );
    expect(persistence.sub_devices['subdevice11']!['device_id']).toBe('2bb4ddba-fb56-4566-8577-063ad2f5a6cc');
    expect(persistence.sub_devices['subdevice11']!['product_id']).toBe('c6b39067b0325db34663d3ef421a42f6');
    expect(gw.get_sub_device_by_device_id('x_subdevice11')!.model).toBe('twx2');
  });
  test('test_gtw_receive_del_device', () => {
    inject(gw, T('events/down'), ev('delete_sub_device_notify', '{"devices": [{"parent_device_id": "c6b39067b0325db34663d3ef421a42f6_12345678", "node_id": "subdevice11", "device_id": "2bb4ddba-fb56-4566-8577-063ad2f5a6cc"}], "version": 1}'));
    expect(del_list[0]).toBe('2bb4ddba-fb56-4566-8577-063ad2f5a6cc');
  });
  test('test_gtw_receive_op_add_device_resp', () => {
    inject(
      gw,
      T('events/down'),
      ev(
        'add_sub_device_response',
        '{"successful_devices": [{"device_id": "c6b39067b0325db34663d3ef421a42f6_subdevice11","name": "subdevice11","node_id": "subdevice11","product_id": "c6b39067b0325db34663d3ef421a42f6","description": "subdevice11","manufacturer_id": "ofo","model": "twx2","fw_version": null,"sw_version": null,"status": "ONLINE","extension_info": null,"parent_device_id": null}],"failed_devices": []}',
        'e1',
      ),
    );
    expect(adds[0]![0].successful_devices[0]!.device_id).toBe('c6b39067b0325db34663d3ef421a42f6_subdevice11');
    expect(adds[0]![1]).toBe('e1');
  });
  test('test_gtw_receive_op_del_device_resp', () => {
    inject(gw, T('events/down'), ev('delete_sub_device_response', '{"successful_devices": ["c6b39067b0325db34663d3ef421a42f6_subdevice11"],"failed_devices": []}', 'e2'));
    expect(dels[0]![0].successful_devices[0]).toBe('c6b39067b0325db34663d3ef421a42f6_subdevice11');
    expect(dels[0]![1]).toBe('e2');
  });
});

describe('message_test (topic without /sys/, matched by substring)', () => {
  const TOPIC = `$oc/devices/${ID}/messages/down`;
  function setup(): { d: IotDevice; raw: RawDeviceMessage[]; msgs: DeviceMessage[]; dev: DeviceMessage[] } {
    const d = dev();
    const raw: RawDeviceMessage[] = [];
    const msgs: DeviceMessage[] = [];
    const devMsgs: DeviceMessage[] = [];
    d.get_client().set_raw_device_msg_listener(
      new (class extends RawDeviceMessageListener {
        on_raw_device_message(m: RawDeviceMessage): void {
          raw.push(m);
        }
      })(),
    );
    d.get_client().set_device_msg_listener(
      new (class extends DeviceMessageListener {
        on_device_message(m: DeviceMessage): void {
          msgs.push(m);
        }
      })(),
    );
    d.on_device_message = (m: DeviceMessage) => {
      devMsgs.push(m);
    };
    return { d, raw, msgs, dev: devMsgs };
  }
  test('test_receive_message', () => {
    const { d, msgs } = setup();
    inject(d, TOPIC, '{"object_device_id": "productId_nodeId","name": "TestMessageName","id": "id","content": "Hello Huawei"}');
    expect(msgs[0]!.device_id).toBe('productId_nodeId');
    expect(msgs[0]!.content).toBe('Hello Huawei');
  });
  test('test_not_set_callback', () => {
    const d = dev();
    expect(() => inject(d, TOPIC, 'sdfdssdfdsffsd')).not.toThrow();
  });
  test('test_message_in_system_format', () => {
    const cases: Array<[string, 'current' | 'child']> = [
      ['{"name":"1","id":"2","content":"3","object_device_id":null}', 'current'],
      ['{"name": null,"id":"2","content":"3","object_device_id":"1"}', 'child'],
      ['{"name":"1","id":null,"content":"3","object_device_id":"1"}', 'child'],
      ['{"name":"1","id":"2","content":"3"}', 'current'],
      ['{"content":"3", "object_device_id": "productId_nodeId"}', 'current'],
    ];
    for (const [payload, kind] of cases) {
      const s = setup();
      inject(s.d, TOPIC, payload);
      expect(s.raw.length).toBe(1);
      expect([s.msgs.length, s.dev.length]).toEqual(kind === 'current' ? [1, 0] : [0, 1]);
    }
  });
  test('test_message_in_non_system_format and test_message_in_binary_format', () => {
    const cases: Array<string | Buffer> = [
      '{"name1":"1","id":"2","content":"3","object_device_id":null}',
      '{"content":"3","object_device_id":1,"object_device_id22":"1"}',
      'ddf',
      '{"name":[1],"id":null,"content":"3","object_device_id":"1"}',
      Buffer.from([1, 2, 3, 4, 5]),
      Buffer.from([0x6b, 0x72, 0x5b, 0x1d]),
      '123',
      '[1]',
    ];
    for (const payload of cases) {
      const s = setup();
      inject(s.d, TOPIC, payload);
      expect(s.raw.length).toBe(1);
      expect([s.msgs.length, s.dev.length]).toEqual([0, 0]);
    }
  });
  test('test_raw_message_payload_correctness', () => {
    const s = setup();
    inject(s.d, TOPIC, 'abcdefghijklmn');
    expect(s.raw.length).toBe(1);
    expect(s.raw[0]!.payload).toEqual(Buffer.from('abcdefghijklmn'));
    expect(s.raw[0]!.to_utf8_string()).toBe('abcdefghijklmn');
    expect(s.msgs.length).toBe(0);
    inject(s.d, TOPIC, '{"name":"1","id":"2","content":"3","object_device_id":null}');
    expect(s.raw.length).toBe(2);
    expect(s.msgs.length).toBe(1);
    expect(s.msgs[0]!.to_dict()).toEqual({ name: '1', id: '2', content: '3', object_device_id: null });
  });
});

test('ota_test test_receive_ota_package_info (v1 and v2)', async () => {
  const d = dev();
  const got: Array<OTAPackageInfo | OTAPackageInfoV2 | OTAQueryVersion> = [];
  d.get_ota_service().set_ota_listener(
    new (class extends OTAListener {
      on_query_version(q: OTAQueryVersion): void {
        got.push(q);
      }
      on_receive_package_info(pkg: OTAPackageInfo | OTAPackageInfoV2): void {
        got.push(pkg);
      }
    })(),
  );
  const ev = (type: string, paras: string): string => `{"object_device_id": "productId_nodeId", "services": [{"service_id": "$ota", "event_type": "${type}", "paras": ${paras}}]}`;
  inject(
    d,
    T('events/down'),
    ev('firmware_upgrade', '{"version": "v1.2","url": "https://10.1.1.1:8943/iodm/inner/v1.3.0/firmwarefiles/ca1d954771ae61e5098c7f83","file_size": 81362928,"access_token": "595124473f866b033dfa1f","expires": 86400,"sign": "595124473f866b033dfa1f7e831c8c99a12f6143f392dfa996a819010842c99d"}'),
  );
  inject(d, T('events/down'), ev('software_upgrade_v2', '{"version": "v2","url": "https://obs/x","expires": 10,"sign": "ab","file_size": 3,"task_id": "t"}'));
  inject(d, T('events/down'), ev('version_query', '{"task_id": "t9"}'));
  await waitFor(() => got.length === 3);
  const v1 = got.find((g) => g instanceof OTAPackageInfo) as OTAPackageInfo;
  expect(v1.url).toBe('https://10.1.1.1:8943/iodm/inner/v1.3.0/firmwarefiles/ca1d954771ae61e5098c7f83');
  expect(v1.access_token).toBe('595124473f866b033dfa1f');
  const v2 = got.find((g) => g instanceof OTAPackageInfoV2) as OTAPackageInfoV2;
  expect([v2.version, v2.sign, v2.file_size, v2.task_id]).toEqual(['v2', 'ab', 3, 't']);
  expect((got.find((g) => g instanceof OTAQueryVersion) as OTAQueryVersion).task_id).toBe('t9');
});

test('property_test test_receive_property_set and test_receive_property_get', () => {
  const d = dev();
  const sets: ServiceProperty[][] = [];
  const gets: string[] = [];
  d.get_client().set_properties_listener(
    new (class extends PropertyListener {
      on_property_set(_r: string, services: ServiceProperty[]): void {
        sets.push(services);
      }
      on_property_get(_r: string, service_id: string): void {
        gets.push(service_id);
      }
    })(),
  );
  inject(d, T('properties/set/request_id=123456'), '{"object_device_id": "productId_nodeId","services": [{"service_id": "Battery", "properties": {"level": 80}}]}');
  inject(d, T('properties/get/request_id=123456'), '{"object_device_id": "productId_nodeId","service_id": "TestPropertyGet"}');
  expect(sets[0]![0]!.service_id).toBe('Battery');
  expect(sets[0]![0]!.properties!['level']).toBe(80);
  expect(gets).toEqual(['TestPropertyGet']);
});

test('shadow_test test_receive_shadow', () => {
  const d = dev();
  const got: ShadowData[][] = [];
  d.get_client().set_device_shadow_listener(
    new (class extends DeviceShadowListener {
      on_shadow_get(_r: string, _o: string, shadow: ShadowData[]): void {
        got.push(shadow);
      }
    })(),
  );
  inject(
    d,
    T('shadow/get/response/request_id=123456'),
    '{"object_device_id": "productId_nodeId","shadow": [{"service_id": "WaterMeter","desired": {"properties": {"temperature": "60"},"event_time": "20151212T121212Z"},"reported": {"properties": {"temperature": "60"},"event_time": "20151212T121212Z"},"version": 1}]}',
  );
  const expected = { properties: { temperature: '60' }, event_time: '20151212T121212Z' };
  expect(got[0]![0]!.reported!.to_dict()).toEqual(expected);
  expect(got[0]![0]!.desired!.to_dict()).toEqual(expected);
});

test('time_sync_test test_receive_time_sync_response', () => {
  const d = dev();
  const got: number[][] = [];
  d.get_time_sync_service().set_listener(
    new (class extends TimeSyncListener {
      on_time_sync_response(a: number, b: number, c: number): void {
        got.push([a, b, c]);
      }
    })(),
  );
  inject(
    d,
    T('events/down'),
    '{"object_device_id": "productId_nodeId", "services": [{"service_id": "$time_sync", "event_type": "time_sync_response", "paras": {"device_send_time":1649681364061,"server_recv_time":1649681364120,"server_send_time":1649681364120}}]}',
  );
  expect(got).toEqual([[1649681364061, 1649681364120, 1649681364120]]);
});

test('listener setters ignore objects of the wrong type (isinstance check)', () => {
  const d = dev();
  const fake = { on_command: () => undefined } as unknown as CommandListener;
  d.get_client().set_command_listener(fake);
  const result: Record<string, unknown> = {};
  d.add_service('smokeDetector', new SmokeDetectorService(result));
  inject(d, T('commands/request_id=1'), '{"service_id": "smokeDetector", "command_name": "ringAlarm", "paras": {"duration": 5}}');
  expect(result['duration']).toBe(5);
});

test('IotDevice construction registers the five system services in order', () => {
  const d = dev();
  const ids = ['$ota', '$time_sync', '$file_manager', '$log', '$device_rule'];
  expect(ids.map((i) => d.get_service(i)?.service_id)).toEqual(ids);
  expect(d.get_service('nothing')).toBeNull();
  expect(new IotDevice(new ClientConf(authInfo(null))).get_device_id()).toBe(ID);
});
