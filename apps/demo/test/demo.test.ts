import { MqttSession } from '@iot/core';
import { startEmulator, type Emulator, type TraceEntry } from '@iot/emulator';
import { runDemo } from '../src/run-demo.js';
import { formatTraceEntry, formatWire } from '../src/format-trace.js';
import { scenarios } from '../src/scenarios/index.js';
import { aliyunScenario } from '../src/scenarios/aliyun-linkkit.js';
import { huaweiScenario } from '../src/scenarios/huawei-smoke-detector.js';
import { settle } from '../src/scenarios/helpers.js';
import { tencentScenario } from '../src/scenarios/tencent-hub.js';
import type { DemoScenario } from '../src/scenarios/scenario.js';

/** Every secret-like string field of the emulator's registry (device secrets, passwords, tokens). */
function registrySecrets(emu: Emulator): string[] {
  const out: string[] = [];
  for (const rec of emu.registry.list()) {
    for (const [k, v] of Object.entries(rec)) if (/secret|password|token/i.test(k) && typeof v === 'string' && v.length >= 6) out.push(v);
  }
  return out;
}

/** Runs one scenario on a fresh emulator with its vendors; returns its outcome, story lines and trace. */
async function runAlone<R>(scenario: DemoScenario<R>): Promise<{ outcome: R; lines: string[]; trace: TraceEntry[]; secrets: string[] }> {
  const emu: Emulator = await startEmulator({ vendors: [...scenario.vendors] });
  try {
    const lines: string[] = [];
    const outcome = await scenario.run(emu, (l) => lines.push(l));
    expect(await settle(emu)).toEqual([]); // the scenario closed its devices
    return { outcome, lines, trace: emu.trace.entries(), secrets: [...registrySecrets(emu), 'demo-password'] };
  } finally {
    await emu.close();
  }
}

const json = (e: TraceEntry | undefined): unknown => JSON.parse(e?.payload ?? 'null') as unknown;

describe('demo scenarios', () => {
  test.each(scenarios.map((s) => [s.title, s] as const))('%s runs against the embedded emulator and prints no secret', async (_title, scenario) => {
    const { lines, trace, secrets } = await runAlone(scenario);
    expect(lines.length).toBeGreaterThan(0);
    expect(trace.filter((e) => e.kind === 'publish' || e.kind === 'deliver').length).toBeGreaterThan(0);
    expect(secrets.length).toBeGreaterThan(0);
    const printed = [...lines, ...trace.map(formatTraceEntry), ...formatWire(trace)];
    for (const secret of secrets) for (const line of printed) expect(line).not.toContain(secret);
  });

  test('the whole demo runs the core session and then the three vendors on one emulator, each OK and quick', async () => {
    expect(scenarios.map((s) => s.vendors.join(','))).toEqual(['test', 'aliyun', 'huawei', 'tencent']);
    const lines: string[] = [];
    const results = await runDemo(scenarios, { print: (l) => lines.push(l) });
    expect(results.map((r) => [r.title, r.ok, r.why])).toEqual(scenarios.map((s) => [s.title, true, '']));
    for (const r of results) expect(r.ms).toBeLessThan(5000);
    expect(lines.at(-1)).toBe('demo finished: every device worked');
  });
});

describe('Aliyun Link Kit scenario', () => {
  test('the lamp posts properties, takes a console property set and a service call, and the cloud sees the replies', async () => {
    const { outcome, trace } = await runAlone(aliyunScenario);
    const { productKey: pk, deviceName: dn } = outcome.device;
    const sys = `/sys/${pk}/${dn}/thing`;
    // the device callbacks got the console's requests
    expect(outcome.propertySets).toEqual([{ Brightness: 30 }]);
    expect(outcome.serviceCalls).toEqual([['Blink', { times: 3 }]]);
    expect(outcome.propertyPostReplies.map(([, code]) => code)).toEqual([200, 200]);
    // the connect was signed with the device secret and accepted by the aliyun plugin
    const connack = trace.find((e) => e.kind === 'connack');
    expect(connack?.vendor).toBe('aliyun');
    expect(connack?.returnCode ?? 0).toBe(0);
    // the cloud saw the property posts and stored the values
    const posts = trace.filter((e) => e.kind === 'publish' && e.topic === `${sys}/event/property/post`);
    expect(posts.map((e) => (json(e) as { params: unknown }).params)).toEqual([{ LightSwitch: 1, Brightness: 60 }, { Brightness: 30 }]);
    expect(outcome.storedProperties).toEqual({ LightSwitch: 1, Brightness: 30 });
    // the set and the service call went down, and the device's replies came back up with the same ids
    const set = json(trace.find((e) => e.kind === 'deliver' && e.topic === `${sys}/service/property/set`)) as { id: string };
    const setReply = json(trace.find((e) => e.kind === 'publish' && e.topic === `${sys}/service/property/set_reply`));
    expect(setReply).toEqual({ id: set.id, code: 200, data: {} });
    const call = json(trace.find((e) => e.kind === 'deliver' && e.topic === `${sys}/service/Blink`)) as { id: string; params: unknown };
    expect(call.params).toEqual({ times: 3 });
    const callReply = json(trace.find((e) => e.kind === 'publish' && e.topic === `${sys}/service/Blink_reply`));
    expect(callReply).toEqual({ id: call.id, code: 200, data: { blinked: 3 } });
    expect(outcome.serviceReply).toEqual(callReply);
    expect(outcome.setReply).toEqual(setReply);
  });
});

