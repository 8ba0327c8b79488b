// End to end against the emulator's own huawei plugin: device rules pushed from the control API (property set on
// `$device_rule`, config request/response) and executed on property reports; a gateway adding, syncing, routing,
// reporting for and deleting sub-devices, with platform-side topology changes pushed as notify events.
import {
  AbstractGateway,
  Action,
  ActionHandler,
  AddedSubDeviceInfo,
  ClientConf,
  Command,
  CommandListener,
  CommandRsp,
  ConnectAuthInfo,
  DeviceEvent,
  DeviceEvents,
  DeviceInfo,
  DeviceMessage,
  DeviceProperty,
  DeviceShadowListener,
  DeviceStatus,
  GtwAddSubDeviceRsp,
  GtwDelSubDeviceRsp,
  GtwOperateSubDeviceListener,
  PropSet,
  PropsGet,
  ServiceProperty,
  ShadowData,
  SubDevicesInfo,
  SubDevicesPersistence,
  iot_result,
  type JsonDict,
} from '../src/index.js';
import { SECRET, sleep, startCloud, until, type HuaweiCloud } from './emulator-helpers.js';

let cloud: HuaweiCloud;
beforeAll(async () => {
  cloud = await startCloud();
});
afterEach(() => cloud.reset());
afterAll(() => cloud.close());

describe('device rules', () => {
  const ID = 'prod_rule';
  const rule = (ruleId: string, extra: JsonDict = {}): JsonDict => ({
    ruleName: 'hot',
    logic: 'or',
    status: 'active',
    conditions: [{ type: 'DEVICE_DATA', operator: '>', value: '30', deviceInfo: { deviceId: ID, path: 'smokeDetector/temperature' } }],
    actions: [{ type: 'DEVICE_CMD', status: 'enable', deviceId: ID, command: { commandName: 'ringAlarm', serviceId: 'smokeDetector', commandBody: { duration: 5 } } }],
    ...extra,
    ruleId,
  });

  test('pushed, fetched, executed on a property report (command listener, then a custom handler), updated and deleted', async () => {
    await cloud.register(ID);
    const d = cloud.device(ID, SECRET, (i) => (i.enable_rule_manage = true));
    const rules = d.get_rule_manage_service();
    const commands: unknown[][] = [];
    d.get_client().set_command_listener(
      new (class extends CommandListener {
        on_command(request_id: string, service_id: string, command_name: string, paras: JsonDict): void {
          commands.push([request_id, service_id, command_name, paras]);
        }
      })(),
    );
    expect(await d.connect()).toBe(0);
    const since = cloud.seq();
    const put = await cloud.control<{ response: unknown }>('PUT', `/devices/${ID}/rules/r1`, rule('r1'));
    expect(put.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
    await until(() => rules.rule_infos.has('r1'), 5000, 'rule r1 stored');
    // on the wire: property set → config request for r1 → config response with the rule
    const up = cloud.wire('publish', `$oc/devices/${ID}/sys/events/up`, since).map((e) => e.payload ?? '');
    expect(up.some((p) => p.includes('"event_type": "device_rule_config_request"') && p.includes('"paras": {"ruleIds": ["r1"], "delIds": []}'))).toBe(true);
    expect(rules.rule_infos.get('r1')).toMatchObject({ rule_name: 'hot', logic: 'or', rule_version_in_shadow: 1 });

    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 10 })]);
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 31 })]);
    await until(() => commands.length === 1);
    expect(commands[0]!.slice(1)).toEqual(['smokeDetector', 'ringAlarm', { duration: 5 }]);

    // an inactive rule is dropped by the device; a new version replaces the old one
    await cloud.control('PUT', `/devices/${ID}/rules/r2`, rule('r2', { status: 'inactive' }));
    await cloud.control('PUT', `/devices/${ID}/rules/r1`, rule('r1', { conditions: [{ type: 'DEVICE_DATA', operator: '<', value: '0', deviceInfo: { deviceId: ID, path: 'smokeDetector/temperature' } }] }));
    await until(() => rules.rule_infos.get('r1')?.rule_version_in_shadow === 2, 5000, 'r1 version 2');
    expect([...rules.rule_infos.keys()]).toEqual(['r1']);
    const handled: Action[][] = [];
    d.get_client().set_rule_action_handler(
      new (class extends ActionHandler {
        handle_rule_action(action: Action[]): void {
          handled.push(action);
        }
      })(),
    );
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: 40 })]);
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: -5 })]);
    await until(() => handled.length === 1);
    expect(handled[0]!.map((a) => [a.device_id, a.command?.service_id, a.command?.command_name, a.command?.paras])).toEqual([[ID, 'smokeDetector', 'ringAlarm', { duration: 5 }]]);

    const del = await cloud.control<{ response: unknown }>('DELETE', `/devices/${ID}/rules/r1`);
    expect(del.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
    expect(rules.rule_infos.size).toBe(0);
    d.get_client().report_properties([new ServiceProperty('smokeDetector', { temperature: -50 })]);
    await sleep(200);
    expect(handled).toHaveLength(1);
    expect(commands).toHaveLength(1);
  });

  test('a timer rule pushed from the platform fires its actions every repeatInterval; deleting it stops the timer', async () => {
    await cloud.register('prod_timer');
    const d = cloud.device('prod_timer', SECRET, (i) => (i.enable_rule_manage = true));
    const handled: Action[][] = [];
    d.get_client().set_rule_action_handler(
      new (class extends ActionHandler {
        handle_rule_action(action: Action[]): void {
          handled.push(action);
        }
      })(),
    );
    expect(await d.connect()).toBe(0);
    const startTime = new Date(Date.now() + 1000).toISOString().slice(0, 19).replace('T', ' ');
    const put = await cloud.control<{ response: unknown }>('PUT', '/devices/prod_timer/rules/t1', rule('t1', { conditions: [{ type: 'SIMPLE_TIMER', startTime, repeatInterval: 1, repeatCount: 10 }] }));
    expect(put.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
    await until(() => handled.length === 2, 5000, 'two timer firings');
    expect(handled[0]![0]!.command?.paras).toEqual({ duration: 5 });
    const del = await cloud.control<{ response: unknown }>('DELETE', '/devices/prod_timer/rules/t1');
    expect(del.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
    expect(d.get_rule_manage_service().rule_infos.size).toBe(0);
    const n = handled.length;
    await sleep(1500);
    expect(handled).toHaveLength(n);
  });
});

