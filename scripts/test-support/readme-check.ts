// Reads the migration tables of a vendor package README, so the package's tests can check that every name of the
// vendor SDK is documented there and that the "sync"/"Promise" column agrees with the code. Shared by the tests of
// @iot/aliyun, @iot/huawei and @iot/tencent (each reads its own README and passes the text in).

/** One line of a README section: its table cells (one cell for a prose line) and the nearest heading above it. */
export interface ReadmeRow {
  /** Cells of a table row, or the whole line as a single cell. */
  cells: string[];
  /** The nearest heading line above the row. */
  heading: string;
  /** 1-based line number in the README. */
  line: number;
}

/** One name the README must document. */
export interface RequiredName {
  /** Class (or module) the member belongs to; it must be named in the row's first cell or in the row's heading. */
  owner?: string;
  /** The Python name. */
  member: string;
  /** true: the TS column must say Promise; false: it must not; undefined: not checked (callbacks, classes). */
  async?: boolean;
}


/** Identifiers inside the backtick code spans of `text`. */
export function codeIdentifiers(text: string): Set<string> {
  const out = new Set<string>();
  for (const span of text.match(/`[^`]*`/g) ?? []) for (const id of span.match(/[A-Za-z_$][\w$]*/g) ?? []) out.add(id);
  return out;
}

function allIdentifiers(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? []);
}

function splitRow(line: string): string[] {
  const masked = line.trim().replace(/\\\|/g, '\uE000');
  const inner = masked.slice(1, masked.endsWith('|') ? -1 : undefined);
  return inner.split('|').map((c) => c.replace(/\uE000/g, '|').trim());
}

/**
 * The rows under the first heading whose text starts with `heading`, up to the next heading of the same or a
 * higher level (sub-headings are included and become the rows' `heading`).
 */
export function readmeSection(readme: string, heading: string): ReadmeRow[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '').startsWith(heading));
  if (start < 0) throw new Error(`README has no heading starting with "${heading}"`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const rows: ReadmeRow[] = [];
  let current = lines[start]!;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!;
    const h = /^(#+) /.exec(l);
    if (h) {
      if (h[1]!.length <= level) break;
      current = l;
      continue;
    }
    if (l.trim() === '' || /^\|[\s|:-]+\|$/.test(l.trim())) continue;
    rows.push({ cells: l.trimStart().startsWith('|') ? splitRow(l) : [l], heading: current, line: i + 1 });
  }
  return rows;
}

/** Rows whose first cell names `member` in a code span, and `owner` (if given) in that cell or in the heading. */
export function rowsNaming(rows: ReadmeRow[], member: string, owner?: string): ReadmeRow[] {
  return rows.filter((r) => {
    const first = codeIdentifiers(r.cells[0]!);
    if (!first.has(member)) return false;
    return owner === undefined || first.has(owner) || allIdentifiers(r.heading).has(owner);
  });
}

/**
 * Problems of the README against the required names: a name no row documents, or a table row whose TS column
 * (second cell) says "Promise" for a synchronous method or does not say it for an asynchronous one.
 */
export function readmeProblems(rows: ReadmeRow[], names: RequiredName[]): string[] {
  const problems: string[] = [];
  for (const n of names) {
    const label = n.owner ? `${n.owner}.${n.member}` : n.member;
    const found = rowsNaming(rows, n.member, n.owner);
    if (found.length === 0) {
      problems.push(`${label}: not in the migration table`);
      continue;
    }
    if (n.async === undefined) continue;
    for (const r of found) {
      if (r.cells.length < 2) continue;
      const saysPromise = /\bPromise\b/.test(r.cells[1]!);
      if (saysPromise !== n.async) problems.push(`${label}: line ${r.line} says ${saysPromise ? 'Promise' : 'sync'}, the code is ${n.async ? 'async' : 'sync'}`);
    }
  }
  return problems;
}
