// Pure parts: signing vectors, Python json.dumps, back-off bounds, validation messages, rule time tables.
import {
  AbstractService,
  ClientConf,
  Command,
  CommandRsp,
  ConnectAuthInfo,
  DeviceClient,
  DeviceEvent,
  DeviceEvents,
  DeviceMessage,
  HuaweiBackoff,
  IotDevice,
  IotResult,
  MqttConnectConf,
  OTAPackageInfo,
  OTAPackageInfoV2,
  OTAQueryVersion,
  Property,
  PyFloat,
  ServiceProperty,
  TimeRange,
  UrlInfo,
  build_credentials,
  check_time_range,
  dumps,
  get_client_id,
  get_event_time,
  get_node_id_from_device_id,
  get_request_id_from_msg,
  get_rule_week,
  get_timestamp,
  RawMessage,
  sha256_mac,
  sha256_mac_salt,
  str_is_empty,
  SUCCESS,
  FAIL,
  TIMEOUT,
  iot_result,
} from '../src/index.js';

describe('client id and password (spec 3.2)', () => {
  test('vectors', () => {
    expect(get_client_id('productId_nodeId', '1', '2024010203')).toBe('productId_nodeId_0_1_2024010203');
    expect(sha256_mac('12345678', '2024010203')).toBe('2b7be4e17e09a059116b2dcefc9c0857559ed473d684d902e43afd92dbdf8b64');
    const derived = sha256_mac_salt(Buffer.from('c2NvcGVzZWNyZXRieXRlcw==', 'base64'), 'mydevice');
    expect(derived).toBe('a94564e2b0a877a9b9009fdf7276311537e2992e7d7d4693f29dad699c46d6a5');
    expect(sha256_mac(derived, '2024010203')).toBe('7096c7e17aa9f07d7379f2f268d16c14d424a531baf388c083119f88cf3ac760');
    expect(() => get_client_id(null)).toThrow('device_id should be a string type');
    expect(get_timestamp(new Date(Date.UTC(2024, 0, 2, 3, 59)))).toBe('2024010203');
    expect(get_event_time(new Date(Date.UTC(2024, 0, 2, 11, 4, 5)))).toBe('2024-01-02T11:04:05Z');
  });

  test('credentials per mode', () => {
    const at = new Date(Date.UTC(2024, 0, 2, 3, 10));
    const info = new ConnectAuthInfo();
    info.id = 'productId_nodeId';
    info.secret = '12345678';
    expect(build_credentials(info, at)).toEqual({ clientId: 'productId_nodeId_0_1_2024010203', username: 'productId_nodeId', password: '2b7be4e17e09a059116b2dcefc9c0857559ed473d684d902e43afd92dbdf8b64' });
    info.check_timestamp = '0';
    expect(build_credentials(info, at).clientId).toBe('productId_nodeId_0_0_2024010203');
    info.auth_type = ConnectAuthInfo.X509_AUTH;
    expect(build_credentials(info, at)).toEqual({ clientId: 'productId_nodeId_0_0_2024010203', username: 'productId_nodeId' });
    const g = new ConnectAuthInfo();
    g.id = 'mydevice';
    g.secret = 'c2NvcGVzZWNyZXRieXRlcw==';
    g.scope_id = 'scope1';
    g.bs_mode = ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID;
    expect(build_credentials(g, at)).toEqual({ clientId: 'mydevice_0_scope1_0_2024010203', username: 'mydevice', password: '7096c7e17aa9f07d7379f2f268d16c14d424a531baf388c083119f88cf3ac760' });
    g.auth_type = ConnectAuthInfo.X509_AUTH;
    expect(build_credentials(g, at)).toEqual({ clientId: 'mydevice_0_scope1', username: 'mydevice' });
    const none = new ConnectAuthInfo();
    none.id = 'x';
    expect(() => build_credentials(none, at)).toThrow('secret is None');
  });
});

