/**
 * {@link UrlInfo}.
 * @module
 */
import { assignKeys, type JsonDict } from '../client/request/json_dict.js';

/** An OBS upload/download URL given by the platform. */
export class UrlInfo {
  /** URL. */
  url = '';
  /** Bucket. */
  bucket_name = '';
  /** Object name. */
  object_name = '';
  /** Lifetime in seconds. */
  expire = 0;
  /** File attributes. */
  file_attributes: JsonDict = {};
  /** `{"url", "bucket_name", "object_name", "expire", "file_attributes"}`. */
  to_dict(): JsonDict {
    return { url: this.url, bucket_name: this.bucket_name, object_name: this.object_name, expire: this.expire, file_attributes: this.file_attributes };
  }
  /**
   * Reads the five keys (Python skips `file_attributes`: quirk Q22 fixed).
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['url', 'bucket_name', 'object_name', 'expire', 'file_attributes']);
  }
}
