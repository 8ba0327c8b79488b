// File URLs of $file_manager point at an OBS stand-in: PUT answers 200 as OBS PutObject (the SDKs report success
// only on 200), GET serves the object, and the object lands in the file store.
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DEVICE, event, nextOn, startHuawei } from './helpers.js';

const B = `$oc/devices/${DEVICE}/sys`;

describe('huawei file URLs (OBS stand-in)', () => {
  let emu: Emulator;
  let dev: MqttClient;
  beforeAll(async () => {
    emu = await startHuawei();
    dev = await connectDevice(emu.mqttUrl);
  });
  afterAll(async () => {
    await dev.endAsync();
    await emu.close();
  });

  async function urlFor(type: 'get_upload_url' | 'get_download_url', file_name: string): Promise<Record<string, unknown>> {
    const down = nextOn(dev, (t) => t === `${B}/events/down`);
    await dev.publishAsync(`${B}/events/up`, event(DEVICE, '$file_manager', type, { file_name, file_attributes: {} }), { qos: 1 });
    const ev = ((await down).json['services'] as Record<string, unknown>[])[0]!;
    expect(ev['event_type']).toBe(`${type}_response`);
    return ev['paras'] as Record<string, unknown>;
  }

  test('PUT to the upload URL answers 200 and stores the object; the download URL serves it whole and by range', async () => {
    const up = await urlFor('get_upload_url', 'upload_test.txt');
    expect(up).toMatchObject({ object_name: 'upload_test.txt', bucket_name: 'iot-emulator' });
    const put = await fetch(up['url'] as string, { method: 'PUT', body: 'upload file test for iot_device_demo!', headers: { 'content-type': 'text/plain' } });
    expect(put.status).toBe(200);
    expect(emu.files.get(`huawei/${DEVICE}/upload_test.txt`)?.data.toString()).toBe('upload file test for iot_device_demo!');

    const down = await urlFor('get_download_url', 'upload_test.txt');
    expect(down['url']).toBe(up['url']);
    const get = await fetch(down['url'] as string);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('upload file test for iot_device_demo!');
    const part = await fetch(down['url'] as string, { headers: { range: 'bytes=0-5' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('upload');
  });

  test('an object never uploaded → 404', async () => {
    const down = await urlFor('get_download_url', 'missing.bin');
    expect((await fetch(down['url'] as string)).status).toBe(404);
  });
});
