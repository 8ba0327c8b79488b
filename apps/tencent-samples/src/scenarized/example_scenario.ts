/**
 * The device-interconnection scenario: the air conditioner (`aircond1`, named `AirConditioner1` in the events) and the door run as two devices; a
 * rule forwards the door's `event` topic to the air conditioner's `control` topic. Locally both run in this process
 * (`QcloudHubProvider` directly, one connection each: `QcloudHub` is a per-process singleton).
 * @module
 */
import { join } from 'node:path';
import { QcloudHubProvider } from '@iot/tencent';
import { isMain, runAsProgram, sampleEnv, sleep } from '../common/sample-env.js';
import { registerLoggingCallbacks, sampleLogger, waitConnected } from '../common/callbacks.js';
import { AirConditioner } from './example_aircond.js';
import { doorEvent } from './example_door.js';

/** @returns true when come_home and leave_home reached the air conditioner */
export async function example_scenario(): Promise<boolean> {
  const acEnv = await sampleEnv({ deviceName: 'aircond1' });
  if (!acEnv.emulator || !acEnv.cloud) {
    console.log('the scenario needs both devices and a rule: run it locally (no TENCENT_DEVICE_FILE)');
    await acEnv.close();
    return true;
  }
  const doorEnv = await sampleEnv({ deviceName: 'door1', join: { emulator: acEnv.emulator, cloud: acEnv.cloud } });
  const clients: QcloudHubProvider[] = [];
  try {
    const ac = new QcloudHubProvider(acEnv.deviceFile, 'aircond', acEnv.tls, acEnv.domain, false, acEnv.options);
    const door = new QcloudHubProvider(doorEnv.deviceFile, 'door', doorEnv.tls, doorEnv.domain, false, doorEnv.options);
    clients.push(ac, door);
    const logger = sampleLogger(ac.logInit(ac.LoggerLevel.DEBUG, join(acEnv.workDir, 'logs/log'), 1024 * 1024, 2, true));
    const acked = new Set<number>();
    registerLoggingCallbacks(ac, logger);
    registerLoggingCallbacks(door, logger, { on_publish: (mid) => acked.add(mid) });
    acEnv.cloud.forward(`${door.getProductID()}/${door.getDeviceName()}/event`, `${ac.getProductID()}/${ac.getDeviceName()}/control`);
    ac.connect();
    door.connect();
    if (!(await waitConnected(ac)) || !(await waitConnected(door))) return false;
    const air = new AirConditioner(ac, logger);
    air.start();
    await sleep(0.2);
    if ((await doorEvent(door, 'come_home', (m) => acked.has(m))) < 0) return false;
    for (let i = 0; i < 30 && !air.on; i++) await sleep(0.1);
    await sleep(0.3);
    if ((await doorEvent(door, 'leave_home', (m) => acked.has(m))) < 0) return false;
    for (let i = 0; i < 30 && air.on; i++) await sleep(0.1);
    air.stop();
    await door.disconnect();
    await ac.disconnect();
    return air.actions.join(',') === 'come_home,leave_home';
  } finally {
    for (const c of clients) await c.destroy();
    await doorEnv.close();
    await acEnv.close();
  }
}

if (isMain(import.meta.url)) runAsProgram(example_scenario);
