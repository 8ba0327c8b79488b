// Thing-model services, gateway and rule engine end to end on aedes.
import {
  AbstractGateway,
  AbstractService,
  Action,
  ActionHandler,
  AddedSubDeviceInfo,
  ClientConf,
  Command,
  CommandListener,
  CommandRsp,
  DeviceEvent,
  DeviceEvents,
  DeviceMessage,
  IotDevice,
  Property,
  PropSet,
  PropsGet,
  ServiceProperty,
  type JsonDict,
} from '../src/index.js';
import { authInfo, makeDevice, settle, startRecorder, waitFor, type Recorder } from './helpers.js';

const ID = 'productId_nodeId';
const T = (s: string): string => `$oc/devices/${ID}/sys/${s}`;
const ET = /"event_time": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"/g;

class SmokeDetectorService extends AbstractService {
  smoke_alarm = new Property(20, 'smoke_alarm', 'alarm', true);
  concentration = new Property(32.0, 'concentration', 'smokeConcentration', false);
  humidity = new Property(64, 'humidity', 'humidity', false);
  durations: unknown[] = [];
  constructor() {
    super();
    this._readable_prop2field = { alarm: 'smoke_alarm', smokeConcentration: 'concentration', humidity: 'humidity' };
    this._writeable_prop2field = { alarm: 'smoke_alarm' };
    this._command2method = { ringAlarm: 'alarm' };
  }
  alarm(paras: JsonDict): CommandRsp {
    this.durations.push(paras['duration']);
    return new CommandRsp({ result_code: CommandRsp.success_code() });
  }
  get_smoke_alarm(): number {
    return this.smoke_alarm.val;
  }
  set_smoke_alarm(v: number): void {
    this.smoke_alarm.val = v;
  }
  get_concentration(): number {
    return this.concentration.val;
  }
  get_humidity(): number {
    return this.humidity.val;
  }
}

let rec: Recorder;
const devices: IotDevice[] = [];
beforeAll(async () => {
  rec = await startRecorder();
});
afterEach(async () => {
  for (const d of devices.splice(0)) await d.destroy();
  rec.publishes.length = 0;
});
afterAll(async () => {
  await rec.close();
});

async function connected(d: IotDevice): Promise<IotDevice> {
  devices.push(d);
  expect(await d.connect()).toBe(0);
  await waitFor(() => rec.on(T('events/up')).some((p) => p.text.includes('connect complete')));
  rec.publishes.length = 0;
  return d;
}

