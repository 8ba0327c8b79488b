import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileOfflineStore } from '../../src/session/file-offline-store.js';
import { MqttSession } from '../../src/session/mqtt-session.js';
import type { BufferedMessage } from '../../src/session/offline-buffer.js';
import { buildForChild } from './child-build.js';
import { observer, startBroker, uid, until, type TestBroker } from './harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'iot-fstore-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const msg = (seq: number, payload = `p${seq}`, qos: 0 | 1 | 2 = 1): BufferedMessage => ({
  seq,
  topic: `t/${seq % 3}`,
  payload: Buffer.from(payload),
  qos,
  retain: seq % 2 === 0,
  enqueuedAt: 1_700_000_000_000 + seq,
});

function drain(s: FileOfflineStore): BufferedMessage[] {
  const out: BufferedMessage[] = [];
  for (let m = s.shift(); m; m = s.shift()) out.push(m);
  return out;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('FileOfflineStore', () => {
  it('keeps messages and removals across reopen, in order, with exact fields', async () => {
    const file = path.join(dir, 'sub', 'buf.log');
    const a = new FileOfflineStore(file);
    await a.load();
    for (let i = 1; i <= 10; i++) a.append(msg(i));
    expect(a.shift()).toEqual(msg(1));
    a.shift();
    await tick();
    expect(a.count).toBe(8);
    a.close();

    const b = new FileOfflineStore(file);
    await b.load();
    expect(b.count).toBe(8);
    expect(b.lastSeq).toBe(10);
    expect(b.bytes).toBe(8 * (3 + 2) + 1);
    expect(b.peek()).toEqual(msg(3));
    b.append(msg(11, 'ü'.repeat(3)));
    const all = drain(b);
    expect(all.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(all[8]).toEqual(msg(11, 'ü'.repeat(3)));
    await tick();
    b.close();
    const c = new FileOfflineStore(file);
    expect(c.count).toBe(0);
    expect(c.lastSeq).toBe(0);
    c.close();
  });

  it('ignores and cuts off a torn tail record and stops at a corrupt record', async () => {
    const file = path.join(dir, 'buf.log');
    const a = new FileOfflineStore(file, { fsync: 'always' });
    for (let i = 1; i <= 5; i++) a.append(msg(i, 'x'.repeat(20)));
    a.close();
    const good = statSync(file).size;
    // a crash in the middle of writing a sixth record: header says 60 bytes, only 7 arrived
    const torn = Buffer.alloc(15);
    torn.writeUInt32LE(60, 0);
    appendFileSync(file, torn);
    const b = new FileOfflineStore(file);
    expect(b.count).toBe(5);
    expect(b.discardedBytes).toBe(15);
    expect(statSync(file).size).toBe(good);
    b.append(msg(6));
    b.close();
    const c = new FileOfflineStore(file);
    expect(drain(c).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    c.close();

    // flip one payload byte of the third record: its CRC fails, the log is trusted up to there
    const d0 = new FileOfflineStore(file);
    for (let i = 1; i <= 5; i++) d0.append(msg(i, 'y'.repeat(20)));
    d0.close();
    const bytes = readFileSync(file);
    const recLen = bytes.length / 5;
    bytes[2 * recLen + recLen - 1] ^= 0xff;
    writeFileSync(file, bytes);
    const d = new FileOfflineStore(file);
    expect(drain(d).map((m) => m.seq)).toEqual([1, 2]);
    expect(d.discardedBytes).toBe(3 * recLen);
    d.close();
  });

  it('loads random garbage without throwing (fuzz)', () => {
    const file = path.join(dir, 'fuzz.log');
    for (let round = 0; round < 200; round++) {
      const junk = Buffer.alloc(Math.floor(Math.random() * 300));
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(Math.random() * 256);
      if (round % 2 === 0 && junk.length > 8) junk.writeUInt32LE(Math.floor(Math.random() * 40), 0);
      writeFileSync(file, junk);
      const s = new FileOfflineStore(file, { fsync: 'never' });
      expect(s.count).toBeGreaterThanOrEqual(0);
      s.append(msg(1));
      s.close();
      const again = new FileOfflineStore(file, { fsync: 'never' });
      expect(again.count).toBeGreaterThanOrEqual(1);
      again.close();
    }
  });

  it('compacts by atomic rename once consumed records dominate', async () => {
    const file = path.join(dir, 'compact.log');
    const s = new FileOfflineStore(file, { compactAfterBytes: 4096 });
    for (let i = 1; i <= 200; i++) s.append(msg(i, 'z'.repeat(100)));
    const full = statSync(file).size;
    for (let i = 0; i < 150; i++) s.shift();
    await tick();
    const after = statSync(file).size;
    expect(after).toBeLessThan(full / 2);
    expect(s.count).toBe(50);
    s.close();
    const r = new FileOfflineStore(file);
    expect(drain(r).map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 151 + i));
    await tick();
    r.close();
    expect(statSync(file).size).toBe(0);
  });

  it('survives a SIGKILL of the writing process', async () => {
    const build = buildForChild();
    const file = path.join(dir, 'crash.log');
    try {
      const script = `
        import { FileOfflineStore } from ${JSON.stringify(path.join(build.dir, 'session/file-offline-store.js'))};
        const s = new FileOfflineStore(${JSON.stringify(file)});
        let seq = 0;
        const mk = () => { seq++; return { seq, topic: 'crash/' + seq, payload: Buffer.alloc(64 + (seq % 50), seq % 256), qos: 1, retain: false, enqueuedAt: Date.now() }; };
        for (let i = 0; i < 500; i++) s.append(mk());
        for (let i = 0; i < 100; i++) s.shift();
        await new Promise((r) => setImmediate(r));
        process.stdout.write('ready\\n');
        for (;;) { s.append(mk()); if (seq % 50 === 0) await new Promise((r) => setImmediate(r)); }
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, 30));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const s = new FileOfflineStore(file);
      await s.load();
      const all = drain(s);
      expect(all.length).toBeGreaterThanOrEqual(400);
      expect(all[0]!.seq).toBe(101);
      all.forEach((m, i) => {
        expect(m.seq).toBe(101 + i);
        expect(m.topic).toBe(`crash/${m.seq}`);
        expect(m.payload).toEqual(Buffer.alloc(64 + (m.seq % 50), m.seq % 256));
      });
      s.close();
    } finally {
      build.cleanup();
    }
  });
});

describe('MqttSession with a FileOfflineStore', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startBroker('mosquitto');
  });
  afterAll(async () => {
    await broker.close();
  });

  it('delivers what a crashed process buffered offline, in order, after a restart', async () => {
    const build = buildForChild();
    const file = path.join(dir, 'session.log');
    const t = uid('persist');
    try {
      const script = `
        import { MqttSession } from ${JSON.stringify(path.join(build.dir, 'session/mqtt-session.js'))};
        import { FileOfflineStore } from ${JSON.stringify(path.join(build.dir, 'session/file-offline-store.js'))};
        const s = new MqttSession({ url: 'mqtt://127.0.0.1:1', credentials: { clientId: 'crashy' },
          offlineBuffer: { store: new FileOfflineStore(${JSON.stringify(file)}) } });
        for (let i = 0; i < 25; i++) s.publish(${JSON.stringify(t)} + '/m', 'msg-' + i, { qos: i % 2 });
        process.stdout.write('ready\\n');
        setInterval(() => {}, 1000);
      `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;

      const o = await observer(broker.url);
      await o.subscribeAsync(`${t}/#`, { qos: 1 });
      const s = new MqttSession({ url: broker.url, credentials: { clientId: uid('p') }, offlineBuffer: { store: new FileOfflineStore(file) } });
      try {
        const replayed: number[] = [];
        s.on('bufferReplay', (n) => replayed.push(n));
        // a publish made before connect() goes behind the persisted ones
        s.publish(`${t}/m`, 'new', { qos: 1 });
        await s.connect();
        await until(() => o.received.length === 26, 5000, 'replayed messages');
        expect(o.received.map((m) => m.payload)).toEqual([...Array.from({ length: 25 }, (_, i) => `msg-${i}`), 'new']);
        expect(replayed).toEqual([26]);
      } finally {
        await s.destroy();
        await o.endAsync(true);
      }
      const after = new FileOfflineStore(file);
      expect(after.count).toBe(0);
      after.close();
    } finally {
      build.cleanup();
    }
  });
});
