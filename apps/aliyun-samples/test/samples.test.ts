// Every sample runs against the embedded emulator with its own `aliyun` plugin; each test checks what the device's
// callbacks received and what the platform recorded (read back through the plugin's control routes).
import { createHash } from 'node:crypto';
import { run as simpleDemo } from '../src/simple_demo/example.js';
import { run as tslDemo } from '../src/tsl_demo/example.js';
import { run as customDemo } from '../src/custom_demo/example.js';
import { run as thingDemo } from '../src/thing_demo/example.js';
import { run as rawDemo } from '../src/raw_demo/example.js';
import { run as tagsDemo } from '../src/tags_demo/example.js';
import { run as shadowDemo } from '../src/shadow_demo/example.js';
import { run as rrpcDemo } from '../src/rrpc_demo/example.js';
import { run as gatewayDemo, SUB_PRODUCT } from '../src/gateway_demo/example.js';
import { run as otaDemo } from '../src/ota_demo/example.js';
import { run as dynregDemo } from '../src/dynreg_demo/example.js';
import { LOCAL_PRODUCT } from '../src/common/sample-env.js';
import { samples } from '../src/samples.js';

const PK = LOCAL_PRODUCT.productKey;

beforeAll(() => {
  delete process.env['ALIYUN_CONFIG'];
});

test('the sample list covers every sample', () => {
  expect(Object.keys(samples).sort()).toEqual(['custom', 'dynreg', 'gateway', 'ota', 'raw', 'rrpc', 'shadow', 'simple_demo', 'tags', 'thing', 'tsl_demo']);
});

test('simple_demo: the echo subscription is granted, the three echoes come back, the platform saw the updates', async () => {
  const r = await simpleDemo();
  expect(r.device.grantedQos).toEqual([0]);
  expect(r.device.echoes).toEqual(['{id: 1}', '{id: 2}', '{id: 3}']);
  expect(r.device.state).toBe('LinkKitState.CONNECTED');
  expect(r.platform?.updates).toEqual(['test, id: 1', 'test, id: 2', 'test, id: 3']);
  expect(r.platform?.echoDeliveries).toEqual(['{id: 1}', '{id: 2}', '{id: 3}']);
  expect(r.ok).toBe(true);
});

test('tsl_demo: abs_speed is accepted with code 200 and stored; upload_file_sync throws StateError', async () => {
  const r = await tslDemo();
  expect(r.device.postRc).toBe(0);
  expect(r.device.reply).toMatchObject({ code: 200, message: 'success' });
  expect(r.device.uploadError).toBe('StateError: not supported any more');
  expect(r.platform?.properties).toEqual({ abs_speed: 11 });
  expect(r.ok).toBe(true);
});

test('custom topics: subscribe, publish confirmed, forwarded and console messages arrive, unsubscribe', async () => {
  const r = await customDemo();
  const test = `/${PK}/custom-demo-dev/user/test`;
  expect(r.device.grantedQos).toEqual([1]);
  expect(r.device.published.length).toBeGreaterThanOrEqual(1);
  expect(r.device.messages).toEqual([
    [test, '123'],
    [test, 'hello from the console'],
  ]);
  expect(r.device.unsubscribed).toBe(true);
  expect(r.platform?.pubUplinks).toEqual(['123']);
  expect(r.platform?.testDeliveries).toEqual(['123', 'hello from the console']);
  expect(r.ok).toBe(true);
});

test('thing model: posts, TSL check, event, property set, async and sync services', async () => {
  const r = await thingDemo();
  expect(r.device.propPostCodes).toEqual([200, 200]);
  expect(r.device.unknownPropertyMessage).toBe('tsl property not exist: power_stage');
  expect(r.device.eventPosts).toEqual(['power_state:200']);
  expect(r.device.propChanged).toEqual([{ abs_speed: 42 }]);
  expect(r.device.services).toEqual([
    { identifier: 'attack', params: { count: 3 } },
    { identifier: 'test1', params: {} },
  ]);
  const p = r.platform!;
  expect(p.set.reply).toMatchObject({ code: 200 });
  expect(p.attack.topic).toBe(`/sys/${PK}/thing-demo-dev/thing/service/attack`);
  expect(p.attack.reply).toMatchObject({ code: 200, data: { hits: 3 } });
  expect(p.test1.topic).toMatch(new RegExp(`^/ext/rrpc/\\d+/sys/${PK}/thing-demo-dev/thing/service/test1$`));
  expect(p.test1.reply).toMatchObject({ code: 200, data: { answered: 'sync' } });
  expect(p.properties).toEqual({ abs_speed: 42 });
  expect(r.ok).toBe(true);
});

test('raw: up_raw answered with the same bytes, down_raw reaches the device and its reply the platform', async () => {
  const r = await rawDemo();
  expect(r.device).toEqual({ sent: '01000b', postReply: '01000b', arrived: '02002a' });
  expect(r.platform).toEqual({ downRawReply: '0002', upRawUplinks: ['01000b'] });
  expect(r.ok).toBe(true);
});

test('tags: update and remove answered 200, the platform stores and then drops them', async () => {
  const r = await tagsDemo();
  expect(r.device).toEqual({ updateCode: 200, deleteCode: 200 });
  expect(r.platform).toEqual({ afterUpdate: { floor: '2f', room: '201' }, afterRemove: {} });
  expect(r.ok).toBe(true);
});