describe('thing model', () => {
  test('command dispatch, property set (report before response), property get of one and of all services', async () => {
    const d = await connected(makeDevice(rec));
    const svc = new SmokeDetectorService();
    d.add_service('smokeDetector', svc);
    await rec.down(T('commands/request_id=c1'), '{"object_device_id": "productId_nodeId", "service_id": "smokeDetector", "command_name": "ringAlarm", "paras": {"duration": 20}}');
    await rec.down(T('commands/request_id=c2'), '{"service_id": "smokeDetector", "command_name": "nope", "paras": {}}');
    await rec.down(T('commands/request_id=c3'), '{"service_id": "unknownService", "command_name": "x", "paras": {}}');
    await rec.down(T('properties/set/request_id=s1'), '{"object_device_id": "productId_nodeId", "services": [{"service_id": "smokeDetector", "properties": {"alarm": 10}}]}');
    await rec.down(T('properties/set/request_id=s2'), '{"services": [{"service_id": "smokeDetector", "properties": {"humidity": 1}}]}');
    await rec.down(T('properties/get/request_id=g1'), '{"service_id": "smokeDetector"}');
    await rec.down(T('properties/get/request_id=g2'), '{}');
    await waitFor(() => rec.on(T('properties/get/response/request_id=g2')).length === 1);
    expect(svc.durations).toEqual([20]);
    const text = (t: string): string => rec.on(t)[0]!.text;
    expect(text(T('commands/response/request_id=c1'))).toBe('{"result_code": 0, "response_name": "", "paras": {}}');
    expect(text(T('commands/response/request_id=c2'))).toBe('{"result_code": -1, "response_name": "", "paras": {"error": "command not found: nope"}}');
    expect(rec.on(T('commands/response/request_id=c3'))).toEqual([]);
    expect(text(T('properties/report'))).toBe('{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 10}, "event_time": null}]}');
    expect(text(T('properties/set/response/request_id=s1'))).toBe('{"result_code": 0, "result_desc": "Success"}');
    expect(text(T('properties/set/response/request_id=s2'))).toBe('{"result_code": -1, "result_desc": "property not found or not writeable: humidity"}');
    expect(text(T('properties/get/response/request_id=g1'))).toBe('{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 10, "smokeConcentration": 32, "humidity": 64}, "event_time": null}]}');
    expect(text(T('properties/get/response/request_id=g2'))).toBe(
      '{"services": [{"service_id": "$ota", "properties": {}, "event_time": null}, {"service_id": "$time_sync", "properties": {}, "event_time": null}, {"service_id": "$file_manager", "properties": {}, "event_time": null}, {"service_id": "$log", "properties": {}, "event_time": null}, {"service_id": "$device_rule", "properties": {}, "event_time": null}, {"service_id": "smokeDetector", "properties": {"alarm": 10, "smokeConcentration": 32, "humidity": 64}, "event_time": null}]}',
    );
    const idx = (t: string): number => rec.publishes.findIndex((p) => p.topic === t);
    expect(idx(T('properties/report'))).toBeLessThan(idx(T('properties/set/response/request_id=s1')));
  });

  test('fire_properties_changed, fire_services_changed and enable/disable_auto_report (timer cleaned up)', async () => {
    const d = await connected(makeDevice(rec));
    const svc = new SmokeDetectorService();
    d.add_service('smokeDetector', svc);
    svc.fire_properties_changed(['alarm']);
    d.fire_services_changed(['smokeDetector', 'ghost']);
    await waitFor(() => rec.on(T('properties/report')).length === 2);
    const [a, b] = rec.on(T('properties/report'));
    expect(a!.text).toBe('{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 20}, "event_time": null}]}');
    expect(b!.text.replace(ET, '"event_time": "<et>"')).toBe('{"services": [{"service_id": "smokeDetector", "properties": {"alarm": 20, "smokeConcentration": 32, "humidity": 64}, "event_time": "<et>"}]}');
    rec.publishes.length = 0;
    svc.enable_auto_report(0.05);
    svc.enable_auto_report(0.05); // warning only, no second timer
    await waitFor(() => rec.on(T('properties/report')).length >= 3);
    svc.disable_auto_report();
    await new Promise((r) => setTimeout(r, 80));
    const n = rec.on(T('properties/report')).length;
    await new Promise((r) => setTimeout(r, 150));
    expect(rec.on(T('properties/report')).length).toBe(n);
    svc.enable_auto_report(0.05);
    await d.destroy(); // stops the timer too
    await new Promise((r) => setTimeout(r, 120));
    expect(rec.on(T('properties/report')).length).toBe(n);
  });
});

class Gateway extends AbstractGateway {
  seen: unknown[][] = [];
  override on_sub_dev_command(request_id: string, command: Command): void {
    this.seen.push(['command', request_id, command.device_id]);
    this.get_client().respond_command(request_id, new CommandRsp({ paras: { result: command.device_id } }));
  }
  override on_sub_dev_properties_set(request_id: string, props_set: PropSet): void {
    this.seen.push(['set', request_id, props_set.device_id]);
  }
  override on_sub_dev_properties_get(request_id: string, props_get: PropsGet): void {
    this.seen.push(['get', request_id, props_get.device_id]);
  }
  override on_sub_dev_message(message: DeviceMessage): void {
    this.seen.push(['message', message.device_id, message.content]);
  }
  override on_sub_dev_event(device_events: DeviceEvents): void {
    this.seen.push(['event', device_events.device_id, device_events.services[0]!.event_type]);
  }
}