describe('utils', () => {
  test('request id, node id, str_is_empty', () => {
    expect(get_request_id_from_msg(new RawMessage('$oc/devices/d/sys/commands/request_id=abc', ''))).toBe('abc');
    expect(get_request_id_from_msg(new RawMessage('a/request_id=1/b/request_id=2 ', ''))).toBe('2');
    expect(() => get_request_id_from_msg(new RawMessage('x', ''))).toThrow('request_id was not found at message topic');
    expect(get_node_id_from_device_id('p_n_1')).toBe('n_1');
    expect(get_node_id_from_device_id('pn')).toBeNull();
    expect(str_is_empty(null)).toBe(true);
    expect(str_is_empty('  ')).toBe(true);
    expect(str_is_empty('a')).toBe(false);
    expect(() => str_is_empty(1)).toThrow('Input parameter value is not string');
  });
});

describe('Python json.dumps', () => {
  test('separators, escapes, numbers, null', () => {
    expect(dumps({ a: 1, b: 'x', c: null, d: [1, 2], e: { f: true } })).toBe('{"a": 1, "b": "x", "c": null, "d": [1, 2], "e": {"f": true}}');
    expect(dumps('é"\\\n\u0001\u007f😀')).toBe('"\\u00e9\\"\\\\\\n\\u0001\\u007f\\ud83d\\ude00"');
    expect(dumps([1.5, 0.1, 1e-7, 1e16, 123456789012345680000, new PyFloat(32), -0.25, 1e22])).toBe('[1.5, 0.1, 1e-07, 10000000000000000, 123456789012345683968, 32.0, -0.25, 10000000000000000000000]');
    expect(dumps(new PyFloat(1e16))).toBe('1e+16');
    expect(dumps({})).toBe('{}');
    expect(dumps([])).toBe('[]');
    expect(() => dumps(() => 1)).toThrow(TypeError);
  });
});

describe('models (spec 2.8)', () => {
  test('to_dict shapes and key order', () => {
    expect(dumps(new DeviceMessage({ content: 'Hello Huawei' }).to_dict())).toBe('{"object_device_id": "", "id": "", "name": "", "content": "Hello Huawei"}');
    expect(dumps(new ServiceProperty('s', { a: 1 }).to_dict())).toBe('{"service_id": "s", "properties": {"a": 1}, "event_time": null}');
    expect(dumps(new Command().to_dict())).toBe('{"service_id": "", "command_name": "", "object_device_id": "", "paras": {}}');
    expect(dumps(new CommandRsp().to_dict())).toBe('{"result_code": 0, "response_name": "", "paras": {}}');
    expect(CommandRsp.success_code()).toBe(0);
    expect(CommandRsp.fail_code()).toBe(-1);
    expect(dumps(new DeviceEvent().to_dict())).toBe('{"service_id": "", "event_type": "", "event_time": "", "event_id": "", "paras": {}}');
    const evs = new DeviceEvents();
    evs.convert_from_dict({ object_device_id: 'D', services: [{ service_id: '$ota', event_type: 'version_query', paras: {} }] });
    evs.convert_from_dict({ services: [{ service_id: 'x' }] });
    expect(evs.device_id).toBe('D');
    expect(evs.services.map((s) => s.service_id)).toEqual(['$ota', 'x']);
    expect(dumps(new IotResult(-1, 'x').to_dict())).toBe('{"result_code": -1, "result_desc": "x"}');
    expect([SUCCESS, FAIL, TIMEOUT].map((r) => [r.result_code, r.result_desc])).toEqual([
      [0, 'Success'],
      [1, 'Fail'],
      [2, 'Timeout'],
    ]);
    expect(iot_result.SUCCESS).toBe(SUCCESS);
    const p = new OTAPackageInfo();
    expect(Object.keys(p.to_dict())).toEqual(['url', 'version', 'file_size', 'file_name', 'access_token', 'expires', 'sign']);
    p.task_id = 't';
    expect(Object.keys(p.to_dict()).slice(-1)).toEqual(['task_id']);
    const v2 = new OTAPackageInfoV2();
    v2.convert_from_dict({ url: 'u', version: '2', sign: 'abc', file_size: 3 });
    expect(v2.sign).toBe('abc');
    expect(dumps(v2.to_dict())).toBe('{"url": "u", "version": "2", "file_size": 3, "file_name": null, "expires": null, "sign": "abc"}');
    const q = new OTAQueryVersion();
    expect(q.to_dict()).toEqual({});
    const u = new UrlInfo();
    expect(Object.keys(u.to_dict())).toEqual(['url', 'bucket_name', 'object_name', 'expire', 'file_attributes']);
  });
});

