/**
 * The `device_info.json` file (the Python SDK's `DeviceInfoProvider`): read once at construction,
 * rewritten in place by dynamic registration with a plain text replacement (formatting preserved).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { IndexError, KeyError } from '../hub/errors.js';

/** One entry of `subDev.subdev_list`. */
export interface SubdevConfig {
  /** Sub-device product id. */
  sub_productId: string;
  /** Sub-device name. */
  sub_devName: string;
}

/** The parsed device file as JSON. */
export type DeviceInfoJson = Record<string, unknown>;

function need(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || !(key in obj)) throw new KeyError(key);
  return (obj as Record<string, unknown>)[key];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/** The device description and the in-place rewrites of dynamic registration. */
export class DeviceInfoProvider {
  /** `"KEY"` or `"CERT"`. */
  readonly auth_mode: string;
  /** Device name. */
  readonly device_name: string;
  /** Product id. */
  readonly product_id: string;
  /** Product secret (dynamic registration only). */
  readonly product_secret: string;
  /** Region (read, unused). */
  readonly region: unknown;
  /** The parsed JSON. */
  readonly json_data: DeviceInfoJson;
  private _device_secret: string;
  private _ca_file: string;
  private _cert_file: string;
  private _private_key_file: string;

  /**
   * Reads and checks the file.
   * @param file_path - path of the JSON file
   * @throws KeyError when a required key is missing; SyntaxError for invalid JSON; fs errors
   */
  constructor(readonly file_path: string) {
    const data = JSON.parse(readFileSync(file_path, 'utf-8')) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new KeyError('auth_mode');
    this.json_data = data as DeviceInfoJson;
    this.auth_mode = str(need(data, 'auth_mode'));
    this.device_name = str(need(data, 'deviceName'));
    this.product_id = str(need(data, 'productId'));
    this.product_secret = str(need(data, 'productSecret'));
    this._device_secret = str(need(need(data, 'key_deviceinfo'), 'deviceSecret'));
    const cert = need(data, 'cert_deviceinfo');
    this._ca_file = str(need(cert, 'devCaFile'));
    this._cert_file = str(need(cert, 'devCertFile'));
    this._private_key_file = str(need(cert, 'devPrivateKeyFile'));
    this.region = need(data, 'region');
  }

  /** Device secret (Base64 PSK), or the placeholder `YOUR_DEVICE_SECRET`. */
  get device_secret(): string {
    return this._device_secret;
  }
  /** CA file path (CERT mode). */
  get ca_file(): string {
    return this._ca_file;
  }
  /** Client certificate path (CERT mode). */
  get cert_file(): string {
    return this._cert_file;
  }
  /** Client private key path (CERT mode). */
  get private_key_file(): string {
    return this._private_key_file;
  }

  /**
   * The configured sub-devices (`subDev.subdev_list[0 … subdev_num-1]`).
   * @returns the entries
   * @throws KeyError / IndexError like Python for a malformed `subDev`
   */
  subdevList(): SubdevConfig[] {
    const sub = need(this.json_data, 'subDev');
    const num = Number(need(sub, 'subdev_num'));
    const list = need(sub, 'subdev_list');
    const out: SubdevConfig[] = [];
    for (let i = 0; i < num; i++) {
      if (!Array.isArray(list) || i >= list.length) throw new IndexError();
      const e: unknown = list[i];
      out.push({ sub_productId: str(need(e, 'sub_productId')), sub_devName: str(need(e, 'sub_devName')) });
    }
    return out;
  }

  private replaceInFile(oldText: string, newText: string): void {
    const text = readFileSync(this.file_path, 'utf-8');
    writeFileSync(this.file_path, oldText === '' ? text : text.split(oldText).join(newText), 'utf-8');
  }

  /**
   * Replaces every occurrence of the old device secret by `psk` in the file text.
   * @param psk - the new device secret
   */
  update_config_file(psk: string): void {
    this.replaceInFile(this._device_secret, psk);
    this._device_secret = psk;
  }

  /**
   * Replaces every occurrence of the old certificate path.
   * @param cert - new path
   */
  update_cert_config_file(cert: string): void {
    this.replaceInFile(this._cert_file, cert);
    this._cert_file = cert;
  }

  /**
   * Replaces every occurrence of the old private key path.
   * @param privateKey - new path
   */
  update_privateKey_config_file(privateKey: string): void {
    this.replaceInFile(this._private_key_file, privateKey);
    this._private_key_file = privateKey;
  }
}