describe('gateway', () => {
  test('uplinks on behalf of children: batch properties (QoS 1), status, add/delete requests, sync, scan result', async () => {
    const gw = new Gateway(null, new ClientConf(authInfo(rec), null, { broker_port: rec.broker.port, subscribe_system_topics: true }));
    await connected(gw);
    gw.report_sub_device_message(new DeviceMessage({ content: 'Hello Huawei', device_id: 'p_child' }));
    gw.report_sub_device_properties('p_child', [new ServiceProperty('smokeDetector', { alarm: 10 })]);
    gw.report_sub_device_status('p_child', 'ONLINE');
    gw.gtw_add_sub_device([new AddedSubDeviceInfo({ parent_device_id: ID, node_id: 'n1', product_id: 'prod', description: 'new device at node n1', device_id: 'prod_n1', name: 'n1' })], 'ev-1');
    gw.gtw_del_sub_device(['prod_n1'], 'ev-2');
    gw.sync_sub_devices();
    await waitFor(() => rec.publishes.length === 6);
    const byTopic = rec.publishes.map((p) => [p.topic, p.qos, p.text.replace(ET, '"event_time": "<et>"')]);
    expect(byTopic).toEqual(
      expect.arrayContaining([
        [T('messages/up'), 1, '{"object_device_id": "p_child", "id": "", "name": "", "content": "Hello Huawei"}'],
        [T('gateway/sub_devices/properties/report'), 1, '{"devices": [{"device_id": "p_child", "services": [{"service_id": "smokeDetector", "properties": {"alarm": 10}, "event_time": null}]}]}'],
        [T('events/up'), 1, `{"object_device_id": "${ID}", "services": [{"service_id": "$sub_device_manager", "event_type": "sub_device_update_status", "event_time": "<et>", "event_id": "", "paras": {"device_statuses": [{"device_id": "p_child", "status": "ONLINE"}]}}]}`],
        [
          T('events/up'),
          1,
          `{"object_device_id": "${ID}", "services": [{"service_id": "$sub_device_manager", "event_type": "add_sub_device_request", "event_time": "<et>", "event_id": "ev-1", "paras": {"devices": [{"parent_device_id": "${ID}", "node_id": "n1", "device_id": "prod_n1", "name": "n1", "description": "new device at node n1", "product_id": "prod", "extension_info": ""}]}}]}`,
        ],
        [T('events/up'), 1, `{"object_device_id": "${ID}", "services": [{"service_id": "$sub_device_manager", "event_type": "delete_sub_device_request", "event_time": "<et>", "event_id": "ev-2", "paras": {"devices": ["prod_n1"]}}]}`],
        [T('events/up'), 1, `{"object_device_id": "${ID}", "services": [{"service_id": "$sub_device_manager", "event_type": "sub_device_sync_request", "event_time": "<et>", "event_id": "", "paras": {"version": 0}}]}`],
      ]),
    );
  });

  test('downlinks for children are routed to the on_sub_dev_* hooks (property set too: Q16 fixed)', async () => {
    const gw = new Gateway(null, new ClientConf(authInfo(rec), null, { broker_port: rec.broker.port, subscribe_system_topics: true }));
    await connected(gw);
    await rec.down(T('commands/request_id=c1'), '{"object_device_id": "p_child", "service_id": "s", "command_name": "x", "paras": {}}');
    await rec.down(T('properties/set/request_id=s1'), '{"object_device_id": "p_child", "services": [{"service_id": "s", "properties": {"a": 1}}]}');
    await rec.down(T('properties/get/request_id=g1'), '{"object_device_id": "p_child", "service_id": "s"}');
    await rec.down(T('messages/down'), '{"object_device_id": "p_child", "content": "to child"}');
    await rec.down(T('events/down'), '{"object_device_id": "p_child", "services": [{"service_id": "$ota", "event_type": "version_query", "paras": {}}]}');
    await waitFor(() => gw.seen.length === 5);
    expect(gw.seen).toEqual([
      ['command', 'c1', 'p_child'],
      ['set', 's1', 'p_child'],
      ['get', 'g1', 'p_child'],
      ['message', 'p_child', 'to child'],
      ['event', 'p_child', 'version_query'],
    ]);
    await waitFor(() => rec.on(T('commands/response/request_id=c1')).length === 1);
    expect(rec.on(T('commands/response/request_id=c1'))[0]!.text).toBe('{"result_code": 0, "response_name": "", "paras": {"result": "p_child"}}');
  });
});

