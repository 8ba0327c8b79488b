/**
 * {@link ConnectAuthInfo}: connection and authentication settings.
 * @module
 */

/** Device id, credentials, broker address, bootstrap and reconnect settings (Python `ConnectAuthInfo`). */
export class ConnectAuthInfo {
  /** Secret (HMAC password) authentication. */
  static readonly SECRET_AUTH = 0;
  /** X.509 client certificate authentication. */
  static readonly X509_AUTH = 1;
  /** The only supported protocol. */
  static readonly PROTOCOL_MQTT = 'MQTT';
  /** Connect to IoTDA directly. */
  static readonly BS_MODE_DIRECT_CONNECT = 0;
  /** Standard bootstrap (static or certificate strategy). */
  static readonly BS_MODE_STANDARD_BOOTSTRAP = 1;
  /** Bootstrap through a registration group (needs `scope_id`). */
  static readonly BS_MODE_BOOTSTRAP_WITH_SCOPEID = 2;

  /** Device id (also the MQTT username). Required. */
  id: string | null = null;
  /** 0 = secret, 1 = X.509. */
  auth_type: number = ConnectAuthInfo.SECRET_AUTH;
  /** Device secret; in registration-group secret mode the base64 group secret. */
  secret: string | null = null;
  /** Client certificate PEM path (X.509). */
  cert_path: string | null = null;
  /** Client private key PEM path (X.509). */
  key_path: string | null = null;
  /** CA file of the IoTDA broker (required for port 8883). */
  iot_cert_path: string | null = null;
  /** Registration-group scope id (bootstrap mode 2). */
  scope_id: string | null = null;
  /** Broker host (no scheme, no port). */
  server_uri: string | null = null;
  /** 1883 (TCP) or 8883 (TLS). */
  port: number | null = null;
  /** Only "MQTT". */
  protocol: string = ConnectAuthInfo.PROTOCOL_MQTT;
  /** Bootstrap mode 0/1/2; set to 0 by `DeviceClient.connect()`. */
  bs_mode: number = ConnectAuthInfo.BS_MODE_DIRECT_CONNECT;
  /** CA file of the bootstrap server. */
  bs_cert_path: string | null = null;
  /** Payload of `bootstrap/up`, verbatim (null = empty). */
  bs_message: string | null = null;
  /** "1": the platform checks the client-id timestamp; "0": it does not. */
  check_timestamp = '1';
  /** Retry failed connects and reconnect after a loss. */
  reconnect_on_failure = true;
  /** Back-off base in ms. */
  min_backoff = 1000;
  /** Back-off cap in ms. */
  max_backoff = 30000;
  /** Enable the device-side rule engine (read once when the device is built). */
  enable_rule_manage = false;
  /** Offline buffer size (0 = no buffering; read once when the device is built). */
  max_buffer_message = 0;
  /** Most QoS 1 messages in flight. */
  inflight_messages = 20;
  /** Report `$sdk_info` once after the first successful connect. */
  auto_report_device_info = false;
}
