import { Aedes } from 'aedes';
import { createServer } from 'node:net';
import mqtt from 'mqtt';

test('aedes loads in ESM jest and mqtt.js talks to it', async () => {
  const broker = await Aedes.createBroker();
  const server = createServer(broker.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  const got = new Promise<string>((r) => c.on('message', (_t, p) => r(p.toString())));
  await c.subscribeAsync('a/b');
  await c.publishAsync('a/b', 'hi', { qos: 1 });
  expect(await got).toBe('hi');
  await c.endAsync();
  await new Promise<void>((r) => broker.close(() => r()));
  await new Promise<void>((r) => server.close(() => r()));
});
