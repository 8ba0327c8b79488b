import { BufferOverflowError, MemoryOfflineStore, OfflineBuffer, messageBytes, type BufferedMessage } from '../../src/session/offline-buffer.js';

describe('MemoryOfflineStore', () => {
  it('is a FIFO with count and byte accounting', () => {
    const s = new MemoryOfflineStore();
    for (let i = 1; i <= 3000; i++) s.append({ seq: i, topic: 't', payload: Buffer.alloc(i % 7), qos: 1, retain: false, enqueuedAt: 0 });
    expect(s.count).toBe(3000);
    let bytes = 0;
    for (let i = 1; i <= 3000; i++) bytes += 1 + (i % 7);
    expect(s.bytes).toBe(bytes);
    for (let i = 1; i <= 2999; i++) expect(s.shift()!.seq).toBe(i);
    expect(s.peek()!.seq).toBe(3000);
    expect(s.count).toBe(1);
    expect(s.bytes).toBe(1 + (3000 % 7));
    s.shift();
    expect(s.shift()).toBeUndefined();
    expect(s.bytes).toBe(0);
    s.append({ seq: 1, topic: 't', payload: Buffer.alloc(1), qos: 0, retain: false, enqueuedAt: 0 });
    s.clear();
    expect(s.count).toBe(0);
  });
});

describe('OfflineBuffer', () => {
  it('drops the oldest message when maxMessages is reached, one event per drop', () => {
    const drops: Array<[number, string]> = [];
    const b = new OfflineBuffer(new MemoryOfflineStore(), { maxMessages: 3, maxBytes: 1e6 }, (m, r) => drops.push([m.seq, r]));
    for (let i = 0; i < 5; i++) b.push(`t/${i}`, Buffer.from(String(i)), 1, false);
    expect(drops).toEqual([
      [1, 'maxMessages'],
      [2, 'maxMessages'],
    ]);
    const left: BufferedMessage[] = [];
    for (let m = b.shift(); m; m = b.shift()) left.push(m);
    expect(left.map((m) => m.topic)).toEqual(['t/2', 't/3', 't/4']);
    expect(left.map((m) => m.seq)).toEqual([3, 4, 5]);
  });

  it('drops as many old messages as needed to respect maxBytes', () => {
    const drops: Array<[number, string]> = [];
    const b = new OfflineBuffer(new MemoryOfflineStore(), { maxMessages: 100, maxBytes: 30 }, (m, r) => drops.push([m.seq, r]));
    b.push('a', Buffer.alloc(9), 0, false); // 10
    b.push('b', Buffer.alloc(9), 0, false); // 20
    b.push('c', Buffer.alloc(4), 0, false); // 25
    expect(drops).toEqual([]);
    b.push('d', Buffer.alloc(19), 0, false); // 20: needs to drop a and b
    expect(drops).toEqual([
      [1, 'maxBytes'],
      [2, 'maxBytes'],
    ]);
    expect(b.bytes).toBe(25);
    expect(b.count).toBe(2);
    expect(messageBytes({ topic: 'ü', payload: Buffer.alloc(1) })).toBe(3);
  });

  it('rejects a message that can never fit, and everything when disabled', () => {
    const b = new OfflineBuffer(new MemoryOfflineStore(), { maxMessages: 10, maxBytes: 10 });
    expect(() => b.push('topic', Buffer.alloc(6), 0, false)).toThrow(BufferOverflowError);
    const off = new OfflineBuffer(new MemoryOfflineStore(), { maxMessages: 0, maxBytes: 10 });
    expect(() => off.push('t', Buffer.alloc(1), 0, false)).toThrow(BufferOverflowError);
    expect(b.count + off.count).toBe(0);
  });

  it('reports a failing asynchronous store append', async () => {
    const errors: Error[] = [];
    const store = new MemoryOfflineStore();
    const failing = Object.assign(Object.create(store) as MemoryOfflineStore, {
      append: (m: BufferedMessage) => {
        store.append(m);
        return Promise.reject(new Error('disk full'));
      },
    });
    const b = new OfflineBuffer(failing, { maxMessages: 10, maxBytes: 100 }, undefined, (e) => errors.push(e));
    b.push('t', Buffer.alloc(1), 1, false);
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => e.message)).toEqual(['disk full']);
  });
});
