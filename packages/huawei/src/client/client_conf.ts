/**
 * {@link ClientConf}: the device configuration, plus TypeScript-only options.
 * @module
 */
import type { Logger } from '@iot/core';
import { ConnectAuthInfo } from './connect_auth_info.js';
import { MqttConnectConf } from './mqtt_connect_conf.js';

/** Settings that only exist in the TypeScript port (tests, emulator, logging). */
export interface HuaweiClientOptions {
  /** Where the SDK logs (secrets are redacted); silent by default. */
  logger?: Logger;
  /**
   * The TCP port actually dialled instead of `port` (which still picks TCP for 1883 and TLS for 8883). For local
   * brokers and the emulator, whose ports are not 1883/8883. Applies while `port` is 1883 or 8883: an address with
   * another port handed out by the bootstrap server (or cached in `server_info.json`) is dialled as given.
   */
  broker_port?: number;
  /** Random source of the back-off jitter, `Math.random` by default. */
  random?: () => number;
  /** Path of the bootstrap cache `server_info.json`; next to the main script by default. */
  server_info_path?: string;
  /** Bootstrap answer timeout in ms, 10000. */
  bootstrap_timeout_ms?: number;
  /** Reset the back-off counter after a connection stayed up this long (ms), 10000. */
  stable_after_ms?: number;
  /**
   * Also SUBSCRIBE the system downlink topics (`$oc/devices/{id}/sys/commands/#`, `.../messages/down`,
   * `.../properties/set/#`, `.../properties/get/#`, `.../shadow/get/response/#`, `.../events/down`) after each connect. IoTDA delivers system topics without a
   * subscription (the Python SDK never subscribes), a plain broker does not: turn this on for such brokers.
   */
  subscribe_system_topics?: boolean;
  /** TLS: verify the broker certificate against the CA file, true. */
  reject_unauthorized?: boolean;
}

/** The configuration handed to `IotDevice` (Python `ClientConf`). */
export class ClientConf {
  /** Authentication and address settings. */
  connect_auth_info: ConnectAuthInfo;
  /** MQTT settings. */
  mqtt_connect_conf: MqttConnectConf;
  /** TypeScript-only options. */
  options: HuaweiClientOptions;

  /**
   * @param connect_auth_info - authentication and address settings
   * @param mqtt_connect_conf - MQTT settings, a default `MqttConnectConf` when null
   * @param options - TypeScript-only options
   */
  constructor(connect_auth_info: ConnectAuthInfo, mqtt_connect_conf: MqttConnectConf | null = null, options: HuaweiClientOptions = {}) {
    this.connect_auth_info = connect_auth_info;
    this.mqtt_connect_conf = mqtt_connect_conf ?? new MqttConnectConf();
    this.options = options;
  }
}