/** The gateway demo's persistence, in memory: reject notifies not newer than the stored version. */
class MemoryPersistence extends SubDevicesPersistence {
  version = 0;
  readonly devices = new Map<string, DeviceInfo>();
  get_sub_device(node_id: string): DeviceInfo | null {
    return this.devices.get(node_id) ?? null;
  }
  add_sub_devices(info: SubDevicesInfo): number {
    if (info.version > 0 && info.version <= this.version) return -1;
    for (const d of info.devices) this.devices.set(d.node_id ?? '', d);
    this.version = info.version;
    return 0;
  }
  delete_sub_devices(info: SubDevicesInfo): number {
    if (info.version > 0 && info.version <= this.version) return -1;
    for (const d of info.devices) this.devices.delete(d.node_id ?? '');
    this.version = info.version;
    return 0;
  }
  get_version(): number {
    return this.version;
  }
}

class Gateway extends AbstractGateway {
  seen: unknown[][] = [];
  override on_sub_dev_command(request_id: string, command: Command): void {
    this.seen.push(['command', command.device_id, command.command_name]);
    this.get_client().respond_command(request_id, new CommandRsp({ result_code: 0, paras: { result: command.device_id } }));
  }
  override on_sub_dev_properties_set(request_id: string, props_set: PropSet): void {
    this.seen.push(['set', props_set.device_id, props_set.services.map((s) => s.properties)]);
    this.get_client().respond_properties_set(request_id, iot_result.SUCCESS);
  }
  override on_sub_dev_properties_get(request_id: string, props_get: PropsGet): void {
    this.seen.push(['get', props_get.device_id, props_get.service_id]);
    this.get_client().respond_properties_get(request_id, [new ServiceProperty(props_get.service_id, { alarm: 7 })]);
  }
  override on_sub_dev_message(message: DeviceMessage): void {
    this.seen.push(['message', message.device_id, message.content]);
  }
  override on_sub_dev_event(device_events: DeviceEvents): void {
    const ev = device_events.services[0]!;
    this.seen.push(['event', device_events.device_id, ev.service_id, ev.event_type]);
    if (ev.service_id === '$ota' && ev.event_type === 'version_query') {
      this.get_client().report_sub_event(device_events.device_id, new DeviceEvent({ service_id: '$ota', event_type: 'version_report', paras: { fw_version: 'v1.0', sw_version: 'v1.0' } }));
    }
  }
}