describe('HuaweiBackoff (spec 4.2)', () => {
  test('bounds with the default 1000/30000', () => {
    const lo = new HuaweiBackoff({ random: () => 0 });
    const hi = new HuaweiBackoff({ random: () => 0.999999 });
    const los = Array.from({ length: 8 }, () => lo.next());
    const his = Array.from({ length: 8 }, () => hi.next());
    expect(los).toEqual([1800, 2600, 4200, 7400, 13800, 26600, 30000, 30000]);
    // r = 199 (the top of [0, 200)): 1000 + 2^k * 999, rounded to 10 ms like round(x / 1000, 2)
    expect(his).toEqual([2000, 3000, 5000, 8990, 16980, 30000, 30000, 30000]);
    lo.reset();
    expect(lo.next()).toBe(1800);
  });
  test('small and zero minimums do not throw', () => {
    expect(new HuaweiBackoff({ min_backoff: 1, max_backoff: 10, random: () => 0.5 }).next()).toBe(0);
    expect(new HuaweiBackoff({ min_backoff: 0, max_backoff: 10 }).next()).toBe(0);
    const b = new HuaweiBackoff({ min_backoff: 100, max_backoff: 250, random: () => 0.5 });
    expect([b.next(), b.next(), b.next()]).toEqual([190, 250, 250]);
  });
});

