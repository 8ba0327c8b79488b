import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeviceRegistry, MessageTrace, RegistryError, TraceTimeoutError, decodeTracePayload, encodeTracePayload, topicMatches } from '../src/index.js';

describe('DeviceRegistry', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'emu-reg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('upserts, updates, deletes and persists; getters return copies', () => {
    const file = path.join(dir, 'r.json');
    const r = new DeviceRegistry({ file });
    r.put({ vendor: 'aliyun', key: 'pk/dn', deviceSecret: 's1' });
    r.put({ vendor: 'huawei', key: 'dev_1', secret: 'x' });
    const copy = r.get('aliyun', 'pk/dn')!;
    copy['deviceSecret'] = 'mutated';
    expect(r.get('aliyun', 'pk/dn')?.['deviceSecret']).toBe('s1');
    expect(r.update('aliyun', 'pk/dn', { online: true, vendor: 'ignored' })).toEqual({ vendor: 'aliyun', key: 'pk/dn', deviceSecret: 's1', online: true });
    expect(r.update('tencent', 'p/d', { psk: 'k' })).toEqual({ vendor: 'tencent', key: 'p/d', psk: 'k' });
    expect(r.list('aliyun')).toHaveLength(1);
    expect(r.size).toBe(3);
    expect(r.delete('huawei', 'dev_1')).toBe(true);
    expect(r.delete('huawei', 'dev_1')).toBe(false);
    const again = new DeviceRegistry({ file });
    expect(again.list()).toEqual(r.list());
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ devices: r.list() });
  });

  test('onDelete listeners hear every removal of an existing record, until removed', () => {
    const r = new DeviceRegistry();
    const heard: string[] = [];
    const off = r.onDelete((vendor, key) => heard.push(`${vendor}:${key}`));
    r.put({ vendor: 'huawei', key: 'd1' });
    r.update('huawei', 'd1', { secret: 'x' });
    expect(heard).toEqual([]);
    expect(r.delete('huawei', 'd1')).toBe(true);
    expect(r.delete('huawei', 'd1')).toBe(false);
    expect(heard).toEqual(['huawei:d1']);
    off();
    r.put({ vendor: 'huawei', key: 'd2' });
    r.delete('huawei', 'd2');
    expect(heard).toEqual(['huawei:d1']);
  });

  test('loads a bare array; rejects broken files and records with a clear error', () => {
    const arr = path.join(dir, 'a.json');
    writeFileSync(arr, JSON.stringify([{ vendor: 'test', key: 'k', password: 'p' }]));
    expect(new DeviceRegistry({ file: arr }).get('test', 'k')?.['password']).toBe('p');
    const bad = path.join(dir, 'b.json');
    writeFileSync(bad, '{nope');
    expect(() => new DeviceRegistry({ file: bad })).toThrow(RegistryError);
    writeFileSync(bad, JSON.stringify({ devices: [{ vendor: 'x' }] }));
    expect(() => new DeviceRegistry({ file: bad })).toThrow(/entry 0 needs/);
    expect(() => new DeviceRegistry().put({ vendor: '', key: 'k' })).toThrow(RegistryError);
    expect(new DeviceRegistry({ file: path.join(dir, 'missing.json') }).size).toBe(0);
  });
});

describe('MessageTrace', () => {
  test('is a bounded ring buffer with growing sequence numbers and filters', () => {
    const t = new MessageTrace({ max: 3 });
    for (let i = 0; i < 5; i++) t.record({ kind: 'publish', clientId: `c${i % 2}`, topic: `a/${i}`, payload: `p${i}` });
    expect(t.entries().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(t.entries({ clientId: 'c0' }).map((e) => e.topic)).toEqual(['a/2', 'a/4']);
    expect(t.entries({ since: 4 }).map((e) => e.seq)).toEqual([5]);
    expect(t.entries({ topic: 'a/+', kind: ['publish'] })).toHaveLength(3);
    expect(t.lastSeq).toBe(5);
    t.clear();
    expect(t.entries()).toEqual([]);
    expect(t.record({ kind: 'http', clientId: '' }).seq).toBe(6);
  });

  test('payloads: utf8 or base64, truncated over the limit', () => {
    const t = new MessageTrace({ maxPayloadBytes: 4 });
    expect(t.record({ kind: 'publish', clientId: 'c', payload: 'héllo' })).toMatchObject({ truncated: true });
    const bin = Buffer.from([0xff, 0x00]);
    expect(encodeTracePayload(bin)).toBe('base64:/wA=');
    expect(decodeTracePayload('base64:/wA=').equals(bin)).toBe(true);
    expect(encodeTracePayload(Buffer.from('base64:looks-encoded'))).toMatch(/^base64:/);
    expect(decodeTracePayload(encodeTracePayload(Buffer.from('base64:x'))).toString()).toBe('base64:x');
  });

  test('waitFor resolves with a kept or a future entry, or times out', async () => {
    const t = new MessageTrace();
    t.record({ kind: 'connect', clientId: 'a' });
    await expect(t.waitFor((e) => e.clientId === 'a')).resolves.toMatchObject({ seq: 1 });
    const later = t.waitFor((e) => e.clientId === 'a', 1000, { since: t.lastSeq });
    setTimeout(() => t.record({ kind: 'disconnect', clientId: 'a' }), 10);
    await expect(later).resolves.toMatchObject({ kind: 'disconnect' });
    await expect(t.waitFor(() => false, 20)).rejects.toBeInstanceOf(TraceTimeoutError);
    await expect(
      t.waitFor(() => {
        throw new Error('bad predicate');
      }, 20),
    ).rejects.toBeInstanceOf(TraceTimeoutError);
    expect(t.listenerCount('entry')).toBe(0);
  });
});

test('topicMatches follows MQTT wildcard rules', () => {
  expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
  expect(topicMatches('a/#', 'a')).toBe(true);
  expect(topicMatches('a/#', 'a/b/c')).toBe(true);
  expect(topicMatches('a/+', 'a/b/c')).toBe(false);
  expect(topicMatches('#', '$SYS/x')).toBe(false);
  expect(topicMatches('$oc/devices/+/sys/#', '$oc/devices/d1/sys/commands/x')).toBe(true);
});
