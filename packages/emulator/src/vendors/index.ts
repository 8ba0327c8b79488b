/**
 * Built-in vendor plugins, by name. Each vendor adds one line here.
 * @packageDocumentation
 */
import type { VendorPlugin } from '../plugin.js';
import { testPlugin } from './test/index.js';
import { tencentPlugin } from './tencent/index.js';
import { huaweiPlugin } from './huawei/index.js';
import { aliyunPlugin } from './aliyun/index.js';

/** Factories of the built-in vendor plugins, keyed by vendor name (`--vendors` / `startEmulator({ vendors })`). */
export const vendorPlugins: Record<string, () => VendorPlugin> = {
  test: () => testPlugin(),
  tencent: () => tencentPlugin(),
  huawei: () => huaweiPlugin(),
  aliyun: () => aliyunPlugin(),
};
