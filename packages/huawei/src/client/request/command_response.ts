/**
 * {@link CommandRsp}: a command response.
 * @module
 */
import { assignKeys, type JsonDict } from './json_dict.js';

/** The answer to a command (`commands/response/request_id=...`). */
export class CommandRsp {
  /** 0 = success. */
  result_code = 0;
  /** Response name. */
  response_name = '';
  /** Response parameters. */
  paras: JsonDict = {};

  /**
   * @param init - field values (TypeScript convenience)
   */
  constructor(init: Partial<Pick<CommandRsp, 'result_code' | 'response_name' | 'paras'>> = {}) {
    Object.assign(this, init);
  }

  /** Success code, 0. */
  static success_code(): number {
    return 0;
  }
  /** Failure code, -1. */
  static fail_code(): number {
    return -1;
  }

  /** `{"result_code", "response_name", "paras"}`. */
  to_dict(): JsonDict {
    return { result_code: this.result_code, response_name: this.response_name, paras: this.paras };
  }

  /**
   * Reads `result_code`, `response_name`, `paras`.
   * @param json_dict - parsed JSON
   */
  convert_from_dict(json_dict: JsonDict): void {
    assignKeys(this, json_dict, ['result_code', 'response_name', 'paras']);
  }
}
