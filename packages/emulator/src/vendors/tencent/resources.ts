/**
 * Resource upload tasks (device → cloud files) of the emulated IoT Hub (spec 3.15): the device
 * announces a file on `$resource/up/service/...`, gets an upload URL on the emulator's HTTP server,
 * PUTs the file (MD5 checked) and reports progress.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { JsonObject } from './shadow.js';

/** One upload task. */
export interface ResourceTask {
  /** Resource name (file name without extension). */
  name: string;
  /** Announced size in bytes. */
  size: number;
  /** Announced hex MD5. */
  md5sum: string;
  /** Upload URL handed to the device. */
  url: string;
  /** `created` → `uploaded` (file received) / `uploading` / `done` (device reports) / `fail`. */
  state: 'created' | 'uploaded' | 'uploading' | 'done' | 'fail';
  /** Last reported percent. */
  percent: number;
  /** True once the file was received and checked. */
  uploaded: boolean;
  /** Name in the emulator's file store once uploaded. */
  file: string | undefined;
  /** Secret of the upload URL. */
  token: string;
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Per-device resource tasks. */
export class ResourceService {
  private readonly tasks = new Map<string, Map<string, ResourceTask>>();

  /** @returns the tasks of a device, oldest first */
  list(key: string): ResourceTask[] {
    return [...(this.tasks.get(key)?.values() ?? [])];
  }

  /** Drops the tasks of a device (its record was deleted). @returns the file-store names of its uploaded files */
  forget(key: string): string[] {
    const files = this.list(key).flatMap((t) => (t.file !== undefined ? [t.file] : []));
    this.tasks.delete(key);
    return files;
  }

  /** @returns one task */
  get(key: string, name: string): ResourceTask | undefined {
    return this.tasks.get(key)?.get(name);
  }

  /**
   * Handles one uplink on `$resource/up/service/...`.
   * @param uploadUrl - builds the upload URL of a new task
   * @returns the reply for `$resource/down/service/...`
   * @throws TypeError for a message that is not an object with a type (caller traces it)
   */
  handle(key: string, msg: unknown, uploadUrl: (name: string, token: string) => string): JsonObject {
    if (!isObject(msg) || typeof msg['type'] !== 'string') throw new TypeError('resource message is not an object with a type');
    const name = msg['name'];
    if (msg['type'] === 'create_upload_task') {
      const { size, md5sum } = msg;
      if (typeof name !== 'string' || !/^[\w.-]{1,128}$/.test(name) || typeof size !== 'number' || !Number.isInteger(size) || size <= 0 || typeof md5sum !== 'string' || !/^[0-9a-fA-F]{32}$/.test(md5sum)) {
        return { name: typeof name === 'string' ? name : '', result_code: -1, result_msg: 'invalid param', type: 'create_upload_task_rsp' };
      }
      const token = randomBytes(12).toString('hex');
      const task: ResourceTask = { name, size, md5sum: md5sum.toLowerCase(), url: uploadUrl(name, token), state: 'created', percent: 0, uploaded: false, file: undefined, token };
      let m = this.tasks.get(key);
      if (!m) this.tasks.set(key, (m = new Map()));
      m.set(name, task);
      return { md5sum: task.md5sum, name, result_code: 0, result_msg: 'success', size, type: 'create_upload_task_rsp', url: task.url };
    }
    if (msg['type'] === 'report_upload_progress') {
      const reply = (code: number, text: string): JsonObject => ({ name: typeof name === 'string' ? name : '', result_code: code, result_msg: text, type: 'report_upload_progress_rsp' });
      const task = typeof name === 'string' ? this.get(key, name) : undefined;
      if (!task) return reply(-1, 'task not found');
      const progress = msg['progress'];
      if (!isObject(progress) || typeof progress['state'] !== 'string') return reply(-1, 'invalid param');
      const state = progress['state'];
      if (state === 'done' && !task.uploaded) return reply(-1, 'file not uploaded');
      if (state === 'uploading' || state === 'done' || state === 'fail') task.state = state;
      if (typeof progress['percent'] === 'number') task.percent = progress['percent'];
      return reply(0, 'ok');
    }
    return { result_code: -1, result_msg: 'unknown type', type: `${msg['type']}_rsp` };
  }

  /** Marks a task's file as received. */
  uploaded(task: ResourceTask, file: string): void {
    task.uploaded = true;
    task.file = file;
    if (task.state === 'created') task.state = 'uploaded';
  }
}
