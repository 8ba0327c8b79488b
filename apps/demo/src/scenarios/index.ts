import { aliyunScenario } from './aliyun-linkkit.js';
import { coreSessionScenario } from './core-session.js';
import { huaweiScenario } from './huawei-smoke-detector.js';
import type { DemoScenario } from './scenario.js';
import { tencentScenario } from './tencent-hub.js';

/** Every scenario the demo runs, in order: the bare core session first, then one device per vendor SDK. */
export const scenarios: readonly DemoScenario[] = [coreSessionScenario, aliyunScenario, huaweiScenario, tencentScenario];
