import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Metadata of a stored file. */
export interface FileInfo {
  /** Name under /files/. */
  name: string;
  /** Size in bytes. */
  size: number;
  /** Hex MD5 of the content (what Aliyun/Huawei/Tencent OTA manifests carry). */
  md5: string;
  /** Hex SHA-256 of the content. */
  sha256: string;
  /** Strong HTTP entity tag (quoted). */
  etag: string;
  /** Last modification time. */
  mtime: Date;
}

/** A stored file with its content. */
export interface StoredFile extends FileInfo {
  /** Content bytes. */
  data: Buffer;
}

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  /** Directory backing the store; in memory when omitted. Existing files in it are served. */
  dir?: string;
}

/** Raised for an invalid file name (path traversal, empty, control characters). */
export class FileNameError extends Error {
  /** @param name - the rejected file name */
  constructor(name: string) {
    super(`invalid file name ${JSON.stringify(name)}: use letters, digits, '.', '_', '-', '/' (no '..' segments)`);
    this.name = 'FileNameError';
  }
}

const NAME_RE = /^[\w.-][\w./-]*$/;

/**
 * Checks a file name: relative, no `..` or empty segments, a safe character set.
 * @throws FileNameError when invalid
 */
export function checkFileName(name: string): string {
  if (!NAME_RE.test(name) || name.length > 255 || name.split('/').some((s) => s === '' || s === '.' || s === '..')) throw new FileNameError(name);
  return name;
}

function describe(name: string, data: Buffer, mtime: Date): StoredFile {
  const md5 = createHash('md5').update(data).digest('hex');
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { name, size: data.length, md5, sha256, etag: `"${sha256.slice(0, 32)}"`, mtime, data };
}

/**
 * Files served by the emulator under `/files/<name>` (firmware images, upload targets),
 * kept in memory or in a directory. Plugins read digests from here to build OTA manifests.
 */
export class FileStore {
  private readonly mem = new Map<string, StoredFile>();
  private readonly dir: string | undefined;
  private readonly cache = new Map<string, StoredFile>();
  private base = '';

  /** @param opts - optional backing directory */
  constructor(opts: FileStoreOptions = {}) {
    this.dir = opts.dir ? path.resolve(opts.dir) : undefined;
    if (this.dir) mkdirSync(this.dir, { recursive: true });
  }

  /** Sets the HTTP base URL used by {@link FileStore.url} (done by the emulator). */
  setBaseUrl(httpUrl: string): void {
    this.base = httpUrl.replace(/\/+$/, '');
  }

  /**
   * @returns the download URL of a file, e.g. `http://127.0.0.1:8080/files/fw.bin`
   */
  url(name: string): string {
    checkFileName(name);
    return `${this.base}/files/${name.split('/').map(encodeURIComponent).join('/')}`;
  }

  /**
   * Stores (or replaces) a file.
   * @returns its metadata (size, md5, sha256)
   * @throws FileNameError for an invalid name
   */
  put(name: string, data: Buffer | Uint8Array | string): FileInfo {
    checkFileName(name);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
    const stored = describe(name, bytes, new Date());
    if (this.dir) {
      const file = path.join(this.dir, name);
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, bytes);
      renameSync(tmp, file);
      this.cache.set(name, { ...stored, mtime: statSync(file).mtime });
    } else {
      this.mem.set(name, stored);
    }
    return info(stored);
  }

  /**
   * @returns the file with content and digests, or undefined when absent (or the name is invalid)
   */
  get(name: string): StoredFile | undefined {
    try {
      checkFileName(name);
    } catch {
      return undefined;
    }
    if (!this.dir) return this.mem.get(name);
    const file = path.join(this.dir, name);
    if (!existsSync(file)) return undefined;
    const st = statSync(file);
    if (!st.isFile()) return undefined;
    const hit = this.cache.get(name);
    if (hit && hit.size === st.size && hit.mtime.getTime() === st.mtime.getTime()) return hit;
    const stored = describe(name, readFileSync(file), st.mtime);
    this.cache.set(name, stored);
    return stored;
  }

  /** @returns the metadata of a file (no content), or undefined when absent */
  info(name: string): FileInfo | undefined {
    const f = this.get(name);
    return f ? info(f) : undefined;
  }

  /** @returns true when the file exists */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Removes a file. @returns true when it existed */
  delete(name: string): boolean {
    if (!this.has(name)) return false;
    this.cache.delete(name);
    if (this.dir) rmSync(path.join(this.dir, name), { force: true });
    else this.mem.delete(name);
    return true;
  }

  /** @returns metadata of every stored file, sorted by name */
  list(): FileInfo[] {
    if (!this.dir) return [...this.mem.values()].map(info).sort((a, b) => a.name.localeCompare(b.name));
    const names: string[] = [];
    const walk = (rel: string): void => {
      for (const d of readdirSync(path.join(this.dir as string, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${d.name}` : d.name;
        if (d.isDirectory()) walk(r);
        else if (d.isFile() && !d.name.endsWith('.tmp')) names.push(r);
      }
    };
    walk('');
    return names
      .map((n) => this.info(n))
      .filter((i): i is FileInfo => i !== undefined)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}

function info(f: StoredFile): FileInfo {
  return { name: f.name, size: f.size, md5: f.md5, sha256: f.sha256, etag: f.etag, mtime: f.mtime };
}
