/**
 * {@link RuleManageService} (`$device_rule`): the device-side rule engine.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { DeviceClient } from '../client/device_client.js';
import { SUCCESS, type IotResult } from '../client/iot_result.js';
import { Command } from '../client/request/command.js';
import { DeviceEvent } from '../client/request/device_event.js';
import { isDict, type JsonDict } from '../client/request/json_dict.js';
import type { ServiceProperty } from '../client/request/service_property.js';
import { AbstractService } from '../service/abstract_service.js';
import { get_event_time } from '../utils/iot_util.js';
import { Action } from './model/actions.js';
import { ConditionExecute } from './model/condition_execute.js';
import { Condition } from './model/connditions.js';
import { DeviceInfo } from './model/device_info.js';
import { RuleInfo } from './model/rule_info.js';
import { TimeRange } from './model/time_range.js';
import { TimerRuleInstance } from './timer_rule/timer_rule.js';
import { check_time_range } from './util/time_util.js';

function str(v: unknown, dflt = ''): string {
  return typeof v === 'string' ? v : v == null ? dflt : String(v);
}

/** Parses one rule object of `device_rule_config_response`. */
function parseRule(o: JsonDict): RuleInfo {
  const r = new RuleInfo();
  r.rule_id = str(o['ruleId']);
  r.rule_name = str(o['ruleName']);
  r.logic = str(o['logic']);
  r.status = str(o['status']);
  r.rule_version_in_shadow = typeof o['ruleVersionInShadow'] === 'number' ? o['ruleVersionInShadow'] : 0;
  const tr = o['timeRange'];
  if (isDict(tr)) {
    const t = new TimeRange();
    t.start_time = tr['startTime'] == null ? null : str(tr['startTime']);
    t.end_time = tr['endTime'] == null ? null : str(tr['endTime']);
    t.days_of_week = tr['daysOfWeek'] == null ? null : str(tr['daysOfWeek']);
    r.time_range = t;
  }
  for (const c of Array.isArray(o['conditions']) ? (o['conditions'] as unknown[]) : []) {
    if (!isDict(c)) continue;
    const cond = new Condition();
    cond.type = str(c['type']);
    cond.operator = str(c['operator']);
    cond.start_time = str(c['startTime']);
    cond.repeat_interval = Number(c['repeatInterval'] ?? 0);
    cond.repeat_count = Number(c['repeatCount'] ?? 0);
    cond.time = str(c['time']);
    cond.days_of_week = str(c['daysOfWeek']);
    const di = c['deviceInfo'];
    if (isDict(di)) {
      const d = new DeviceInfo();
      d.device_id = str(di['deviceId']);
      d.path = str(di['path']);
      cond.device_info = d;
    }
    cond.value = str(c['value']);
    cond.in_values = Array.isArray(c['inValues']) ? (c['inValues'] as unknown[]).map((x) => str(x)) : [];
    r.conditions.push(cond);
  }
  for (const a of Array.isArray(o['actions']) ? (o['actions'] as unknown[]) : []) {
    if (!isDict(a)) continue;
    const act = new Action();
    act.type = str(a['type']);
    act.status = str(a['status']);
    act.device_id = str(a['deviceId']);
    const cmd = a['command'];
    if (!isDict(cmd)) throw new TypeError(`action of rule ${r.rule_id} has no command`);
    act.command = new Command({ command_name: str(cmd['commandName']), service_id: str(cmd['serviceId']), paras: isDict(cmd['commandBody']) ? cmd['commandBody'] : {}, device_id: act.device_id });
    r.actions.push(act);
  }
  return r;
}

/** Keeps the device's rules (distributed as `$device_rule` property sets) and fires their actions. */
export class RuleManageService extends AbstractService {
  private _rule_id_list: string[] = [];
  private readonly _rule_info = new Map<string, RuleInfo>();
  private readonly _timer_rule_dict = new Map<string, TimerRuleInstance>();
  private readonly _condition_execute = new ConditionExecute();

  /**
   * @param device_client - the device's client
   */
  constructor(private readonly device_client: DeviceClient) {
    super();
  }

  private get enabled(): boolean {
    return this.device_client.enable_rule_manage();
  }