describe('configuration validation (spec 2.5.1)', () => {
  function info(): ConnectAuthInfo {
    const i = new ConnectAuthInfo();
    i.id = 'd';
    i.server_uri = 'h';
    i.port = 1883;
    i.secret = 's';
    return i;
  }
  const cases: Array<[string, (i: ConnectAuthInfo) => void]> = [
    ['ConnectAuthInfo id is invalid', (i) => (i.id = ' ')],
    ['ConnectAuthInfo protocol is invalid, currently protocol only support MQTT', (i) => (i.protocol = 'HTTP')],
    ['ConnectAuthInfo server_uri is invalid', (i) => (i.server_uri = null)],
    ['ConnectAuthInfo auth_type is invalid', (i) => (i.auth_type = 3)],
    ['ConnectAuthInfo port is invalid', (i) => (i.port = 1884)],
    ['ConnectAuthInfo iot_cert_path is invalid', (i) => (i.port = 8883)],
    ['ConnectAuthInfo bs_mode is invalid', (i) => (i.bs_mode = 5)],
    ['ConnectAuthInfo scope_id is invalid', (i) => (i.bs_mode = 2)],
    ['ConnectAuthInfo check_timestamp is invalid', (i) => (i.check_timestamp = '2')],
  ];
  test.each(cases)('%s', (msg, mutate) => {
    const i = info();
    mutate(i);
    expect(() => new IotDevice(new ClientConf(i))).toThrow(msg);
  });
  test('order: id is checked before the port', () => {
    const i = info();
    i.id = '';
    i.port = 1;
    expect(() => new IotDevice(new ClientConf(i))).toThrow('ConnectAuthInfo id is invalid');
    expect(() => DeviceClient.check_connect_auth_info(null)).toThrow('ConnectAuthInfo is null');
  });
  test('MqttConnectConf', () => {
    const bad = (f: (c: MqttConnectConf) => void, msg: string): void => {
      const c = new MqttConnectConf();
      f(c);
      expect(() => new IotDevice(new ClientConf(info(), c))).toThrow(msg);
    };
    bad((c) => (c.keep_alive_time = 29), 'MqttConnectConf keep_alive_time is invalid');
    bad((c) => (c.keep_alive_time = 1201), 'MqttConnectConf keep_alive_time is invalid');
    bad((c) => (c.qos = 2), 'MqttConnectConf qos is invalid');
    bad((c) => (c.timeout = Number.NaN), 'MqttConnectConf timeout is invalid');
    expect(() => DeviceClient.check_mqtt_connect_conf(null)).toThrow('MqttConnectConf is null');
    const ok = new MqttConnectConf();
    ok.timeout = 1;
    expect(() => new IotDevice(new ClientConf(info(), ok))).not.toThrow();
  });
  test('defaults', () => {
    const i = new ConnectAuthInfo();
    expect([i.auth_type, i.protocol, i.bs_mode, i.check_timestamp, i.reconnect_on_failure, i.min_backoff, i.max_backoff, i.enable_rule_manage, i.max_buffer_message, i.inflight_messages, i.auto_report_device_info]).toEqual([0, 'MQTT', 0, '1', true, 1000, 30000, false, 0, 20, false]);
    const c = new MqttConnectConf();
    expect([c.keep_alive_time, c.qos, c.timeout]).toEqual([120, 1, 1.0]);
    expect(new ClientConf(i).mqtt_connect_conf).toBeInstanceOf(MqttConnectConf);
    expect([ConnectAuthInfo.SECRET_AUTH, ConnectAuthInfo.X509_AUTH, ConnectAuthInfo.PROTOCOL_MQTT, ConnectAuthInfo.BS_MODE_DIRECT_CONNECT, ConnectAuthInfo.BS_MODE_STANDARD_BOOTSTRAP, ConnectAuthInfo.BS_MODE_BOOTSTRAP_WITH_SCOPEID]).toEqual([0, 1, 'MQTT', 0, 1, 2]);
  });
  test('create_by_secret / create_by_certificate', () => {
    expect(() => IotDevice.create_by_secret('h', 8883, 'd', 's')).toThrow('ConnectAuthInfo iot_cert_path is invalid');
    expect(IotDevice.create_by_secret('h', 1883, 'd', 's').get_device_id()).toBe('d');
    const dev = IotDevice.create_by_certificate('h', 8883, 'd', 'c.pem', 'k.pem', 'ca.pem');
    expect(dev.get_device_id()).toBe('d');
  });
});

class Smoke extends AbstractService {
  smoke_alarm = new Property(20, 'smoke_alarm', 'alarm', true);
  humidity = new Property(64, 'humidity', 'humidity', false);
  broken = 1;
  constructor() {
    super();
    this._readable_prop2field = { alarm: 'smoke_alarm', humidity: 'humidity', ghost: 'ghost', broken: 'broken' };
    this._writeable_prop2field = { alarm: 'smoke_alarm', ghost: 'ghost', broken: 'broken', bad: 'humidity' };
    this._command2method = { ringAlarm: 'alarm', missing: 'nope', boom: 'explode' };
  }
  get_smoke_alarm(): number {
    return this.smoke_alarm.val;
  }
  set_smoke_alarm(v: number): void {
    if (v < 0) throw new Error('negative alarm');
    this.smoke_alarm.val = v;
  }
  get_humidity(): number {
    return this.humidity.val;
  }
  set_humidity(_v: number): void {
    throw new Error('read only');
  }
  alarm(paras: Record<string, unknown>): CommandRsp {
    return new CommandRsp({ paras: { got: paras['duration'] } });
  }
  explode(): CommandRsp {
    throw new Error('kaput');
  }
}

