// The IoTDA address a bootstrap answer carries: the one of the matched static strategy or registration group,
// else the emulator's own MQTT address.
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, hmac, http, nextOn, startHuawei, utcTs } from './helpers.js';

describe('huawei bootstrap address per strategy and group', () => {
  let emu: Emulator;
  let E: string;
  const clients: MqttClient[] = [];
  beforeEach(async () => {
    emu = await startHuawei();
    E = `${emu.httpUrl}/control/huawei`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.endAsync();
    await emu.close();
  });

  async function bootstrap(id: string, secret: string, message: string, clientOpts: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const c = await connectDevice(emu.mqttUrl, id, secret, clientOpts);
    clients.push(c);
    await c.subscribeAsync(`$oc/devices/${id}/sys/bootstrap/down`, { qos: 0 });
    const down = nextOn(c, (t) => t === `$oc/devices/${id}/sys/bootstrap/down`);
    await c.publishAsync(`$oc/devices/${id}/sys/bootstrap/up`, message, { qos: 1 });
    return (await down).json;
  }

  test('no strategy: the emulator MQTT address', async () => {
    emu.registry.put({ vendor: 'huawei', key: 'bs_dev1', secret: 's1' });
    const u = new URL(emu.mqttUrl);
    expect(await bootstrap('bs_dev1', 's1', '')).toEqual({ address: `${u.hostname}:${u.port}` });
  });

  test('the matched static strategy hands out its own address; a strategy without one the default', async () => {
    emu.registry.put({ vendor: 'huawei', key: 'bs_dev2', secret: 's2' });
    expect((await http('PUT', `${E}/bootstrap/strategies/kwA`, { address: '127.0.0.1:8883' })).status).toBe(200);
    expect((await http('PUT', `${E}/bootstrap/strategies/kwB`, {})).status).toBe(200);
    expect(await bootstrap('bs_dev2', 's2', '{"baseStrategyKeyword":"kwA"}')).toEqual({ address: '127.0.0.1:8883' });
    const u = new URL(emu.mqttUrl);
    expect(await bootstrap('bs_dev2', 's2', '{"baseStrategyKeyword":"kwB"}')).toEqual({ address: `${u.hostname}:${u.port}` });
  });

  test('a registration group hands out its address with the derived secret', async () => {
    const scopeSecret = Buffer.from('scopesecretbytes').toString('base64');
    expect((await http('PUT', `${E}/bootstrap/groups/scopeA`, { scopeSecret, address: 'iot.example:8883' })).status).toBe(200);
    const id = 'grp_dev1';
    const derived = hmac(id, Buffer.from(scopeSecret, 'base64')); // spec 3.2
    const ts = utcTs();
    const c = await connectDevice(emu.mqttUrl, id, derived, { clientId: `${id}_0_scopeA_0_${ts}` });
    clients.push(c);
    await c.subscribeAsync(`$oc/devices/${id}/sys/bootstrap/down`, { qos: 0 });
    const down = nextOn(c, (t) => t.endsWith('/sys/bootstrap/down'));
    await c.publishAsync(`$oc/devices/${id}/sys/bootstrap/up`, '{"baseStrategyKeyword":"1111"}', { qos: 1 });
    expect((await down).json).toEqual({ address: 'iot.example:8883', deviceSecret: derived });
  });

  test('an address that is not host:port is refused with 400', async () => {
    expect((await http('PUT', `${E}/bootstrap/strategies/kwC`, { address: 'no port' })).status).toBe(400);
    expect((await http('PUT', `${E}/bootstrap/groups/scopeC`, { address: 8883 })).status).toBe(400);
    expect((await http('GET', `${E}/bootstrap`)).json['strategies']).toEqual([]);
  });
});