describe('rule engine', () => {
  const rule = (extra: JsonDict = {}): JsonDict => ({
    ruleId: 'r1',
    ruleName: 'hot',
    logic: 'or',
    status: 'active',
    ruleVersionInShadow: 2,
    conditions: [{ type: 'DEVICE_DATA', operator: '>', value: '30', deviceInfo: { deviceId: ID, path: 'smokeDetector/temperature' } }],
    actions: [{ type: 'DEVICE_CMD', status: 'enable', deviceId: ID, command: { commandName: 'ringAlarm', serviceId: 'smokeDetector', commandBody: { duration: 5 } } }],
    ...extra,
  });
  const configResponse = (rules: JsonDict[]): string =>
    JSON.stringify({ object_device_id: ID, services: [{ service_id: '$device_rule', event_type: 'device_rule_config_response', paras: { rulesInfos: rules } }] });

  test('rule distribution, property-triggered rule to the CommandListener, custom ActionHandler, deletion', async () => {
    const info = authInfo(rec);
    info.enable_rule_manage = true;
    const d = await connected(makeDevice(rec, info));
    const commands: unknown[][] = [];
    d.get_client().set_command_listener(
      new (class extends CommandListener {
        on_command(request_id: string, service_id: string, command_name: string, paras: JsonDict): void {
          commands.push([request_id, service_id, command_name, paras]);
        }
      })(),
    );
    await rec.down(T('properties/set/request_id=1'), '{"services": [{"service_id": "$device_rule", "properties": {"r1": {"version": 2}, "r2": {"version": 1}}}]}');
    await waitFor(() => rec.on(T('properties/set/response/request_id=1')).length === 1);
    const req = rec.on(T('events/up')).find((p) => p.text.includes('device_rule_config_request'))!;
    expect(req.text.replace(ET, '"event_time": "<et>"')).toBe(
      `{"object_device_id": "${ID}", "services": [{"service_id": "$device_rule", "event_type": "device_rule_config_request", "event_time": "<et>", "event_id": "", "paras": {"ruleIds": ["r1", "r2"], "delIds": []}}]}`,
    );
    await rec.down(T('events/down'), configResponse([rule(), rule({ ruleId: 'r2', status: 'inactive' })]));
    await waitFor(() => d.get_rule_manage_service().rule_infos.has('r1'));
    expect([...d.get_rule_manage_service().rule_infos.keys()]).toEqual(['r1']);
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 10 })]);
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 31 })]);
    await waitFor(() => commands.length === 1);
    expect(commands[0]!.slice(1)).toEqual(['smokeDetector', 'ringAlarm', { duration: 5 }]);
    expect(commands[0]![0]).toMatch(/^[0-9a-f]{32}$/);

    const handled: Action[][] = [];
    d.get_client().set_rule_action_handler(
      new (class extends ActionHandler {
        handle_rule_action(action: Action[]): void {
          handled.push(action);
        }
      })(),
    );
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 40 })]);
    await waitFor(() => handled.length === 1);
    expect(handled[0]![0]!.command!.paras).toEqual({ duration: 5 });
    expect(commands.length).toBe(1);

    rec.publishes.length = 0;
    await rec.down(T('properties/set/request_id=2'), '{"services": [{"service_id": "$device_rule", "properties": {"r1": {"version": -1}}}]}');
    await waitFor(() => rec.on(T('properties/set/response/request_id=2')).length === 1);
    expect(d.get_rule_manage_service().rule_infos.size).toBe(0);
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 50 })]);
    await settle(d, 30);
    expect(handled.length).toBe(1);
  });

  test('timer rule (SIMPLE_TIMER) fires its actions repeat_count times', async () => {
    const info = authInfo(rec);
    info.enable_rule_manage = true;
    const d = await connected(makeDevice(rec, info));
    const handled: Action[][] = [];
    d.get_client().set_rule_action_handler(
      new (class extends ActionHandler {
        handle_rule_action(action: Action[]): void {
          handled.push(action);
        }
      })(),
    );
    const start = new Date(Date.now() + 1000);
    const fmt = start.toISOString().slice(0, 19).replace('T', ' ');
    const ev = new DeviceEvent({ service_id: '$device_rule', event_type: 'device_rule_config_response', paras: { rulesInfos: [rule({ ruleId: 't1', conditions: [{ type: 'SIMPLE_TIMER', startTime: fmt, repeatInterval: 1, repeatCount: 2 }] })] } });
    const evs = new DeviceEvents();
    evs.device_id = ID;
    evs.services = [ev];
    d.get_client().on_event({ topic: T('events/down'), payload: Buffer.from(JSON.stringify(evs.to_dict())), qos: 0 });
    await waitFor(() => handled.length === 2, 4500, 'two timer firings');
    await new Promise((r) => setTimeout(r, 300));
    expect(handled.length).toBe(2);
  });
});