class OpListener extends GtwOperateSubDeviceListener {
  added: Array<[string, JsonDict]> = [];
  deleted: Array<[string, JsonDict]> = [];
  on_add_sub_device_rsp(rsp: GtwAddSubDeviceRsp, event_id: string): void {
    this.added.push([event_id, rsp.to_dict()]);
  }
  on_del_sub_device_rsp(rsp: GtwDelSubDeviceRsp, event_id: string): void {
    this.deleted.push([event_id, rsp.to_dict()]);
  }
}

describe('gateway', () => {
  const GW = 'prod_gw';

  test('add a sub-device, sync the topology, report for it, route platform requests to it, delete it', async () => {
    await cloud.register(GW);
    const info = new ConnectAuthInfo();
    info.server_uri = '127.0.0.1';
    info.port = 1883;
    info.id = GW;
    info.secret = SECRET;
    const persistence = new MemoryPersistence();
    const gw = new Gateway(persistence, new ClientConf(info, null, { broker_port: cloud.port }));
    cloud.devices.push(gw);
    const ops = new OpListener();
    gw.set_gtw_operate_sub_device_listener(ops);
    const shadows: Array<[string, ShadowData[]]> = [];
    gw.get_client().set_device_shadow_listener(
      new (class extends DeviceShadowListener {
        on_shadow_get(_rid: string, object_device_id: string, shadow: ShadowData[]): void {
          shadows.push([object_device_id, shadow]);
        }
      })(),
    );
    expect(await gw.connect()).toBe(0);

    // add through the gateway, then sync: the platform notifies the new topology
    gw.gtw_add_sub_device(
      [
        new AddedSubDeviceInfo({ parent_device_id: GW, node_id: 'n1', product_id: 'prod', name: 'n1', description: 'new device at node n1', device_id: 'prod_n1' }),
        new AddedSubDeviceInfo({ parent_device_id: GW, node_id: 'nx', product_id: '', name: 'nx' }),
      ],
      'ev-add',
    );
    await until(() => ops.added.length === 1);
    const [evId, added] = ops.added[0]!;
    expect(evId).toBe('ev-add');
    expect(added['failed_devices']).toEqual([{ node_id: 'nx', product_id: '', error_code: 'IOTDA.000006', error_msg: expect.any(String) as unknown }]);
    expect(added['successful_devices']).toEqual([expect.objectContaining({ device_id: 'prod_n1', node_id: 'n1', product_id: 'prod', parent_device_id: GW, name: 'n1', description: 'new device at node n1' })]);
    expect((await cloud.control('GET', '/devices/prod_n1')).body).toMatchObject({ parentDeviceId: GW, status: 'INACTIVE' });
    gw.sync_sub_devices();
    await until(() => persistence.version === 1);
    expect(persistence.get_sub_device('n1')).toMatchObject({ device_id: 'prod_n1', product_id: 'prod', parent_device_id: GW });
    expect(gw.get_sub_device_by_device_id('prod_n1')?.node_id).toBe('n1');

    // the gateway reports for the child
    gw.report_sub_device_status('prod_n1', 'ONLINE');
    gw.report_sub_device_properties('prod_n1', [new ServiceProperty('smokeDetector', { alarm: 10 })]);
    gw.report_sub_device_message(new DeviceMessage({ content: 'Hello Huawei', device_id: 'prod_n1' }));
    await until(async () => ((await cloud.control<{ status: string }>('GET', '/devices/prod_n1')).body.status === 'ONLINE'));
    await until(async () => ((await cloud.control<{ shadow: unknown[] }>('GET', '/devices/prod_n1/shadow')).body.shadow.length === 1));
    expect((await cloud.control('GET', '/devices/prod_n1/shadow')).body).toMatchObject({ shadow: [{ service_id: 'smokeDetector', reported: { properties: { alarm: 10 } } }] });
    await until(async () => (await cloud.control<unknown[]>('GET', '/devices/prod_n1/messages')).body.length === 1);
    expect((await cloud.control<Array<{ data: unknown }>>('GET', '/devices/prod_n1/messages')).body[0]!.data).toEqual({ object_device_id: 'prod_n1', id: '', name: '', content: 'Hello Huawei' });
    gw.get_client().get_device_shadow('rid-child', null, 'prod_n1');
    await until(() => shadows.length === 1);
    expect(shadows[0]![0]).toBe('prod_n1');
    expect(shadows[0]![1][0]!.reported!.properties).toEqual({ alarm: 10 });

    // platform requests addressed to the child reach the on_sub_dev_* hooks; replies return to the HTTP caller
    const cmd = await cloud.control<{ response: unknown }>('POST', '/devices/prod_n1/commands', { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: {} });
    expect(cmd.body.response).toEqual({ result_code: 0, response_name: '', paras: { result: 'prod_n1' } });
    const set = await cloud.control<{ response: unknown }>('POST', '/devices/prod_n1/properties/set', { services: [{ service_id: 'smokeDetector', properties: { alarm: 1 } }] });
    expect(set.body.response).toEqual({ result_code: 0, result_desc: 'Success' });
    const get = await cloud.control<{ response: unknown }>('GET', '/devices/prod_n1/properties?service_id=smokeDetector');
    expect(get.body.response).toEqual({ services: [{ service_id: 'smokeDetector', properties: { alarm: 7 }, event_time: null }] });
    await cloud.control('POST', '/devices/prod_n1/messages', { content: 'to child' });
    await cloud.control('POST', '/devices/prod_n1/ota/version-query', {});
    await until(() => gw.seen.length === 5);
    expect(gw.seen).toEqual([
      ['command', 'prod_n1', 'ringAlarm'],
      ['set', 'prod_n1', [{ alarm: 1 }]],
      ['get', 'prod_n1', 'smokeDetector'],
      ['message', 'prod_n1', 'to child'],
      ['event', 'prod_n1', '$ota', 'version_query'],
    ]);
    await until(async () => ((await cloud.control<{ fw_version: string | null }>('GET', '/devices/prod_n1/ota')).body.fw_version === 'v1.0'));

    // platform-side topology changes
    await cloud.control('POST', `/devices/${GW}/sub-devices`, { node_id: 'n2', product_id: 'prod' });
    await until(() => persistence.get_sub_device('n2') !== null);
    expect(persistence.version).toBe(2);
    await cloud.control('DELETE', `/devices/${GW}/sub-devices/prod_n2`);
    await until(() => persistence.get_sub_device('n2') === null);
    expect(persistence.version).toBe(3);

    // delete through the gateway; an unknown id fails
    gw.gtw_del_sub_device(['prod_n1', 'prod_ghost'], 'ev-del');
    await until(() => ops.deleted.length === 1);
    expect(ops.deleted[0]![0]).toBe('ev-del');
    expect(ops.deleted[0]![1]).toEqual({ successful_devices: ['prod_n1'], failed_devices: [expect.objectContaining({ device_id: 'prod_ghost' })] });
    expect((await cloud.control('GET', '/devices/prod_n1', undefined, true)).status).toBe(404);
    gw.sync_sub_devices();
    await until(() => persistence.get_sub_device('n1') === null);
    expect(persistence.version).toBe(4);
    expect((await cloud.control<{ version: number; devices: unknown[] }>('GET', `/devices/${GW}/sub-devices`)).body).toEqual({ version: 4, devices: [] });
  });
});

