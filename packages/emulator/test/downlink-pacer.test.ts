import { DownlinkPacer, EmulatorClosedError } from '../src/mqtt/downlink-pacer.js';

/** Lets the event loop run `turns` times (no wall-clock wait, so a loaded machine cannot cut it short). */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

describe('DownlinkPacer', () => {
  test('bounds unacknowledged QoS 1 deliveries per client and resumes on acks', async () => {
    const pacer = new DownlinkPacer({ maxConcurrent: 4, maxInflightPerClient: 5, stallMs: 10_000 });
    
    let started = 0;
    const jobs = Array.from({ length: 20 }, () =>
      pacer.enqueue((done) => {
        started++;
        if (started <= 10) pacer.sent('dev');
        setImmediate(done);
      }),
    );
    await turns(50);
    expect(started).toBe(5);
    expect(pacer.pending).toBe(15);
    for (let i = 0; i < 5; i++) pacer.acked('dev');
    await turns(50);
    expect(started).toBe(10);
    pacer.forget('dev');
    await Promise.all(jobs);
    expect(started).toBe(20);
    pacer.close();
  });

  test('a stalled client stops blocking after stallMs; close rejects what is queued', async () => {
    const pacer = new DownlinkPacer({ maxConcurrent: 1, maxInflightPerClient: 1, stallMs: 50 });
    const t0 = Date.now();
    await pacer.enqueue((done) => {
      pacer.sent('stuck');
      done();
    });
    await pacer.enqueue((done) => done());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    const never = pacer.enqueue(() => undefined);
    const queued = pacer.enqueue((done) => done());
    pacer.close();
    await expect(queued).rejects.toBeInstanceOf(EmulatorClosedError);
    await expect(pacer.enqueue((done) => done())).rejects.toBeInstanceOf(EmulatorClosedError);
    void never.catch(() => undefined);
  });

  test('a job that throws rejects its own promise only', async () => {
    const pacer = new DownlinkPacer();
    await expect(pacer.enqueue(() => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await expect(pacer.enqueue((done) => done())).resolves.toBeUndefined();
    pacer.close();
  });
});
