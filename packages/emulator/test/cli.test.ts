import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliMain, CliUsageError, parseCliArgs } from '../src/index.js';
import { device } from './helpers.js';

describe('iot-emulator CLI', () => {
  test('prints a banner and live trace lines without secrets, and stops', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emu-cli-'));
    const registry = path.join(dir, 'devices.json');
    writeFileSync(registry, JSON.stringify({ devices: [{ vendor: 'test', key: 'test-cli', password: 'cli-secret-pw' }] }));
    const out: string[] = [];
    const err: string[] = [];
    const run = await cliMain(['--vendors', 'test', '--mqtt-port', '0', '--http-port', '0', '--registry', registry], { out: (l) => out.push(l), err: (l) => err.push(l) }, false);
    try {
      expect(run).toBeDefined();
      const banner = out.join('\n');
      expect(banner).toContain('vendors   test');
      expect(banner).toContain(`registry  1 device(s) from ${registry}`);
      expect(banner).toContain(`mqtt      ${run!.emulator.mqttUrl}`);
      expect(banner).toContain(`http      ${run!.emulator.httpUrl}`);
      const c = await device(run!.emulator.mqttUrl, 'test-cli', 'cli-secret-pw');
      await c.publishAsync('test/test-cli/up', 'hello', { qos: 1 });
      await run!.emulator.trace.waitFor((e) => e.kind === 'deliver' || e.kind === 'publish');
      await c.endAsync();
      const live = out.join('\n');
      expect(live).toMatch(/CONNECT\s+test-cli .*password=yes/);
      expect(live).toMatch(/PUBLISH\s+test-cli \[test\] test\/test-cli\/up qos1 5 B/);
      expect(live).not.toContain('cli-secret-pw');
      expect(live).not.toContain('hello');
    } finally {
      await run?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--quiet prints the banner only; --help prints usage; bad flags are usage errors', async () => {
    const out: string[] = [];
    const run = await cliMain(['--vendors', 'test', '--mqtt-port', '0', '--http-port', '0', '--quiet'], { out: (l) => out.push(l), err: () => undefined }, false);
    const bannerLines = out.length;
    await device(run!.emulator.mqttUrl, 'nobody', 'x').catch(() => undefined);
    await run!.stop();
    expect(out.length).toBe(bannerLines);
    const help: string[] = [];
    expect(await cliMain(['--help'], { out: (l) => help.push(l), err: () => undefined }, false)).toBeUndefined();
    expect(help.join('')).toContain('--attach <url>');
    expect(() => parseCliArgs(['--mqtt-port', 'abc'])).toThrow(CliUsageError);
    expect(() => parseCliArgs(['--vendors', 'nope'])).toThrow(/unknown vendor "nope"/);
    expect(() => parseCliArgs(['--bogus'])).toThrow(CliUsageError);
    expect(parseCliArgs(['--attach', 'mqtt://h:1', '--attach-username', 'u']).options.attach).toEqual({ url: 'mqtt://h:1', username: 'u' });
    expect(parseCliArgs([]).options).toMatchObject({ mqttPort: 1883, httpPort: 8080, host: '127.0.0.1' });
  });
});