describe('gateway batch reports, child OTA and what a gateway may not do', () => {
  const GW = 'prod_gw2';

  test('batch properties/status for two children, an OTA package for a child answered by the gateway, foreign devices refused', async () => {
    await cloud.register(GW);
    await cloud.register('prod_other');
    for (const n of ['c1', 'c2']) await cloud.control('POST', `/devices/${GW}/sub-devices`, { node_id: n, product_id: 'prod' });
    const info = new ConnectAuthInfo();
    info.server_uri = '127.0.0.1';
    info.port = 1883;
    info.id = GW;
    info.secret = SECRET;
    const persistence = new MemoryPersistence();
    const childEvents: Array<[string, string, JsonDict]> = [];
    const gw = new (class extends AbstractGateway {
      override on_sub_dev_event(device_events: DeviceEvents): void {
        const ev = device_events.services[0]!;
        childEvents.push([device_events.device_id, ev.event_type, ev.paras]);
        // the gateway demo answers upgrades on behalf of the child (here with the final progress)
        if (ev.service_id === '$ota' && ev.event_type.endsWith('_upgrade_v2')) {
          this.get_client().report_sub_event(device_events.device_id, new DeviceEvent({ service_id: '$ota', event_type: 'upgrade_progress_report', paras: { result_code: 0, version: ev.paras['version'], progress: 100 } }));
        }
      }
    })(persistence, new ClientConf(info, null, { broker_port: cloud.port }));
    cloud.devices.push(gw);
    expect(await gw.connect()).toBe(0);
    gw.sync_sub_devices();
    await until(() => persistence.devices.size === 2, 5000, 'children synced');

    gw.report_batch_properties([new DeviceProperty('prod_c1', [new ServiceProperty('meter', { v: 1 })]), new DeviceProperty('prod_c2', [new ServiceProperty('meter', { v: 2 })])]);
    gw.report_batch_status([new DeviceStatus('prod_c1', 'ONLINE'), new DeviceStatus('prod_c2', 'OFFLINE')]);
    const shadowOf = async (id: string): Promise<unknown> => (await cloud.control<{ shadow: Array<{ reported: { properties: JsonDict } }> }>('GET', `/devices/${id}/shadow`)).body.shadow[0]?.reported.properties;
    await until(async () => (await shadowOf('prod_c2')) !== undefined);
    expect([await shadowOf('prod_c1'), await shadowOf('prod_c2')]).toEqual([{ v: 1 }, { v: 2 }]);
    await until(async () => ((await cloud.control<{ status: string }>('GET', '/devices/prod_c1')).body.status === 'ONLINE'));
    expect((await cloud.control('GET', '/devices/prod_c2')).body).toMatchObject({ status: 'OFFLINE' });

    // OTA for a child: the event carries the child id, the gateway's report (for the child) completes the task
    await fetch(`${cloud.emu.httpUrl}/files/child-fw.bin`, { method: 'PUT', body: 'child firmware' });
    const push = await cloud.control<{ task_id: string }>('POST', '/devices/prod_c1/ota/upgrade', { file: 'child-fw.bin', version: '9.9', type: 'firmware', v2: true });
    await until(async () => (await cloud.control<{ tasks: Array<{ task_id: string; status: string }> }>('GET', '/devices/prod_c1/ota')).body.tasks.some((t) => t.task_id === push.body.task_id && t.status === 'SUCCESS'));
    expect(childEvents).toEqual([['prod_c1', 'firmware_upgrade_v2', expect.objectContaining({ version: '9.9', task_id: push.body.task_id })]]);
    expect((await cloud.control('GET', '/devices/prod_c1')).body).toMatchObject({ fwVersion: '9.9' });

    // a device that is not one of its children: reports ignored, its topics refused
    const since = cloud.seq();
    gw.report_sub_device_properties('prod_other', [new ServiceProperty('meter', { v: 666 })]);
    gw.get_client().get_device_shadow('rid-foreign', null, 'prod_other');
    await until(() => cloud.emu.trace.entries({ kind: 'denied', since }).length === 1, 3000, 'denied publish');
    expect(cloud.emu.trace.entries({ kind: 'denied', since })[0]!.topic).toBe('$oc/devices/prod_other/sys/shadow/get/request_id=rid-foreign');
    await sleep(100);
    expect(await shadowOf('prod_other')).toBeUndefined();
  });
});
