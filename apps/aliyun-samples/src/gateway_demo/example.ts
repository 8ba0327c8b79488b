/**
 * Gateway: register a sub-device, add it to the topology, log it in, publish for it on its own topic, log it out
 * and delete it from the topology.
 * @module
 */
import { runIfMain, sampleEnv, until } from '../common/sample-env.js';

/** Runs the sample. */
export async function main(): Promise<boolean> {
  const env = await sampleEnv('gateway-demo-dev');
  const lk = env.create();
  const subPk = env.config.product_key;
  const subDn = 'sub-device-1';
  try {
    let connected = false;
    const replies: Record<string, unknown[]> = {};
    const record = (name: string) => (request_id: unknown, code: unknown, data: unknown) => {
      console.log(`${name}: request_id:${String(request_id)} code:${String(code)} data:${JSON.stringify(data)}`);
      (replies[name] ??= []).push(data);
    };
    lk.on_connect = (_f, rc) => (connected = rc === 0);
    lk.on_gateway_register_subdev_reply = record('register');
    lk.on_gateway_add_subdev_topo_reply = record('topo_add');
    lk.on_gateway_login_subdev_reply = record('login');
    lk.on_gateway_logout_subdev_reply = record('logout');
    lk.on_gateway_delete_subdev_topo_reply = record('topo_delete');
    lk.connect_async();
    await until(() => connected, 'on_connect');
    lk.gateway_register_subdev([[subPk, subDn]]);
    await until(() => replies['register'] !== undefined, 'sub/register_reply');
    const registered = (replies['register']![0] as Array<{ deviceSecret?: string }>)[0];
    const subSecret = registered?.deviceSecret ?? 'sub-secret';
    lk.gateway_add_subdev_topo([[subPk, subDn, subSecret]]);
    await until(() => replies['topo_add'] !== undefined, 'topo/add_reply');
    lk.gateway_login_subdev([[subPk, subDn, subSecret]]);
    await until(() => replies['login'] !== undefined, 'batch_login_reply');
    console.log('sub-device publish:', JSON.stringify(lk.publish_topic(`/${subPk}/${subDn}/user/update`, 'hello from the sub-device', 0)));
    lk.gateway_logout_subdev([[subPk, subDn]]);
    await until(() => replies['logout'] !== undefined, 'batch_logout_reply');
    lk.gateway_delete_subdev_topo([[subPk, subDn]]);
    await until(() => replies['topo_delete'] !== undefined, 'topo/delete_reply');
    await lk.disconnect();
    return true;
  } finally {
    await lk.destruct();
    await env.close();
  }
}

runIfMain(import.meta.url, main);
