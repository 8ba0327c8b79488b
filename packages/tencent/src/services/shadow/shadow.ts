/**
 * Device shadow handler of one (productId, deviceName): subscribe, get, update, and the JSON construct helpers
 * with the `{productId}-{n}` clientToken counter (the Python `Shadow` class).
 * @module
 */
import { TopicProvider } from '../../utils/topics.js';
import { pyJsonDumps } from '@iot/core';
import { assertParam, type FeatureCallback, type ServiceContext } from '../context.js';
import type { device_property } from '../../hub/types.js';

/** Shadow handler. */
export class Shadow {
  /** Topics of the shadow's device. */
  readonly topic: TopicProvider;
  private tokenNum = 0;
  private callback: FeatureCallback | undefined;

  /**
   * @param ctx - hub services
   * @param productId - product id
   * @param deviceName - device name
   */
  constructor(
    private readonly ctx: ServiceContext,
    productId: string,
    deviceName: string,
  ) {
    this.topic = new TopicProvider(productId, deviceName);
  }

  /** Routes a message on the result topic to the callback. */
  handle_shadow(topic: string, qos: number, payload: unknown, userdata: unknown): void {
    if (topic === this.topic.shadow_topic_sub && this.callback) this.callback(topic, qos, payload, userdata);
    else this.ctx.logger.error('no callback for topic %s', topic);
  }

  /** Subscribes the result topic at QoS 0. */
  shadow_init(cb: FeatureCallback): [number, number | null] {
    this.callback = cb;
    return this.ctx.protocol.subscribe(this.topic.shadow_topic_sub, 0);
  }

  private nextToken(productId: string): string {
    return `${productId}-${this.tokenNum++}`;
  }

  /** Publishes `{"type": "get", "clientToken": …}`. */
  get_shadow(productId: string): [number, number] {
    assertParam(productId);
    const message = { type: 'get', clientToken: this.nextToken(productId) };
    return this.ctx.protocol.publish(this.topic.shadow_topic_pub, pyJsonDumps(message), 0);
  }

  /** @returns the reset-desired document */
  shadow_json_construct_desire_null(productId: string): Record<string, unknown> {
    assertParam(productId);
    return { type: 'update', state: { desired: null }, clientToken: this.nextToken(productId) };
  }

  /** Publishes any document. */
  shadow_update(docs: unknown): [number, number] {
    assertParam(docs);
    return this.ctx.protocol.publish(this.topic.shadow_topic_pub, pyJsonDumps(docs), 0);
  }

  /**
   * Builds the report document from text exactly like the vendor (ints/floats truncated, strings inserted raw),
   * then parses it.
   * @throws SyntaxError when the text is not JSON (unsupported type not last, quotes in strings)
   */
  shadow_json_construct_report(productId: string, args: device_property[]): Record<string, unknown> {
    assertParam(productId);
    let text = '{"type": "update", "state": {"reported": {';
    args.forEach((arg, i) => {
      if (arg.type === 'int' || arg.type === 'float') {
        const n = typeof arg.data === 'number' ? arg.data : Number(arg.data);
        if (typeof arg.data !== 'number' || Number.isNaN(n)) throw new TypeError(`%d format: a real number is required, not ${typeof arg.data === 'string' ? 'str' : typeof arg.data}`);
        text += `"${arg.key}":${Math.trunc(n)}`;
      } else if (arg.type === 'string') {
        text += `"${arg.key}":"${String(arg.data)}"`;
      } else {
        this.ctx.logger.error('type not support');
        arg.data = ' ';
      }
      if (i + 1 < args.length) text += ',';
    });
    text += `}}, "clientToken": "${this.nextToken(productId)}"}`;
    return JSON.parse(text) as Record<string, unknown>;
  }
}
