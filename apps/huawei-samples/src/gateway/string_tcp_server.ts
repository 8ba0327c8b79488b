/**
 * TCP-to-MQTT gateway demo (Python `iot_gateway_demo/string_tcp_server.py` + `tcp_device.py`). Children send
 * `"<device_id>|<content>"`; the first message of a child brings it online (or asks the platform to add it),
 * `gtwdel` deletes it, anything else is reported as a message and properties on its behalf.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { AddedSubDeviceInfo, DeviceMessage, GtwOperateSubDeviceListener, ServiceProperty, get_node_id_from_device_id, type GtwAddSubDeviceRsp, type GtwDelSubDeviceRsp } from '@iot/huawei';
import { check, logger, sampleTarget, sleep } from '../sample_env.js';
import { SimpleGateway } from './simple_gateway.js';
import { SubDevicesFilePersistence } from './sub_devices_file_persistence.js';

const PRODUCT_ID = '668619463030681a7de586d6';

/**
 * Starts the TCP server of the gateway.
 * @param gateway - the gateway
 * @param port - TCP port (14322 in the Python demo; 0 = free port)
 * @returns the server
 */
export async function startTcpServer(gateway: SimpleGateway, port: number): Promise<Server> {
  const server = createServer((stream: Socket) => {
    let device_id: string | null = null;
    let online = false;
    stream.on('error', () => undefined);
    stream.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8').slice(0, 1024);
      const sep = text.indexOf('|');
      if (sep < 0) return;
      device_id = text.slice(0, sep);
      const content = text.slice(sep + 1);
      const node_id = get_node_id_from_device_id(device_id) ?? device_id;
      if (!online) {
        if (gateway.create_session(node_id, stream)) {
          online = true;
          gateway.report_sub_device_status(device_id, 'ONLINE');
          stream.write(`sub device: ${device_id} go online`);
        } else {
          const info = new AddedSubDeviceInfo({ parent_device_id: gateway.get_device_id(), node_id, product_id: PRODUCT_ID, description: `new device at node ${node_id}`, device_id, name: node_id });
          gateway.gtw_add_sub_device([info], randomUUID());
          stream.write(`sub device: ${device_id} add`);
        }
        return;
      }
      if (content === 'gtwdel') {
        gateway.gtw_del_sub_device([device_id], randomUUID());
        gateway.remove_session(node_id);
        online = false;
        stream.write(`sub device: ${device_id} delete`);
        return;
      }
      gateway.report_sub_device_message(new DeviceMessage({ content: 'Hello Huawei', device_id }));
      gateway.report_sub_device_properties(device_id, [new ServiceProperty('smokeDetector', { alarm: 10, smokeConcentration: 36, temperature: 64, humidity: 32 })]);
      stream.write(`sub device: ${device_id} report message and properties`);
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return server;
}

/** Runs the demo; resolves when done. */
export async function run(): Promise<void> {
  const target = await sampleTarget({ device_id: 'gateway_product_gw1' });
  const cloud = target.cloud;
  const persistence = new SubDevicesFilePersistence(path.join(target.dir, 'subdevices.json'));
  const gateway = new SimpleGateway(persistence, target.client_conf());
  const responses: string[] = [];
  gateway.set_gtw_operate_sub_device_listener(
    new (class extends GtwOperateSubDeviceListener {
      on_add_sub_device_rsp(rsp: GtwAddSubDeviceRsp, event_id: string): void {
        logger.info(`add sub device response ${event_id}: ${JSON.stringify(rsp.to_dict())}`);
        responses.push(`add ${rsp.successful_devices.length}/${rsp.add_sub_device_failed_reasons.length}`);
        gateway.sync_sub_devices();
      }
      on_del_sub_device_rsp(rsp: GtwDelSubDeviceRsp, event_id: string): void {
        logger.info(`delete sub device response ${event_id}: ${JSON.stringify(rsp.to_dict())}`);
        responses.push(`delete ${rsp.successful_devices.length}/${rsp.failed_devices.length}`);
        gateway.sync_sub_devices();
      }
    })(),
  );
  let server: Server | undefined;
  let child: Socket | undefined;
  try {
    if ((await gateway.connect()) !== 0) throw new Error('gateway init failed');
    gateway.sync_sub_devices();
    server = await startTcpServer(gateway, cloud ? 0 : 14322);
    if (!cloud) {
      logger.info('gateway listening on 14322; connect children with: nc 127.0.0.1 14322, then type "<device_id>|text"');
      await sleep(600_000);
      return;
    }
    // tcp_device.py: one child talking to the gateway
    const gw = target.device_id;
    const childId = `${PRODUCT_ID}_node1`;
    const port = (server.address() as { port: number }).port;
    const replies: string[] = [];
    child = createConnection({ port, host: '127.0.0.1' });
    child.on('data', (b: Buffer) => replies.push(b.toString()));
    await new Promise<void>((r) => child!.once('connect', () => r()));
    const say = async (text: string, expectReply: (s: string) => boolean): Promise<void> => {
      const n = replies.length;
      child!.write(`${childId}|${text}`);
      await cloud.waitFor(() => replies.slice(n).some(expectReply), `reply to "${text}"`);
    };
    type Sub = { status: string; node_id: string; device_id: string };
    const subDevices = async (): Promise<{ version: number; devices: Sub[] }> => await cloud.call('GET', `/devices/${gw}/sub-devices`);

    // unknown child → add request → platform adds it → sync → add_sub_device_notify → persistence
    await say('hello', (s) => s.endsWith(' add'));
    await cloud.waitFor(() => persistence.get_sub_device('node1') !== null, 'child added to the persistence');
    check(responses[0] === 'add 1/0', 'add response');
    const topo = await subDevices();
    check(topo.devices.length === 1 && topo.devices[0]!.device_id === childId && persistence.get_version() === topo.version, 'platform topology and gateway persistence agree');

    // known child → online, then data reported on its behalf
    await say('go online', (s) => s.endsWith('go online'));
    await cloud.waitFor(async () => (await subDevices()).devices[0]?.status === 'ONLINE', 'child ONLINE on the platform');
    await say('data', (s) => s.includes('report message and properties'));
    await cloud.waitFor(async () => (await cloud.messages(gw)).some((m) => (m.data as { object_device_id?: string }).object_device_id === childId), 'child message recorded');
    await cloud.waitFor(async () => JSON.stringify(await cloud.call('GET', `/devices/${childId}/shadow`)).includes('"temperature":64'), 'child properties in its shadow');

    // console → child: a command (answered by the gateway) and a message, both written to the child's socket
    let n = replies.length;
    const rsp = await cloud.request<{ result_code: number; paras: { result: string } }>('POST', `/devices/${childId}/commands`, { service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 3 } });
    check(rsp.result_code === 0 && rsp.paras.result === childId, 'child command answered');
    await cloud.waitFor(() => replies.slice(n).some((s) => s.includes('"duration":3')), 'command forwarded to the child');
    n = replies.length;
    await cloud.call('POST', `/devices/${childId}/messages`, { content: 'hello child' });
    await cloud.waitFor(() => replies.slice(n).some((s) => s.includes('hello child')), 'message forwarded to the child');

    // console adds a sub-device on the platform: add_sub_device_notify reaches the persistence
    await cloud.call('POST', `/devices/${gw}/sub-devices`, { node_id: 'node2', product_id: PRODUCT_ID });
    await cloud.waitFor(() => persistence.get_sub_device('node2') !== null, 'platform-side addition persisted');

    // gtwdel → delete request → response → sync → delete_sub_device_notify
    await say('gtwdel', (s) => s.endsWith(' delete'));
    await cloud.waitFor(() => persistence.get_sub_device('node1') === null, 'child deleted from the persistence');
    check(responses[1] === 'delete 1/0', 'delete response');
    const after = await subDevices();
    check(after.devices.map((d) => d.node_id).join() === 'node2' && persistence.get_version() === after.version, 'topology after the deletion');
  } finally {
    child?.destroy();
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    await gateway.destroy();
    await target.close();
  }
}
