import { MqttSession } from '@iot/core';
import type { DemoScenario } from './scenario.js';

/** A plain @iot/core session against the emulator's `test` plugin: connect, subscribe, echo, buffer while offline. */
export const coreSessionScenario: DemoScenario<void> = {
  title: '@iot/core MqttSession (test plugin)',
  vendors: ['test'],
  async run(emu, say) {
    const clientId = 'test-demo-1';
    emu.registry.put({ vendor: 'test', key: clientId, password: 'demo-password' });
    let attempts = 0;
    const session = new MqttSession({
      url: emu.mqttUrl,
      credentials: () => {
        attempts += 1;
        return { clientId, username: clientId, password: 'demo-password' };
      },
      keepalive: 30,
    });
    session.on('connect', (i) => say(`connected (attempt ${i.attempt}, reconnect=${i.reconnect})`));
    session.on('disconnect', (i) => say(`disconnected: ${i.cause}`));
    try {
      await session.connect();
      const echoed = new Promise<string>((resolve) => {
        session.subscribe(`test/${clientId}/down`, { qos: 1 }, (topic, payload) => {
          say(`<- ${topic} ${payload.toString()}`);
          resolve(payload.toString());
        });
      });
      const op = session.publish(`test/${clientId}/up`, JSON.stringify({ hello: 'emulator' }), { qos: 1 });
      say(`-> test/${clientId}/up (mid ${op.mid})`);
      await op.done;
      await echoed;

      say('emulator kicks the device; the session reconnects with fresh credentials');
      const back = new Promise<void>((resolve) => session.once('connect', () => resolve()));
      emu.disconnectClient(clientId);
      await back;
      say(`credentials were requested ${attempts} times (once per connection attempt)`);
    } finally {
      await session.destroy();
    }
  },
};