describe('Huawei smoke detector scenario', () => {
  test('the detector reports properties, runs the console command and property set, and the console gets the answers', async () => {
    const { outcome, trace } = await runAlone(huaweiScenario);
    const sys = `$oc/devices/${outcome.deviceId}/sys`;
    // the service methods ran for the console's requests
    expect(outcome.commands).toEqual([{ command_name: 'ringAlarm', paras: { duration: 20 } }]);
    expect(outcome.alarmWrites).toEqual([0]);
    const connack = trace.find((e) => e.kind === 'connack');
    expect(connack?.vendor).toBe('huawei');
    expect(connack?.returnCode ?? 0).toBe(0);
    // the first report carries every readable property of the model; the cloud's shadow follows the reports
    const reports = trace.filter((e) => e.kind === 'publish' && e.topic === `${sys}/properties/report`);
    expect((json(reports[0]) as { services: unknown[] }).services).toEqual([
      { service_id: 'smokeDetector', properties: { alarm: 1, smokeConcentration: 12.5, humidity: 48, temperature: 21.5 }, event_time: null },
    ]);
    expect(outcome.reported).toEqual({ alarm: 0, smokeConcentration: 12.5, humidity: 48, temperature: 21.5 });
    // the command went down and the device's response came back on the same request id
    const cmd = trace.find((e) => e.kind === 'deliver' && e.topic?.startsWith(`${sys}/commands/request_id=`));
    expect(json(cmd)).toEqual({ object_device_id: outcome.deviceId, service_id: 'smokeDetector', command_name: 'ringAlarm', paras: { duration: 20 } });
    const rid = cmd!.topic!.slice(`${sys}/commands/request_id=`.length);
    const rsp = trace.find((e) => e.kind === 'publish' && e.topic === `${sys}/commands/response/request_id=${rid}`);
    expect(json(rsp)).toEqual({ result_code: 0, response_name: 'ringAlarm', paras: { rang_for: 20 } });
    expect(outcome.commandResponse).toEqual(json(rsp));
    // the property set was answered with success
    const setRsp = trace.find((e) => e.kind === 'publish' && e.topic?.startsWith(`${sys}/properties/set/response/request_id=`));
    expect(json(setRsp)).toEqual({ result_code: 0, result_desc: 'Success' });
    expect(outcome.setResponse).toEqual(json(setRsp));
  });
});

describe('Tencent QcloudHub scenario', () => {
  test('the thermostat publishes on a custom topic, follows a shadow delta and answers an RRPC call', async () => {
    const { outcome, trace } = await runAlone(tencentScenario);
    const { productId: pid, deviceName: dn } = outcome.device;
    const connack = trace.find((e) => e.kind === 'connack');
    expect(connack?.vendor).toBe('tencent');
    expect(connack?.returnCode ?? 0).toBe(0);
    // the reading reached the cloud on the custom topic
    const data = trace.filter((e) => e.kind === 'publish' && e.topic === `${pid}/${dn}/data`);
    expect(data.map((e) => json(e))).toEqual([{ temperature: 21.5, humidity: 40 }]);
    // the console's desired state arrived as a delta; the device reported it and cleared desired
    expect(outcome.deltas).toHaveLength(1);
    expect((outcome.deltas[0] as { payload: { state: unknown } }).payload.state).toEqual({ targetTemp: 25 });
    const updates = trace.filter((e) => e.kind === 'publish' && e.topic === `$shadow/operation/${pid}/${dn}`).map((e) => json(e) as { state: unknown });
    expect(updates.map((u) => u.state)).toEqual([{ reported: { targetTemp: 25 } }, { desired: null }]);
    expect((outcome.shadow as { state: unknown }).state).toEqual({ reported: { targetTemp: 25 } });
    // the RRPC request reached the device and its reply went up on the same process id
    expect(outcome.rrpcRequests).toEqual([{ method: 'status' }]);
    const req = trace.find((e) => e.kind === 'deliver' && e.topic?.startsWith(`$rrpc/rxd/${pid}/${dn}/`));
    const processId = req!.topic!.split('/').pop();
    const reply = trace.find((e) => e.kind === 'publish' && e.topic === `$rrpc/txd/${pid}/${dn}/${processId}`);
    expect(json(reply)).toEqual({ targetTemp: 25, heating: true });
    expect((outcome.rrpcAnswer as { json: unknown }).json).toEqual({ targetTemp: 25, heating: true });
  });
});

describe('runDemo', () => {
  test('prints an OK or FAIL line per scenario and reports failed and leaking scenarios', async () => {
    const lines: string[] = [];
    let leaked: MqttSession | undefined;
    const good: DemoScenario<void> = { title: 'good story', vendors: ['test'], run: async (_emu, say) => say('all fine') };
    const bad: DemoScenario<void> = {
      title: 'bad story',
      vendors: ['test'],
      run: async () => {
        throw new Error('the device never answered');
      },
    };
    const leaky: DemoScenario<void> = {
      title: 'leaky story',
      vendors: ['test'],
      async run(emu) {
        emu.registry.put({ vendor: 'test', key: 'test-leaky', password: 'leaky-password' });
        leaked = new MqttSession({ url: emu.mqttUrl, credentials: () => ({ clientId: 'test-leaky', username: 'test-leaky', password: 'leaky-password' }) });
        await leaked.connect();
      },
    };
    try {
      const results = await runDemo([good, bad, leaky], { print: (l) => lines.push(l) });
      expect(results.map((r) => [r.title, r.ok])).toEqual([['good story', true], ['bad story', false], ['leaky story', false]]);
      expect(results[2]!.why).toContain('test-leaky');
    } finally {
      await leaked?.destroy();
    }
    expect(lines).toContain('   all fine');
    expect(lines.some((l) => /^ {3}OK {3}good story \(\d+ ms\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {3}FAIL bad story \(\d+ ms\): the device never answered$/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {3}FAIL leaky story .*still connected after the scenario: test-leaky$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('demo finished: 2 scenario(s) failed');
  });
});
