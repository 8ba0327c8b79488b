/* global process, console, Buffer, setTimeout */
// Wire recorder for the cross-check: aedes on 127.0.0.1:1883 that logs every CONNECT, SUBSCRIBE and device PUBLISH,
// subscribes each device to the system downlink topics server-side (as IoTDA does), and plays a fixed platform
// script once the device has sent its last scripted uplink (the `$sdk_info` report with fw_version "f"). Writes the log as JSON to argv[2] on SIGTERM.
import { writeFileSync } from 'node:fs';
import { startAedesBroker } from '../../emulator/dist/index.js';

const out = process.argv[2];
const scenario = process.argv[3] ?? 'device';
const broker = await startAedesBroker({ port: 1883 });
const a = broker.aedes;
const log = [];
let played = false;
const down = (topic, obj) => new Promise((r) => a.publish({ cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(obj)), qos: 0, retain: false, dup: false }, () => r()));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Platform scripts: [topic under $oc/devices/{id}/sys/, payload] in order. */
const SCRIPTS = {
  device: (id) => [
    ['commands/request_id=c1', { object_device_id: id, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } }],
    ['commands/request_id=c2', { object_device_id: id, service_id: 'smokeDetector', command_name: 'nope', paras: {} }],
    ['properties/set/request_id=s1', { object_device_id: id, services: [{ service_id: 'smokeDetector', properties: { alarm: 10 } }] }],
    ['properties/set/request_id=s2', { object_device_id: id, services: [{ service_id: 'smokeDetector', properties: { humidity: 1 } }] }],
    ['properties/get/request_id=g1', { object_device_id: id }],
    ['events/down', { object_device_id: id, services: [{ service_id: '$time_sync', event_type: 'time_sync_response', paras: { device_send_time: 1, server_recv_time: 2, server_send_time: 3 } }] }],
    ['messages/down', { content: 'hello' }],
  ],
  gateway: (id) => [
    ['events/down', { object_device_id: id, services: [{ service_id: '$sub_device_manager', event_type: 'add_sub_device_response', event_id: 'e1', paras: { successful_devices: [{ device_id: 'prod_n1', node_id: 'n1', product_id: 'prod', name: 'n1' }], failed_devices: [] } }] }],
    ['events/down', { object_device_id: id, services: [{ service_id: '$sub_device_manager', event_type: 'add_sub_device_notify', paras: { version: 3, devices: [{ parent_device_id: id, node_id: 'n1', device_id: 'prod_n1', product_id: 'prod', name: 'n1', status: 'ONLINE' }] } }] }],
    ['commands/request_id=c9', { object_device_id: 'prod_n1', service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 1 } }],
    ['properties/get/request_id=g9', { object_device_id: 'prod_n1', service_id: 'smokeDetector' }],
    ['messages/down', { object_device_id: 'prod_n1', content: 'to child' }],
    ['events/down', { object_device_id: 'prod_n1', services: [{ service_id: '$ota', event_type: 'version_query', paras: {} }] }],
    ['events/down', { object_device_id: id, services: [{ service_id: '$sub_device_manager', event_type: 'delete_sub_device_response', event_id: 'e2', paras: { successful_devices: ['prod_n1'], failed_devices: [] } }] }],
  ],
  rules: (id) => [
    ['properties/set/request_id=r1', { object_device_id: id, services: [{ service_id: '$device_rule', properties: { rule1: { version: 1 } } }] }],
    [
      'events/down',
      {
        object_device_id: id,
        services: [
          {
            service_id: '$device_rule',
            event_type: 'device_rule_config_response',
            paras: {
              rulesInfos: [
                {
                  ruleId: 'rule1',
                  ruleName: 'hot',
                  logic: 'or',
                  status: 'active',
                  ruleVersionInShadow: 1,
                  conditions: [{ type: 'DEVICE_DATA', operator: '>', value: '30', deviceInfo: { deviceId: id, path: 'smokeDetector/temperature' } }],
                  actions: [{ type: 'DEVICE_CMD', status: 'enable', deviceId: id, command: { commandName: 'ringAlarm', serviceId: 'smokeDetector', commandBody: { duration: 5 } } }],
                },
              ],
            },
          },
        ],
      },
    ],
    ['messages/down', { content: 'report now' }],
    // not scripted: deleting the rule (version -1) raises KeyError in Python (quirk Q32d, no property-set
    // response); this port answers it, an intentional difference
  ],
};

a.authenticate = (c, u, p, done) => {
  log.push({ k: 'connect', clientId: c.id, username: u, password: p?.toString() });
  done(null, true);
};
let play = () => undefined;
a.on('publish', (pk, c) => {
  if (!c) return;
  const payload = Buffer.from(pk.payload).toString('latin1');
  log.push({ k: 'publish', topic: pk.topic, qos: pk.qos, retain: pk.retain, payload });
  if (payload.includes('"fw_version": "f"') || payload.includes('"content": "last"')) play();
});
a.on('subscribe', (subs, c) => {
  if (c) log.push({ k: 'subscribe', subs: subs.map((s) => [s.topic, s.qos]) });
});
a.on('clientDisconnect', () => log.push({ k: 'disconnect' }));
a.on('clientReady', (client) => {
  const id = client.id.split('_0_')[0];
  const base = `$oc/devices/${id}/sys/`;
  const filters = ['commands/#', 'messages/down', 'properties/set/#', 'properties/get/#', 'shadow/get/response/#', 'events/down'];
  client.subscribe(filters.map((f) => ({ topic: base + f, qos: 1 })), () => undefined);
  play = async () => {
    if (played) return;
    played = true;
    await sleep(300);
    for (const [topic, obj] of SCRIPTS[scenario](id)) {
      await down(base + topic, obj);
      await sleep(300);
    }
  };
});
console.log('ready');
process.on('SIGTERM', async () => {
  writeFileSync(out, JSON.stringify(log, null, 1));
  await broker.stop();
  process.exit(0);
});