test('shadow: update reply, get reply with the state, desired push from the console', async () => {
  const r = await shadowDemo();
  expect(r.device.version).toBe(1);
  expect(r.device.messages[0]).toMatchObject({ method: 'reply', payload: { status: 'success', version: 1 } });
  expect(r.device.messages[1]).toMatchObject({ method: 'reply', payload: { status: 'success', state: { reported: { color: 'red' } }, version: 1 } });
  expect(r.device.messages[2]).toMatchObject({ method: 'control', payload: { state: { desired: { color: 'green' } } }, version: 2 });
  expect(r.platform?.shadow).toMatchObject({ state: { reported: { color: 'red' }, desired: { color: 'green' } }, version: 2 });
  expect(r.ok).toBe(true);
});

test('rrpc: the request reaches on_topic_rrpc_message (and on_topic_message), the answer reaches the platform', async () => {
  const r = await rrpcDemo();
  const p = r.platform!;
  expect(p.answer.payload).toBe('pong:ping');
  expect(r.device.requests).toEqual([{ id: p.answer.messageId, topic: `/ext/rrpc/${p.answer.messageId}/${PK}/rrpc-demo-dev/user/get`, payload: 'ping' }]);
  expect(r.device.fallThrough).toEqual([`/ext/rrpc/${p.answer.messageId}/${PK}/rrpc-demo-dev/user/get`]);
  expect(r.ok).toBe(true);
});

test('gateway: register, product register, topo add, login, sub-device publish, logout, topo change, topo delete', async () => {
  const r = await gatewayDemo();
  expect(r.device.codes).toEqual({ register: 200, product_register: 200, topo_add: 200, login: 200, logout: 200, topo_delete: 200 });
  const p = r.platform!;
  const sub = SUB_PRODUCT.productKey;
  expect((r.device.data['register'] as Array<{ deviceSecret: string }>)[0]?.deviceSecret).toBe(p.subSecrets['sub-device-1']);
  expect((r.device.data['product_register'] as { proxieds: Array<{ deviceSecret: string }> }).proxieds[0]?.deviceSecret).toBe(p.subSecrets['sub-device-2']);
  expect(p.subSecrets['sub-device-1']).toEqual(expect.any(String));
  expect(p.afterLogin).toEqual([
    { productKey: sub, deviceName: 'sub-device-1', online: true },
    { productKey: sub, deviceName: 'sub-device-2', online: true },
  ]);
  expect(p.subUplinks).toEqual(['hello from the sub-device']);
  expect(r.device.subPostReplies).toEqual([200]);
  expect(r.device.subSets).toEqual([{ target: 19 }]);
  expect(p.subSetReply).toMatchObject({ code: 200 });
  expect(p.subProperties).toEqual({ temperature: 21.5 });
  expect(r.device.topoChanges).toEqual([{ status: 1, subList: [{ productKey: sub, deviceName: 'sub-device-2' }] }]);
  expect(p.atEnd).toEqual([]);
  expect(r.ok).toBe(true);
});

test('ota: push, download with progress bar and digest check, progress and versions recorded, pull answer', async () => {
  const r = await otaDemo();
  const image = Buffer.alloc(200 * 1024);
  for (let i = 0; i < image.length; i++) image[i] = (i * 31) & 0xff;
  const [push, pull] = r.device.offers;
  expect(push).toMatchObject({ type: 1, version: '2.0.0', size: image.length, sign_method: 'SHA256', sign: createHash('sha256').update(image).digest('hex'), module: 'default' });
  expect(push?.extra).toBe("{'channel': 'beta', 'reboot': True}");
  expect(pull).toMatchObject({ type: 2, version: '2.0.0', size: image.length, sign_method: 'Md5', sign: createHash('md5').update(image).digest('hex'), extra: '' });
  expect(r.device.download).toBe('SUCCESS');
  expect(r.device.sameBytes).toBe(true);
  expect(r.device.shown).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  const p = r.platform!;
  expect(p.versions).toEqual({ default: '2.0.0' });
  expect(p.progress.map((s) => s.step)).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
  expect(r.ok).toBe(true);
});

test('dynreg: HTTPS, MQTT register and regnwl each yield credentials the platform stored, and each connects', async () => {
  const r = await dynregDemo();
  expect(r.device.connectRc).toEqual({ https: 0, register: 0, regnwl: 0 });
  const p = r.platform!;
  expect(r.device.httpsSecret).toEqual(expect.any(String));
  expect(p.https?.deviceSecret).toBe(r.device.httpsSecret);
  expect(p.register?.deviceSecret).toBe(r.device.mqttSecret);
  expect(p.regnwlBefore).toBeUndefined();
  expect(p.regnwl?.deviceToken).toBe(r.device.nwl?.password);
  // the callback gets the full MQTT client id: the platform's client id plus the connwl parameters
  expect(r.device.nwl?.client_id.startsWith(`${String(p.regnwl?.mqttClientId)}|authType=connwl,`)).toBe(true);
  expect(r.device.nwl?.username).toBe(`dynreg-nwl-dev&${PK}`);
  expect(r.device.refused?.rc).toBe(1);
  expect(r.device.refused?.value).toBe('device not found');
  expect(p.refused).toBeUndefined();
  expect(r.ok).toBe(true);
});
