/**
 * The air conditioner of the device-interconnection scenario (vendor sample `scenarized/example_aircond.py`):
 * listens on its `control` topic, where the rule engine forwards the door's events, and switches on
 * `come_home` / `leave_home`, simulating the room temperature. The door publishes a JSON *string*, so the
 * payload is decoded a second time, as in the vendor sample.
 * @module
 */
import type { QcloudHubProvider } from '@iot/tencent';
import type { SampleLogger } from '../common/callbacks.js';

/** The air conditioner's state. */
export class AirConditioner {
  /** On or off. */
  on = false;
  /** Simulated room temperature. */
  temperature = 30;
  /** Actions received. */
  readonly actions: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** @param qcloud - the air conditioner's client @param logger - sample logger */
  constructor(
    private readonly qcloud: QcloudHubProvider,
    private readonly logger: SampleLogger,
  ) {}

  /** Subscribes the control topic and routes it. */
  start(): void {
    const topic = `${this.qcloud.getProductID()}/${this.qcloud.getDeviceName()}/control`;
    this.qcloud.registerUserCallback(topic, (t, qos, payload) => {
      const msg = (typeof payload === 'string' ? JSON.parse(payload) : payload) as { action?: string; targetDevice?: string };
      this.logger.debug('aircond got %s', JSON.stringify(msg));
      if (msg.action === 'come_home') this.switch(true);
      else if (msg.action === 'leave_home') this.switch(false);
      if (msg.action) this.actions.push(msg.action);
    });
    this.qcloud.subscribe(topic, 1);
  }

  private switch(on: boolean): void {
    this.on = on;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.temperature += this.on ? -1 : 1;
      this.temperature = Math.max(16, Math.min(30, this.temperature));
      this.logger.debug('room temperature %d (air conditioner %s)', this.temperature, this.on ? 'on' : 'off');
    }, 100);
    this.timer.unref();
  }

  /** Stops the simulation. */
  stop(): void {
    clearInterval(this.timer);
  }
}
