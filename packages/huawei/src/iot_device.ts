/**
 * {@link IotDevice}: the entry point.
 * @module
 */
import { ClientConf, type HuaweiClientOptions } from './client/client_conf.js';
import { ConnectAuthInfo } from './client/connect_auth_info.js';
import { AbstractDevice } from './service/abstract_device.js';

/**
 * A directly connected device (Python `IotDevice`).
 *
 * ```ts
 * const device = new IotDevice(new ClientConf(connect_auth_info));
 * if ((await device.connect()) !== 0) return;
 * device.get_client().report_device_message(new DeviceMessage({ content: 'Hello Huawei' }));
 * ```
 */
export class IotDevice extends AbstractDevice {
  /**
   * @param client_conf - configuration
   * @throws TypeError / RangeError with the Python ValueError messages
   */
  constructor(client_conf: ClientConf) {
    super(client_conf);
  }

  /**
   * A secret-authenticated device.
   * @param server_uri - broker host
   * @param port - 1883 or 8883
   * @param device_id - device id
   * @param secret - device secret
   * @param iot_cert_file - platform CA file (required for 8883)
   * @param options - TypeScript-only options
   * @returns the device
   */
  static create_by_secret(server_uri: string, port: number, device_id: string, secret: string, iot_cert_file = '', options: HuaweiClientOptions = {}): IotDevice {
    const info = new ConnectAuthInfo();
    info.server_uri = server_uri;
    info.port = port;
    info.id = device_id;
    info.secret = secret;
    info.iot_cert_path = iot_cert_file;
    return new IotDevice(new ClientConf(info, null, options));
  }

  /**
   * An X.509-authenticated device (also sets `auth_type = X509_AUTH`, which Python forgets: quirk Q2 fixed).
   * @param server_uri - broker host
   * @param port - 1883 or 8883
   * @param device_id - device id
   * @param cert_path - client certificate PEM
   * @param key_path - client key PEM
   * @param iot_cert_file - platform CA file
   * @param options - TypeScript-only options
   * @returns the device
   */
  static create_by_certificate(server_uri: string, port: number, device_id: string, cert_path: string, key_path: string, iot_cert_file: string, options: HuaweiClientOptions = {}): IotDevice {
    const info = new ConnectAuthInfo();
    info.server_uri = server_uri;
    info.port = port;
    info.id = device_id;
    info.auth_type = ConnectAuthInfo.X509_AUTH;
    info.cert_path = cert_path;
    info.key_path = key_path;
    info.iot_cert_path = iot_cert_file;
    return new IotDevice(new ClientConf(info, null, options));
  }
}
