import { createHash } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import type { Emulator } from '../../../src/index.js';
import { connectDevice, DN, http, nextOn, PID, pyDumps, request, SECRET, startTencent } from './helpers.js';

describe('tencent OTA', () => {
  let emu: Emulator;
  let dev: MqttClient;
  const update = `$ota/update/${PID}/${DN}`;
  const report = `$ota/report/${PID}/${DN}`;
  const firmware = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
  beforeAll(async () => {
    emu = await startTencent();
    dev = await connectDevice(emu.mqttUrl, PID, DN, SECRET);
    expect((await dev.subscribeAsync(update, { qos: 1 }))[0]!.qos).toBe(1);
  });
  afterAll(async () => {
    await dev.endAsync();
    await emu.close();
  });

  test('report_version gets report_version_rsp (86 bytes for 0.1.0, as in the vendor log)', async () => {
    const r = await request(dev, update, () => dev.publishAsync(report, pyDumps({ type: 'report_version', report: { version: '0.1.0' } }), { qos: 1 }));
    expect(r.text).toBe('{"result_code":0,"result_msg":"success","type":"report_version_rsp","version":"0.1.0"}');
    expect(r.text).toHaveLength(86);
  });

  test('upload firmware, push update_firmware, download with Range, progress and result tracked', async () => {
    const up = await http(emu.httpUrl, 'PUT', `/control/tencent/ota/firmware/${PID}/1.0.0`, firmware);
    expect(up.status).toBe(201);
    const md5 = createHash('md5').update(firmware).digest('hex');
    expect(up.json).toMatchObject({ size: 5000, md5 });
    const pushed = nextOn(dev, update);
    const push = await http(emu.httpUrl, 'POST', `/control/tencent/ota/${PID}/${DN}/update`, { version: '1.0.0' });
    expect(push.status).toBe(200);
    const msg = await pushed;
    const url = (up.json as { url: string }).url;
    expect(msg.text).toBe(`{"file_size":5000,"md5sum":"${md5}","type":"update_firmware","url":"${url}","version":"1.0.0"}`);
    // the Python SDK's resume request: Range end = file size
    const part = await fetch(url, { headers: { Range: 'bytes=1000-5000' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(firmware.subarray(1000));
    const progress = (state: string, extra: Record<string, string>): string => pyDumps({ type: 'report_progress', report: { progress: { state, ...extra }, version: '1.0.0' } });
    await dev.publishAsync(report, progress('downloading', { percent: '0', result_code: '0', result_msg: '' }));
    await dev.publishAsync(report, progress('downloading', { percent: '39', result_code: '0', result_msg: '' }));
    await emu.trace.waitFor((e) => e.kind === 'publish' && e.topic === report && String(e.payload).includes('"39"'), 2000);
    let st = await http(emu.httpUrl, 'GET', `/control/tencent/ota/${PID}/${DN}`);
    expect(st.json).toMatchObject({ reportedVersion: '0.1.0', task: { version: '1.0.0', state: 'downloading', percent: 39 } });
    await dev.publishAsync(report, progress('done', { result_code: '0', result_msg: '' }), { qos: 1 });
    const rsp = await request(dev, update, () => dev.publishAsync(report, pyDumps({ type: 'report_version', report: { version: '1.0.0' } }), { qos: 1 }));
    expect(rsp.json).toMatchObject({ result_code: 0, version: '1.0.0' });
    st = await http(emu.httpUrl, 'GET', `/control/tencent/ota/${PID}/${DN}`);
    expect(st.json).toMatchObject({ reportedVersion: '1.0.0', task: { version: '1.0.0', state: 'done', percent: 100, resultCode: '0' } });
    expect((st.json as { reports: unknown[] }).reports).toHaveLength(5);
  });

  test('failure report is tracked with its code; bad reports are traced and ignored', async () => {
    const pushed = nextOn(dev, update);
    await http(emu.httpUrl, 'POST', `/control/tencent/ota/${PID}/${DN}/update`, { version: '2.0.0', url: 'http://127.0.0.1:1/none.bin', md5sum: '0'.repeat(32), file_size: 10 });
    await pushed;
    await dev.publishAsync(report, pyDumps({ type: 'report_progress', report: { progress: { state: 'fail', result_code: '-4', result_msg: 'time_out' }, version: '2.0.0' } }), { qos: 1 });
    await dev.publishAsync(report, pyDumps({ type: 'report_progress' }), { qos: 1 });
    await emu.trace.waitFor((e) => e.kind === 'error' && e.topic === report, 2000);
    const st = await http(emu.httpUrl, 'GET', `/control/tencent/ota/${PID}/${DN}`);
    expect(st.json).toMatchObject({ task: { version: '2.0.0', state: 'fail', resultCode: '-4', resultMsg: 'time_out' } });
    expect((await http(emu.httpUrl, 'POST', `/control/tencent/ota/${PID}/${DN}/update`, { version: '9.9.9' })).status).toBe(404);
    const tooLong = await request(dev, update, () => dev.publishAsync(report, pyDumps({ type: 'report_version', report: { version: 'x'.repeat(33) } }), { qos: 1 }));
    expect(tooLong.json).toMatchObject({ result_code: -1, type: 'report_version_rsp' });
  });
});
