/**
 * Gateway: register two sub-devices (`thing/sub/register`, and `product_register` with the sub-product's secret),
 * add them to the topology, log them in, publish for one of them on its own topics (a custom topic, a property post,
 * and answering a property set from the console: linkkit has no sub-device thing API, so the gateway subscribes and
 * publishes the sub-device's `/sys/...` topics itself), log them out; the console then
 * removes one from the topology (the gateway gets `topo/change`) and the gateway deletes the other itself.
 * @module
 */
import { runIfMain, sampleEnv, until, type SampleResult } from '../common/sample-env.js';

/** The sub-device product of the local platform (dynamic registration on, no pre-registration needed). */
export const SUB_PRODUCT = { productKey: 'a1SubDevPrd', productSecret: 'sub-product-secret', dynamicRegistration: true, preRegistration: false };

/** What gateway_demo observed on the device. */
export interface GatewayDemoDevice {
  /** Reply codes per request (`register`, `product_register`, `topo_add`, `login`, `logout`, `topo_delete`). */
  codes: Record<string, unknown>;
  /** Reply data per request. */
  data: Record<string, unknown>;
  /** `on_gateway_topo_change` params. */
  topoChanges: unknown[];
  /** Codes of the sub-device's property post replies (received on the gateway connection). */
  subPostReplies: unknown[];
  /** Property sets the gateway received for the sub-device. */
  subSets: Record<string, unknown>[];
}

/** What the platform recorded. */
export interface GatewayDemoPlatform {
  /** Topology after login. */
  afterLogin: Array<{ productKey: string; deviceName: string; online: boolean }>;
  /** Topology at the end. */
  atEnd: Array<{ productKey: string; deviceName: string; online: boolean }>;
  /** Payloads the platform accepted on the sub-device's `user/update`. */
  subUplinks: string[];
  /** Secret the platform stored for each sub-device. */
  subSecrets: Record<string, string | undefined>;
  /** Property values the platform stored for sub-device-1. */
  subProperties: Record<string, unknown>;
  /** The gateway's set_reply to the console's sub-device property set. */
  subSetReply: unknown;
}

