/**
 * {@link IotResult} and the shared results SUCCESS, FAIL, TIMEOUT (Python `client/iot_result.py`).
 * @module
 */

/** A result code and description (property-set responses, `AbstractService.on_write`). */
export class IotResult {
  /** 0 = success. */
  result_code: number;
  /** Description. */
  result_desc: string;
  /**
   * @param result_code - code
   * @param result_desc - description
   */
  constructor(result_code: number, result_desc: string) {
    this.result_code = result_code;
    this.result_desc = result_desc;
  }
  /** `{"result_code", "result_desc"}`. */
  to_dict(): { result_code: number; result_desc: string } {
    return { result_code: this.result_code, result_desc: this.result_desc };
  }
}

/** `IotResult(0, "Success")`. */
export const SUCCESS = new IotResult(0, 'Success');
/** `IotResult(1, "Fail")`. */
export const FAIL = new IotResult(1, 'Fail');
/** `IotResult(2, "Timeout")`. */
export const TIMEOUT = new IotResult(2, 'Timeout');