describe('AbstractService (spec 2.9)', () => {
  test('on_read skips unknown and incomplete entries', () => {
    const s = new Smoke();
    expect(s.on_read([])).toEqual({ alarm: 20, humidity: 64 });
    expect(s.on_read(['humidity', 'nothing', 'ghost'])).toEqual({ humidity: 64 });
  });
  test('on_write error strings', () => {
    const s = new Smoke();
    expect(s.on_write({ zzz: 1 })).toEqual(new IotResult(-1, 'property not found or not writeable: zzz'));
    expect(s.on_write({ ghost: 1 })).toEqual(new IotResult(-1, 'field not found: ghost'));
    expect(s.on_write({ broken: 1 })).toEqual(new IotResult(-1, 'setter method not found: set_broken'));
    expect(s.on_write({ alarm: -1 })).toEqual(new IotResult(-1, 'negative alarm'));
    expect(s.on_write({ bad: 1 })).toEqual(new IotResult(-1, 'read only'));
  });
  test('on_command', () => {
    const s = new Smoke();
    const cmd = (name: string): Command => new Command({ command_name: name, paras: { duration: 5 } });
    expect(s.on_command(cmd('ringAlarm')).paras).toEqual({ got: 5 });
    expect(s.on_command(cmd('x')).to_dict()).toEqual({ result_code: -1, response_name: '', paras: { error: 'command not found: x' } });
    expect(s.on_command(cmd('missing')).paras).toEqual({ error: 'method not found: nope' });
    expect(s.on_command(cmd('boom')).paras).toEqual({ error: 'method execute failed, Exception: kaput' });
  });
});

describe('rule time helpers (spec 3.14)', () => {
  const range = (start: string, end: string, days: string): TimeRange => Object.assign(new TimeRange(), { start_time: start, end_time: end, days_of_week: days });
  // 2024-01-06 is a Saturday (platform day 7), 2024-01-07 a Sunday (1)
  const at = (d: number, h: number, m: number): Date => new Date(Date.UTC(2024, 0, d, h, m));
  test.each([
    ['null range', null, at(6, 12, 0), true],
    ['inside same-day window', range('08:00', '20:00', '7'), at(6, 12, 0), true],
    ['edges inclusive', range('08:00', '20:00', '7'), at(6, 20, 0), true],
    ['outside window', range('08:00', '20:00', '7'), at(6, 20, 1), false],
    ['wrong day', range('08:00', '20:00', '1,2,3,4,5,6'), at(6, 12, 0), false],
    ['across midnight, evening part', range('22:00', '06:00', '7'), at(6, 23, 0), true],
    ['across midnight, morning part uses yesterday (Sat)', range('22:00', '06:00', '7'), at(7, 5, 0), true],
    ['across midnight, morning part wrong yesterday', range('22:00', '06:00', '1'), at(7, 5, 0), false],
    ['across midnight, Sunday morning: yesterday 0 maps to 7', range('22:00', '06:00', '7'), at(7, 1, 0), true],
    ['across midnight, Saturday morning: yesterday is Friday (6)', range('22:00', '06:00', '6'), at(6, 1, 0), true],
    ['across midnight, gap', range('22:00', '06:00', '1,2,3,4,5,6,7'), at(6, 12, 0), false],
    ['missing end', Object.assign(new TimeRange(), { start_time: '08:00', end_time: null, days_of_week: '7' }), at(6, 12, 0), false],
  ])('%s', (_name, r, now, expected) => {
    expect(check_time_range(r as TimeRange | null, now as Date)).toBe(expected);
  });
  test('get_rule_week', () => {
    expect(['1', '2', '3', '4', '5', '6', '7'].map(get_rule_week)).toEqual([6, 0, 1, 2, 3, 4, 5]);
  });
});

describe('connection_lost cause names (paho 2 reason names)', () => {
  test('mapping', async () => {
    const { disconnectCause } = await import('../src/transport/mqtt/mqtt_connection.js');
    expect(disconnectCause('requested', undefined, undefined)).toBe('Success');
    expect(disconnectCause('lost', new Error('Keepalive timeout'), undefined)).toBe('Keep alive timeout');
    expect(disconnectCause('lost', new Error('read ECONNRESET'), undefined)).toBe('Unspecified error');
    expect(disconnectCause('refused', undefined, 3)).toBe('Server unavailable');
    expect(disconnectCause('refused', undefined, 4)).toBe('Bad user name or password');
  });
});