  /**
   * Rule version list pushed by the platform: `{ruleId: {version}}`, version -1 deletes. Asks for the rules with
   * `device_rule_config_request` unless no rule is left.
   * @param properties - the `$device_rule` properties
   * @returns SUCCESS
   */
  override on_write(properties: JsonDict): IotResult {
    if (!this.enabled) return SUCCESS;
    const delIds: string[] = [];
    for (const [ruleId, v] of Object.entries(properties)) {
      const version = isDict(v) ? v['version'] : undefined;
      if (version === -1) {
        this._rule_id_list = this._rule_id_list.filter((x) => x !== ruleId);
        this._rule_info.delete(ruleId);
        this._timer_rule_dict.get(ruleId)?.shutdown_timer();
        this._timer_rule_dict.delete(ruleId);
        delIds.push(ruleId);
      } else if (!this._rule_id_list.includes(ruleId)) this._rule_id_list.push(ruleId);
    }
    if (this._rule_id_list.length === 0) return SUCCESS;
    const ev = new DeviceEvent({ service_id: '$device_rule', event_type: 'device_rule_config_request', event_time: get_event_time(), paras: { ruleIds: [...this._rule_id_list], delIds } });
    this.device_client.report_event(ev);
    return SUCCESS;
  }

  /**
   * `device_rule_config_response`: stores new/updated rules, drops inactive ones (and their timers), starts timers.
   * @param device_event - the event
   */
  override on_event(device_event: DeviceEvent): void {
    const log = this.device_client._get_logger();
    if (!this.enabled) {
      log.warn('rule manage is not enabled');
      return;
    }
    if (device_event.event_type !== 'device_rule_config_response') return;
    const list = isDict(device_event.paras) ? device_event.paras['rulesInfos'] : undefined;
    if (!Array.isArray(list) || list.length === 0) {
      log.warn('rulesInfos is empty');
      return;
    }
    for (const o of list) {
      try {
        if (!isDict(o)) continue;
        const id = str(o['ruleId']);
        if (o['status'] === 'inactive') {
          this._rule_id_list = this._rule_id_list.filter((x) => x !== id);
          this._rule_info.delete(id);
          this._timer_rule_dict.get(id)?.shutdown_timer();
          this._timer_rule_dict.delete(id);
          continue;
        }
        const stored = this._rule_info.get(id);
        const version = typeof o['ruleVersionInShadow'] === 'number' ? o['ruleVersionInShadow'] : 0;
        if (stored && stored.rule_version_in_shadow >= version) continue;
        const rule = parseRule(o);
        this._rule_info.set(id, rule);
        this._submit_timer_rule(rule);
      } catch (e) {
        log.error(`rule skipped: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /**
   * Starts the timer of a rule with DAILY_TIMER/SIMPLE_TIMER conditions (replacing an older one).
   * @param rule_info - the rule
   */
  _submit_timer_rule(rule_info: RuleInfo): void {
    const isTimer = rule_info.conditions.some((c) => c.type === 'DAILY_TIMER' || c.type === 'SIMPLE_TIMER');
    if (!isTimer) return;
    if (rule_info.conditions.length > 1 && rule_info.logic === 'and') {
      this.device_client._get_logger().warn('multy timer rule only support or logic');
      return;
    }
    this._timer_rule_dict.get(rule_info.rule_id)?.shutdown_timer();
    const t = new TimerRuleInstance(this.device_client);
    t.submit_rule(rule_info);
    t.start();
    this._timer_rule_dict.set(rule_info.rule_id, t);
  }

  /**
   * Evaluates every rule against a property report; rules outside their time range are skipped (Python stops at
   * the first one: quirk Q32b fixed).
   * @param services - the reported services
   */
  handle_rule(services: ServiceProperty[]): void {
    const log = this.device_client._get_logger();
    for (const rule of this._rule_info.values()) {
      try {
        if (!check_time_range(rule.time_range)) {
          log.warn(`rule ${rule.rule_id} is outside its time range`);
          continue;
        }
        if (rule.logic === 'or') {
          if (rule.conditions.some((c) => this._condition_execute.is_condition_satisfied(c, services))) this.device_client.on_rule_action_handler(rule.actions);
        } else if (rule.logic === 'and') {
          const all = rule.conditions.map((c) => this._condition_execute.is_condition_satisfied(c, services));
          if (all.length > 0 && all.every(Boolean)) this.device_client.on_rule_action_handler(rule.actions);
        } else log.warn(`unknown rule logic: ${rule.logic}`);
      } catch (e) {
        log.error(`rule ${rule.rule_id} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /**
   * Runs one action as a command with a generated request id (32 hex characters).
   * @param action - the action
   */
  handle_action(action: Action): void {
    if (!action.command) return;
    this.device_client.on_rule_command(randomUUID().replace(/-/g, ''), action.command);
  }

  /** The stored rules by id (TypeScript-only, read-only view of Python's `_rule_info`). */
  get rule_infos(): ReadonlyMap<string, RuleInfo> {
    return this._rule_info;
  }

  /** Stops every rule timer (called by `destroy()`). */
  shutdown(): void {
    for (const t of this._timer_rule_dict.values()) t.shutdown_timer();
    this._timer_rule_dict.clear();
  }
}