/** Runs the sample. */
export async function run(): Promise<SampleResult<GatewayDemoDevice, GatewayDemoPlatform>> {
  const env = await sampleEnv({ deviceName: 'gateway-demo-dev', products: [SUB_PRODUCT] });
  const { product_key: gwPk, device_name: gwDn } = env.config;
  const lk = env.create();
  const subPk = env.console ? SUB_PRODUCT.productKey : gwPk;
  const [sub1, sub2] = ['sub-device-1', 'sub-device-2'];
  try {
    let connected = false;
    const device: GatewayDemoDevice = { codes: {}, data: {}, topoChanges: [], subPostReplies: [], subSets: [] };
    const record = (name: string) => (request_id: unknown, code: unknown, data: unknown) => {
      console.log(`${name}: request_id:${String(request_id)} code:${String(code)} data:${JSON.stringify(data)}`);
      device.codes[name] = code;
      device.data[name] = data;
    };
    lk.on_connect = (_f, rc) => (connected = rc === 0);
    lk.on_gateway_register_subdev_reply = record('register');
    lk.on_gateway_product_register_subdev_reply = record('product_register');
    lk.on_gateway_add_subdev_topo_reply = record('topo_add');
    lk.on_gateway_login_subdev_reply = record('login');
    lk.on_gateway_logout_subdev_reply = record('logout');
    lk.on_gateway_delete_subdev_topo_reply = record('topo_delete');
    lk.on_gateway_topo_change = (_id, params) => {
      console.log('on_gateway_topo_change:', JSON.stringify(params));
      device.topoChanges.push(params);
    };
    const wait = (name: string): Promise<void> => until(() => name in device.codes, `the ${name} reply`);
    lk.connect_async();
    await until(() => connected, 'on_connect');

    lk.gateway_register_subdev([[subPk, sub1]]);
    await wait('register');
    const secret1 = (device.data['register'] as Array<{ deviceSecret?: string }>)[0]?.deviceSecret ?? '';
    const subs: string[][] = [[subPk, sub1, secret1]];
    if (env.console) {
      // a product secret is only known for the local sub-product
      lk.gateway_product_register_subdev([[subPk, sub2, SUB_PRODUCT.productSecret]]);
      await wait('product_register');
      const secret2 = (device.data['product_register'] as { proxieds?: Array<{ deviceSecret?: string }> }).proxieds?.[0]?.deviceSecret ?? '';
      subs.push([subPk, sub2, secret2]);
    }

    lk.gateway_add_subdev_topo(subs);
    await wait('topo_add');
    lk.gateway_login_subdev(subs);
    await wait('login');
    const afterLogin = env.console ? await env.console.topo(gwPk, gwDn) : [];
    console.log('sub-device publish:', JSON.stringify(lk.publish_topic(`/${subPk}/${sub1}/user/update`, 'hello from the sub-device', 1)));

    // sub-device thing model: the gateway uses the sub-device's own /sys topics with publish_topic/subscribe_topic
    const subSys = `/sys/${subPk}/${sub1}/thing`;
    lk.on_topic_message = (topic, payload) => {
      const msg = JSON.parse(payload.toString()) as { id: string; code?: number; params?: Record<string, unknown> };
      if (topic === `${subSys}/event/property/post_reply`) device.subPostReplies.push(msg.code);
      if (topic === `${subSys}/service/property/set`) {
        console.log(`sub-device property set: ${JSON.stringify(msg.params)}`);
        device.subSets.push(msg.params ?? {});
        lk.publish_topic(`${subSys}/service/property/set_reply`, JSON.stringify({ id: msg.id, code: 200, data: {} }), 1);
      }
    };
    let subscribed = false;
    lk.on_subscribe_topic = () => (subscribed = true);
    lk.subscribe_topic([
      [`${subSys}/event/property/post_reply`, 0],
      [`${subSys}/service/property/set`, 0],
    ]);
    await until(() => subscribed, 'the sub-device topic subscription');
    lk.publish_topic(`${subSys}/event/property/post`, JSON.stringify({ id: '1', version: '1.0', params: { temperature: 21.5 }, method: 'thing.event.property.post' }), 1);
    await until(() => device.subPostReplies.length >= 1, 'the sub-device post_reply');
    let subSetReply: unknown;
    if (env.console) subSetReply = (await env.console.setProperty(subPk, sub1, { target: 19 })).reply;
    lk.gateway_logout_subdev(subs.map(([pk, dn]) => [pk!, dn!]));
    await wait('logout');

    let platform: GatewayDemoPlatform | null = null;
    if (env.console) {
      // the console removes sub-device-2: the gateway is told on thing/topo/change
      await env.console.removeSubDevice(gwPk, gwDn, subPk, sub2);
      await until(() => device.topoChanges.length >= 1, 'on_gateway_topo_change');
    }
    lk.gateway_delete_subdev_topo([[subPk, sub1]]);
    await wait('topo_delete');
    if (env.console) {
      const ups = await env.console.trace({ topic: `/${subPk}/${sub1}/user/update`, kind: ['publish'] });
      platform = {
        afterLogin,
        atEnd: await env.console.topo(gwPk, gwDn),
        subUplinks: ups.map((e) => e.payload ?? ''),
        subProperties: await env.console.properties(subPk, sub1),
        subSetReply,
        subSecrets: {
          [sub1]: (await env.console.device(subPk, sub1))?.deviceSecret,
          [sub2]: (await env.console.device(subPk, sub2))?.deviceSecret,
        },
      };
    }
    await lk.disconnect();
    const steps = ['register', ...(env.console ? ['product_register'] : []), 'topo_add', 'login', 'logout', 'topo_delete'];
    const ok = steps.every((n) => device.codes[n] === 200) && (platform === null || platform.atEnd.length === 0);
    return { ok, device, platform };
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, run);
