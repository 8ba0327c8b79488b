import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QcloudHub, device_property } from '@iot/tencent';
import { control, expectThat, field, short, traced, until } from './helpers.js';
import type { DemoScenario } from './scenario.js';

const PRODUCT_ID = 'DEMOTHERM1';
const DEVICE_NAME = 'thermostat-01';

/** What the Tencent story observed, for tests. */
export interface TencentOutcome {
  /** Product id and device name. */
  readonly device: { readonly productId: string; readonly deviceName: string };
  /** Custom topic the device published its reading on. */
  readonly dataTopic: string;
  /** Payloads of the shadow `delta` messages the device got. */
  readonly deltas: readonly unknown[];
  /** Payloads of the RRPC requests the device got. */
  readonly rrpcRequests: readonly unknown[];
  /** The RRPC answer as the console's control call returned it (`payload` is the device's reply text). */
  readonly rrpcAnswer: unknown;
  /** The shadow document the console read at the end. */
  readonly shadow: unknown;
}

/**
 * A QcloudHub thermostat on the emulator's own `tencent` plugin: it connects with its PSK, publishes a reading on a
 * custom topic, follows a desired target temperature pushed as a shadow delta, and answers an RRPC call.
 */
export const tencentScenario: DemoScenario<TencentOutcome> = {
  title: 'Tencent IoT Hub thermostat (@iot/tencent QcloudHub, emulator tencent plugin)',
  vendors: ['tencent'],
  async run(emu, say) {
    const since = emu.trace.lastSeq;
    const deviceSecret = randomBytes(16).toString('base64');
    emu.registry.put({ vendor: 'tencent', key: `${PRODUCT_ID}/${DEVICE_NAME}`, productId: PRODUCT_ID, deviceName: DEVICE_NAME, deviceSecret });
    say(`console: device ${PRODUCT_ID}/${DEVICE_NAME} registered with a PSK (key authentication)`);

    // the vendor's device_info.json, written where only this run reads it
    const dir = mkdtempSync(join(tmpdir(), 'iot-demo-tencent-'));
    const deviceFile = join(dir, 'device_info.json');
    writeFileSync(
      deviceFile,
      JSON.stringify({
        auth_mode: 'KEY',
        productId: PRODUCT_ID,
        productSecret: 'YOUR_PRODUCT_SECRET',
        deviceName: DEVICE_NAME,
        key_deviceinfo: { deviceSecret },
        cert_deviceinfo: { devCaFile: '', devCertFile: '', devPrivateKeyFile: '' },
        subDev: { subdev_num: 0, subdev_list: [] },
        region: 'china',
      }),
    );
    const deltas: unknown[] = [];
    const rrpcRequests: unknown[] = [];
    const connects: number[] = [];
    try {
      const qcloud = new QcloudHub(deviceFile, null, false, '127.0.0.1', false, { port: Number(new URL(emu.mqttUrl).port) }).hub;
      qcloud.registerMqttCallback({ on_connect: (_flags, rc) => connects.push(rc) });
      let targetTemp = 21;
      qcloud.connect();
      await until(() => qcloud.isMqttConnected(), 'the MQTT connection');
      expectThat(connects[0] === 0, `on_connect rc 0, got ${String(connects[0])}`);
      const hello = traced(emu, since, (e) => e.kind === 'connect')[0];
      say(`device: connected as ${hello?.clientId ?? '?'}, user ${hello?.username ?? '?'} (password: HMAC of the user name with the PSK, not shown)`);

      const pid = qcloud.getProductID();
      const dn = qcloud.getDeviceName();
      qcloud.shadowInit(pid, dn, (_topic, _qos, payload) => {
        if (field(payload, 'type') !== 'delta') return;
        deltas.push(payload);
        const wanted = field(field(field(payload, 'payload'), 'state'), 'targetTemp');
        say(`device: shadow delta ${JSON.stringify(field(field(payload, 'payload'), 'state'))} -> target ${String(wanted)} °C, reporting it and clearing desired`);
        if (typeof wanted === 'number') targetTemp = wanted;
        const prop = new device_property();
        prop.key = 'targetTemp';
        prop.data = targetTemp;
        prop.type = 'int';
        qcloud.shadowUpdate(pid, dn, qcloud.shadowJsonConstructReport(pid, dn, prop));
        qcloud.shadowUpdate(pid, dn, qcloud.shadowJsonConstructDesireAllNull(pid, dn));
      });
      qcloud.rrpcInit(pid, dn, (_topic, _qos, payload) => {
        rrpcRequests.push(payload);
        say(`device: RRPC request ${JSON.stringify(payload)} -> rrpcReply with the current state`);
        qcloud.rrpcReply(pid, dn, { targetTemp, heating: targetTemp > 22 });
      });
      const subscribed = (prefix: string): boolean => traced(emu, since, (e) => e.kind === 'subscribe' && (e.returnCode ?? 0) !== 128 && (e.topic ?? '').startsWith(prefix)).length > 0;
      await until(() => subscribed('$shadow/operation/result/') && subscribed('$rrpc/rxd/'), 'the shadow and RRPC subscriptions');

      const dataTopic = `${pid}/${dn}/data`;
      const [rc] = qcloud.publish(dataTopic, { temperature: 21.5, humidity: 40 }, 1);
      expectThat(rc === 0, `publish rc 0, got ${rc}`);
      await until(() => traced(emu, since, (e) => e.kind === 'publish' && e.topic === dataTopic).length > 0, 'the reading on the custom topic');
      say(`device: publish ${dataTopic} ${short(traced(emu, since, (e) => e.kind === 'publish' && e.topic === dataTopic)[0]?.payload)}`);
      say(`cloud: received it on the custom topic (QoS 1; subscribers and rules would get it from here)`);

      say('console: shadow desired {"targetTemp": 25}');
      await control(emu, 'POST', `/control/tencent/shadow/${PRODUCT_ID}/${DEVICE_NAME}/desired`, { state: { targetTemp: 25 } });
      await until(() => deltas.length > 0, 'the shadow delta');
      const shadowRoute = `/control/tencent/shadow/${PRODUCT_ID}/${DEVICE_NAME}`;
      const settled = async (): Promise<unknown> => (await control(emu, 'GET', shadowRoute)).body;
      let shadow = await settled();
      for (let i = 0; i < 100 && (field(field(field(shadow, 'state'), 'reported'), 'targetTemp') !== 25 || field(field(shadow, 'state'), 'desired') !== undefined); i++) {
        await new Promise((r) => setTimeout(r, 10));
        shadow = await settled();
      }
      expectThat(field(field(field(shadow, 'state'), 'reported'), 'targetTemp') === 25, `the shadow to report targetTemp 25, got ${JSON.stringify(shadow)}`);
      say(`cloud: shadow now ${short(JSON.stringify(field(shadow, 'state')))} (version ${String(field(shadow, 'version'))})`);

      say('console: RRPC {"method": "status"}');
      const answer = await control(emu, 'POST', `/control/tencent/rrpc/${PRODUCT_ID}/${DEVICE_NAME}`, { payload: { method: 'status' }, timeoutMs: 3000 });
      const rrpcAnswer = answer.body;
      expectThat(field(field(rrpcAnswer, 'json'), 'targetTemp') === 25, `the RRPC answer to carry targetTemp 25, got ${JSON.stringify(rrpcAnswer)}`);
      say(`cloud: RRPC answer on ${String(field(rrpcAnswer, 'topic'))}: ${String(field(rrpcAnswer, 'payload'))}`);

      await qcloud.disconnect();
      return { device: { productId: PRODUCT_ID, deviceName: DEVICE_NAME }, dataTopic, deltas, rrpcRequests, rrpcAnswer, shadow };
    } finally {
      await QcloudHub.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
