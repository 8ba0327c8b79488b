#!/usr/bin/env node
/* global console, process */
/**
 * check-public-api: enforces two house rules on the public API of the published @iot packages,
 * "TSDoc on every public symbol" and "no `any` in public types".
 *
 * Usage:
 *   node scripts/check-public-api.mjs [--report] [--verbose] [package ...]
 *   node scripts/check-public-api.mjs --self-test
 *
 * A package is given as its folder name under packages/ (`core`), its npm name (`@iot/core`) or a path to a folder
 * holding package.json and src/index.ts. Default: core, emulator, aliyun, huawei, tencent.
 * Exit code 1 when there are findings, 0 otherwise; `--report` prints the same and always exits 0.
 * `--verbose` adds the offending type to `any` findings. `--self-test` runs the checker on a built-in fixture package
 * and compares its findings with the expected ones (exit 1 on any difference).
 *
 * What is checked (rules chosen to be simple and predictable):
 * - Public surface = everything reachable from the package's src/index.ts exports: named and type-only re-exports,
 *   `export *`, `export * as ns` and `export namespace` (their members are public too, reported as `ns.Name`),
 *   default exports. Declarations living outside the package's own src/ folder (node_modules, other @iot packages:
 *   they are checked in their own package) are skipped.
 * - Documented = a `/** ... *\/` comment with some text or at least one tag directly attached to the declaration
 *   (for variables: to the `const` statement). File headers tagged `@packageDocumentation`, `@module`, `@file` or
 *   `@fileoverview` never count. Overloads and merged declarations: one documented declaration covers the group.
 * - Members needing docs: of exported classes and interfaces, the named public members (properties, methods,
 *   get/set accessors — one doc on the pair is enough —, static ones too) and constructors with parameters;
 *   public/readonly constructor parameter properties need their own comment or an `@param` in the constructor's doc.
 *   Skipped: private, protected, `#private`, and names starting with `_`. Call/construct/index signatures only get the
 *   `any` check. Members of object type aliases and enum members are not required to be documented.
 * - Inherited docs: a member's own `/** @inheritDoc *\/` is a comment with a tag, so it counts (as does any tag-only
 *   comment). A member without a comment counts as documented when a member of the
 *   same name is documented in one of its base classes or implemented/extended interfaces (transitively), provided that
 *   base declaration lives in the src/ of one of the @iot packages (all of them are held to the same rule); docs in
 *   node_modules or lib.d.ts do not count.
 * - `any`: an explicit `any` keyword anywhere in the declared types of those declarations and public members
 *   (annotations, parameters, return types, type parameters, heritage clauses, type alias bodies), and, where a
 *   declaration has no annotation (variables, properties, parameters, return types, default exports), `any` in the
 *   inferred type as the declaration emitter would print it: the type is walked (unions, type arguments, anonymous
 *   object members and signatures; named classes/interfaces are printed by name so not entered), so a property or
 *   string literal named "any" is not a finding, and neither is a type argument that is `any` only because it was
 *   left to a library's `= any` default (eventemitter3's `EventEmitter<Events, Context = any>`). `unknown` is fine.
 *   Function bodies and initializers are not part of the public surface.
 *
 * Output: one line per finding, `<package>: <file>:<line>  <symbol>  missing TSDoc|any in public type`, then one summary
 * line per package. One TypeScript Program covers all the packages checked (workspace `@iot/*` imports are mapped to
 * the sources, so nothing needs to be built first).
 */
import ts from 'typescript';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PACKAGES = ['core', 'emulator', 'aliyun', 'huawei', 'tencent'];
const MISSING_DOC = 'missing TSDoc';
const ANY_TYPE = 'any in public type';
const FILE_DOC_TAGS = new Set(['packageDocumentation', 'module', 'file', 'fileoverview']);

/** Resolves a command-line package argument to { name, dir }. */
function resolvePackage(arg) {
  let dir;
  if (fs.existsSync(path.join(repoRoot, 'packages', arg.replace(/^@iot\//, ''), 'package.json'))) {
    dir = path.join(repoRoot, 'packages', arg.replace(/^@iot\//, ''));
  } else if (fs.existsSync(path.join(path.resolve(arg), 'package.json'))) {
    dir = path.resolve(arg);
  } else {
    throw new Error(`unknown package: ${arg}`);
  }
  const entry = path.join(dir, 'src', 'index.ts');
  if (!fs.existsSync(entry)) throw new Error(`${arg}: no src/index.ts`);
  const name = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name ?? path.basename(dir);
  return { name, dir, entry };
}

/** Compiler options: the repo's build settings, with @iot/* mapped to the workspace sources. */
function compilerOptions() {
  const configPath = path.join(repoRoot, 'tsconfig.base.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, repoRoot, undefined, configPath);
  const options = { ...parsed.options, noEmit: true, declarationMap: false, sourceMap: false };
  options.typeRoots = [path.join(repoRoot, 'node_modules', '@types')];
  options.paths = {};
  for (const p of DEFAULT_PACKAGES) {
    options.paths[`@iot/${p}`] = [path.join(repoRoot, 'packages', p, 'src', 'index.ts')];
  }
  return options;
}

/** True when a JSDoc node carries text or tags and is not a file header. */
function isUsefulDoc(doc) {
  if (!ts.isJSDoc(doc)) return false;
  const tags = doc.tags ?? [];
  if (tags.some((t) => FILE_DOC_TAGS.has(t.tagName.text))) return false;
  const text = typeof doc.comment === 'string' ? doc.comment : (doc.comment ?? []).map((c) => c.text ?? '').join('');
  return text.trim().length > 0 || tags.length > 0;
}

/** The JSDoc comments attached to a declaration (variables: their statement). */
function docsOf(node) {
  return ts.getJSDocCommentsAndTags(node).filter(isUsefulDoc);
}

function hasDoc(node) {
  return docsOf(node).length > 0;
}

function isHiddenMember(member) {
  const flags = ts.getCombinedModifierFlags(member);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  if (member.name && ts.isPrivateIdentifier(member.name)) return true;
  const name = memberName(member);
  return name !== undefined && name.startsWith('_');
}

function memberName(member) {
  if (ts.isConstructorDeclaration(member)) return 'constructor';
  const n = member.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n)) return n.text;
  return n.getText();
}

/** Child properties that are not part of a declaration's type surface. */
const SKIP_CHILDREN = new Set(['body', 'initializer', 'members', 'jsDoc', 'modifiers', 'name', 'expression']);

/** True when an explicit `any` keyword occurs in the declared types of `node` (bodies and initializers excluded). */
function hasExplicitAny(node) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (n.kind === ts.SyntaxKind.AnyKeyword) {
      found = true;
      return;
    }
    if (ts.isTypeNode(n) || ts.isParameter(n) || ts.isTypeParameterDeclaration(n) || ts.isHeritageClause(n) || ts.isTypeElement(n)) {
      ts.forEachChild(n, visit);
    }
  };
  for (const key of Object.keys(node)) {
    if (SKIP_CHILDREN.has(key) || key === 'parent') continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.kind === 'number') visit(c);
    } else if (v && typeof v === 'object' && typeof v.kind === 'number' && v !== node.parent) {
      visit(v);
    }
  }
  return found;
}

/**
 * True when `type` would be printed with `any` in an emitted declaration. Named classes and interfaces are printed by
 * name and not entered (they are checked where they are declared, if public); a type argument that is `any` only
 * because the type parameter's default is `any` (e.g. eventemitter3's context parameter) is not counted.
 */
function typeHasAny(checker, type, seen = new Set()) {
  if (!type || seen.has(type)) return false;
  seen.add(type);
  if (type.flags & ts.TypeFlags.Any) return true;
  if (type.aliasSymbol) return (type.aliasTypeArguments ?? []).some((a) => typeHasAny(checker, a, seen));
  if (type.flags & ts.TypeFlags.UnionOrIntersection) return type.types.some((t) => typeHasAny(checker, t, seen));
  if (type.flags & (ts.TypeFlags.Conditional | ts.TypeFlags.Substitution | ts.TypeFlags.Index | ts.TypeFlags.IndexedAccess)) {
    return /\bany\b/.test(checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation));
  }
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  const of = type.objectFlags;
  if (of & ts.ObjectFlags.Reference) {
    const params = type.target?.typeParameters ?? [];
    return checker.getTypeArguments(type).some((arg, i) => {
      const def = params[i] && checker.getDefaultFromTypeParameter(params[i]);
      if (arg.flags & ts.TypeFlags.Any && def && def.flags & ts.TypeFlags.Any) return false;
      return typeHasAny(checker, arg, seen);
    });
  }
  // `typeof SomeClass`, `typeof someFunction`, `typeof SomeEnum`, `typeof namespace`: printed by name.
  const named = ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.ValueModule | ts.SymbolFlags.Function;
  if (type.symbol && type.symbol.flags & named && !type.symbol.name.startsWith('__')) return false;
  if (of & (ts.ObjectFlags.Anonymous | ts.ObjectFlags.ObjectLiteral | ts.ObjectFlags.Mapped)) {
    for (const prop of checker.getPropertiesOfType(type)) {
      if (typeHasAny(checker, checker.getTypeOfSymbol(prop), seen)) return true;
    }
    const sigs = [...checker.getSignaturesOfType(type, ts.SignatureKind.Call), ...checker.getSignaturesOfType(type, ts.SignatureKind.Construct)];
    for (const sig of sigs) {
      if (sig.parameters.some((p) => typeHasAny(checker, checker.getTypeOfSymbol(p), seen))) return true;
      if (typeHasAny(checker, checker.getReturnTypeOfSignature(sig), seen)) return true;
    }
    return checker.getIndexInfosOfType(type).some((info) => typeHasAny(checker, info.type, seen));
  }
  return false;
}

/** Returns the printed type when `type` would be emitted with `any` in it, else undefined. */
function inferredAny(checker, type, enclosing) {
  if (!type || !typeHasAny(checker, type)) return undefined;
  return checker.typeToString(type, enclosing, ts.TypeFormatFlags.NoTruncation);
}

/** The inferred-`any` check for one declaration: only where an annotation is missing. Returns a detail or undefined. */
function inferredAnyOf(checker, decl) {
  if (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertySignature(decl)) {
    if (decl.type) return undefined;
    return inferredAny(checker, checker.getTypeAtLocation(decl.name), decl);
  }
  if (ts.isExportAssignment(decl)) {
    return inferredAny(checker, checker.getTypeAtLocation(decl.expression), decl);
  }
  if (ts.isFunctionLike(decl)) {
    for (const p of decl.parameters ?? []) {
      if (p.type) continue;
      if (ts.isSetAccessorDeclaration(decl)) continue; // takes the getter's type
      const detail = inferredAny(checker, checker.getTypeAtLocation(p), decl);
      if (detail) return `parameter ${p.name.getText()}: ${detail}`;
    }
    const noReturn = ts.isConstructorDeclaration(decl) || ts.isSetAccessorDeclaration(decl) || ts.isConstructSignatureDeclaration(decl);
    if (!decl.type && !noReturn) {
      const sig = checker.getSignatureFromDeclaration(decl);
      const detail = sig && inferredAny(checker, checker.getReturnTypeOfSignature(sig), decl);
      if (detail) return `returns ${detail}`;
    }
  }
  return undefined;
}

/** Runs the checks over the given packages with one Program. Returns { findings, counts }. */
export function checkPackages(packages) {
  const program = ts.createProgram({ rootNames: packages.map((p) => p.entry), options: compilerOptions() });
  const checker = program.getTypeChecker();
  const iotSrcDirs = [
    ...DEFAULT_PACKAGES.map((p) => path.join(repoRoot, 'packages', p, 'src') + path.sep),
    ...packages.map((p) => path.join(p.dir, 'src') + path.sep),
  ];
  const inIotSrc = (file) => iotSrcDirs.some((d) => path.resolve(file).startsWith(d));
  const findings = [];
  const counts = new Map(packages.map((p) => [p.name, 0]));
  const checked = new Map(packages.map((p) => [p.name, 0]));

  for (const pkg of packages) {
    const srcDir = path.join(pkg.dir, 'src') + path.sep;
    const inPackage = (node) => path.resolve(node.getSourceFile().fileName).startsWith(srcDir);
    const seenSymbols = new Set();
    const seenFindings = new Set();

    const report = (node, symbol, kind, detail) => {
      const sf = node.getSourceFile();
      const at = ts.isSourceFile(node) ? 0 : (node.name ?? node).getStart(sf);
      const line = sf.getLineAndCharacterOfPosition(at).line + 1;
      const file = path.relative(repoRoot, sf.fileName).split(path.sep).join('/');
      const key = `${file}:${line}:${symbol}:${kind}`;
      if (seenFindings.has(key)) return;
      seenFindings.add(key);
      findings.push({ pkg: pkg.name, file, line, symbol, kind, detail });
      counts.set(pkg.name, counts.get(pkg.name) + 1);
    };

    const count = () => checked.set(pkg.name, checked.get(pkg.name) + 1);
    const checkAny = (decl, symbolName) => {
      if (hasExplicitAny(decl)) {
        report(decl, symbolName, ANY_TYPE, 'explicit any');
        return;
      }
      const detail = inferredAnyOf(checker, decl);
      if (detail) report(decl, symbolName, ANY_TYPE, `inferred ${detail}`);
    };

    /** Looks for a documented same-name member in the bases of a class/interface (transitively). */
    const documentedInBase = (owner, name) => {
      const ownerType = checker.getTypeAtLocation(owner);
      const queue = [];
      const seen = new Set();
      const pushBases = (t, declNode) => {
        const target = t && t.flags & ts.TypeFlags.Object ? (t.target ?? t) : undefined;
        if (target && target.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface)) {
          for (const b of checker.getBaseTypes(target) ?? []) queue.push(b);
        }
        if (declNode) {
          for (const h of ts.getEffectiveImplementsTypeNodes(declNode) ?? []) queue.push(checker.getTypeAtLocation(h));
        }
      };
      pushBases(ownerType, ts.isClassLike(owner) ? owner : undefined);
      while (queue.length > 0) {
        const t = queue.shift();
        if (!t || seen.has(t)) continue;
        seen.add(t);
        const prop = checker.getPropertyOfType(t, name);
        for (const d of prop?.declarations ?? []) {
          if (inIotSrc(d.getSourceFile().fileName) && hasDoc(d)) return true;
        }
        const baseSym = (t.target ?? t).symbol;
        const baseDecl = baseSym?.declarations?.find((d) => ts.isClassLike(d));
        pushBases(t, baseDecl);
      }
      return false;
    };

    const checkMembers = (ownerName, decls) => {
      const groups = new Map();
      for (const decl of decls) {
        for (const m of decl.members ?? []) {
          if (ts.isClassStaticBlockDeclaration(m) || ts.isSemicolonClassElement(m)) continue;
          const unnamed = ts.isIndexSignatureDeclaration(m) || ts.isCallSignatureDeclaration(m) || ts.isConstructSignatureDeclaration(m);
          if (unnamed) {
            count();
            checkAny(m, `${ownerName}[${ts.SyntaxKind[m.kind]}]`);
            continue;
          }
          if (isHiddenMember(m)) continue;
          const name = memberName(m);
          if (name === undefined) continue;
          const isStatic = (ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0;
          const key = `${isStatic ? 'static ' : ''}${name}`;
          if (!groups.has(key)) groups.set(key, { name, isStatic, owner: decl, nodes: [] });
          groups.get(key).nodes.push(m);
        }
      }
      for (const g of groups.values()) {
        count();
        const symbolName = g.name === 'constructor' ? `${ownerName}.constructor` : `${ownerName}.${g.name}`;
        const isCtor = g.name === 'constructor' && g.nodes.every((n) => ts.isConstructorDeclaration(n));
        for (const n of g.nodes) checkAny(n, symbolName);
        if (isCtor) {
          for (const ctor of g.nodes) {
            for (const p of ctor.parameters) {
              const f = ts.getCombinedModifierFlags(p);
              const isProp = ts.isParameterPropertyDeclaration(p, ctor);
              if (!isProp || f & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || p.name.getText().startsWith('_')) continue;
              const paramDocs = ts.getJSDocCommentsAndTags(p).filter((d) => ts.isJSDoc(d) ? isUsefulDoc(d) : ts.isJSDocParameterTag(d));
              if (paramDocs.length === 0) report(p, `${ownerName}.${p.name.getText()}`, MISSING_DOC);
            }
          }
          if (!g.nodes.some((n) => n.parameters.length > 0)) continue;
        }
        if (g.nodes.some(hasDoc)) continue;
        if (!g.isStatic && !isCtor && documentedInBase(g.owner, g.name)) continue;
        report(g.nodes[0], symbolName, MISSING_DOC);
      }
    };

    const visitSymbol = (exported, publicName) => {
      let symbol = exported;
      if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      const decls = symbol.declarations ?? [];
      if (decls.length === 0) return;
      if (seenSymbols.has(symbol)) return;
      seenSymbols.add(symbol);
      const own = decls.filter((d) => inPackage(d));
      if (own.length === 0) return;

      // `export * as ns from './x.js'`: the module itself; documented by the export statement or the file header.
      const sourceFileDecl = own.find(ts.isSourceFile);
      if (sourceFileDecl) {
        count();
        const exportDecl = (exported.declarations ?? []).find((d) => ts.isNamespaceExport(d));
        const stmtDoc = exportDecl && hasDoc(exportDecl.parent);
        const text = sourceFileDecl.getFullText();
        const header = (ts.getLeadingCommentRanges(text, 0) ?? []).some((r) => {
          const c = text.slice(r.pos, r.end);
          return c.startsWith('/**') && /@(module|packageDocumentation)\b/.test(c);
        });
        if (!stmtDoc && !header) report(exportDecl?.parent ?? sourceFileDecl, publicName, MISSING_DOC);
        for (const s of checker.getExportsOfModule(symbol)) visitSymbol(s, `${publicName}.${s.name}`);
        return;
      }

      const docTargets = own.filter((d) => !ts.isSourceFile(d));
      count();
      if (!docTargets.some(hasDoc)) report(docTargets[0], publicName, MISSING_DOC);

      for (const d of docTargets) {
        if (ts.isModuleDeclaration(d) || ts.isEnumDeclaration(d)) continue;
        if (ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d)) {
          if (hasExplicitAny(d)) report(d, publicName, ANY_TYPE, 'explicit any');
          continue;
        }
        checkAny(d, publicName);
      }

      const classLike = docTargets.filter((d) => ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d));
      if (classLike.length > 0) checkMembers(publicName, classLike);

      if (symbol.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) {
        for (const s of checker.getExportsOfModule(symbol)) visitSymbol(s, `${publicName}.${s.name}`);
      }
    };

    const entry = program.getSourceFile(pkg.entry);
    const moduleSymbol = entry && checker.getSymbolAtLocation(entry);
    if (!moduleSymbol) throw new Error(`${pkg.name}: cannot read ${pkg.entry}`);
    for (const s of checker.getExportsOfModule(moduleSymbol)) visitSymbol(s, s.name);
  }
  findings.sort((a, b) => a.pkg.localeCompare(b.pkg) || a.file.localeCompare(b.file) || a.line - b.line || a.symbol.localeCompare(b.symbol));
  return { findings, counts, checked };
}

function formatFinding(f, verbose) {
  const detail = verbose && f.detail ? `  (${f.detail})` : '';
  return `${f.pkg}: ${f.file}:${f.line}  ${f.symbol}  ${f.kind}${detail}`;
}

function printSummary(packages, findings, counts, checked) {
  for (const p of packages) {
    const mine = findings.filter((f) => f.pkg === p.name);
    const docs = mine.filter((f) => f.kind === MISSING_DOC).length;
    const anys = mine.filter((f) => f.kind === ANY_TYPE).length;
    console.log(`${p.name}: ${counts.get(p.name)} finding(s) (${docs} missing TSDoc, ${anys} any in public type; ${checked.get(p.name)} declarations checked)`);
  }
}

/** The built-in fixture: files of a small package, and the findings they must produce (symbol + kind). */
const SELF_TEST_FILES = {
  'package.json': '{ "name": "@fixture/api", "type": "module" }\n',
  'src/index.ts': `/**
 * Fixture package.
 * @packageDocumentation
 */
export { documented, undocumented, overloaded, explicitAny, inferredAny, stillUnknown, anyNamedProp, held, heldAny, fns, ReExported as Renamed } from './things.js';
export * from './star.js';
export * as ns from './ns.js';
export * as nsNoDoc from './ns-nodoc.js';
/** Documented on the export statement. */
export * as nsStmtDoc from './ns-stmt.js';
export { Base, Child, Impl, Sub, type Shape, type Alias } from './classes.js';
export { Space } from './space.js';
export { EventEmitter } from 'node:events';
export { default } from './default.js';
`,
  'src/things.ts': `/** Has docs. */
export function documented(x: number): number { return x; }
export function undocumented(): void {}
/** One doc for the group. */
export function overloaded(x: string): string;
export function overloaded(x: number): number;
export function overloaded(x: string | number): string | number { return x; }
/** Explicit any in a parameter. */
export function explicitAny(x: any): void { void x; }
/** Inferred any in a constant. */
export const inferredAny = JSON.parse('1');
/** unknown is fine, and a body's any is not public. */
export function stillUnknown(x: unknown): unknown { const y: any = x; return y as unknown; }
/** A property named any and a literal 'any' are not the any type. */
export const anyNamedProp: { any: 'any' } = { any: 'any' };
class Holder<T, C = any> { t?: T; c?: C; }
/** A library-style default \`= any\` type argument is not a finding. */
export const held = new Holder<string>();
/** An explicit any type argument, inferred. */
export const heldAny = new Holder<any>();
/** any inside an inferred object literal's function. */
export const fns = { f: (x: any): number => Number(x), ok: (x: unknown): unknown => x };
/** Exported under another name. */
export interface ReExported {
  /** ok */
  a: string;
  b: number;
}
`,
  'src/star.ts': `export const starUndocumented = 1;
/** Documented through export *. */
export type StarDoc = Record<string, any>;
`,
  'src/ns.ts': `/**
 * A namespace module.
 * @module
 */
/** Documented. */
export const inside = 1;
export function insideUndocumented(): void {}
`,
  'src/ns-nodoc.ts': `/** Documented, but the module has no header. */
export const fine = 2;
`,
  'src/ns-stmt.ts': `/** Documented. */
export const alsoFine = 3;
`,
  'src/classes.ts': `/** A base. */
export class Base {
  /** Documented in the base. */
  run(): void {}
  /** Base doc. */
  get value(): number { return 1; }
  set value(v: number) { void v; }
  undocumentedBase(): void {}
  private hidden(): void {}
  protected inner(): void {}
  #secret = 1;
  _internal(): void {}
  constructor() {}
}
/** A shape. */
export interface Shape {
  /** Area. */
  area(): number;
  perimeter(): number;
  [key: string]: unknown;
}
/** A child. */
export class Child extends Base implements Shape {
  [key: string]: unknown;
  constructor(public readonly label: string, /** documented param property */ public readonly other: string, private readonly p: number) { super(); void p; }
  override run(): void {}
  /** @inheritDoc */
  override undocumentedBase(): void {}
  area(): number { return 1; }
  perimeter(): number { return 2; }
  static make(): Child { return new Child('', '', 0); }
  /** Documented but returns any. */
  loose(): any { return 1; }
  /** Inferred any return. */
  inferred() { return JSON.parse('{}'); }
}
/** Implements with @param docs on the constructor. */
export class Impl {
  /**
   * Makes one.
   * @param name - the name
   */
  constructor(public readonly name: string) {}
}
/** An alias. */
export type Alias = { x: any };
class Generic<T> { t?: T; }
/** any in a heritage clause. */
export class Sub extends Generic<any> {}
`,
  'src/space.ts': `/** A namespace. */
export namespace Space {
  /** Documented. */
  export const a = 1;
  export const b = 2;
}
`,
  'src/default.ts': `export default function (): void {}
`,
};

const SELF_TEST_EXPECTED = [
  'undocumented  missing TSDoc',
  'explicitAny  any in public type',
  'inferredAny  any in public type',
  'heldAny  any in public type',
  'fns  any in public type',
  'starUndocumented  missing TSDoc',
  'StarDoc  any in public type',
  'ns.insideUndocumented  missing TSDoc',
  'nsNoDoc  missing TSDoc',
  'Renamed.b  missing TSDoc',
  'Base.undocumentedBase  missing TSDoc',
  'Shape.perimeter  missing TSDoc',
  'Child.perimeter  missing TSDoc', // the interface member it implements is undocumented too
  'Child.constructor  missing TSDoc',
  'Child.label  missing TSDoc',
  'Child.make  missing TSDoc',
  'Child.loose  any in public type',
  'Child.inferred  any in public type',
  'Alias  any in public type',
  'Sub  any in public type',
  'Space.b  missing TSDoc',
  'default  missing TSDoc',
];

function selfTest() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-public-api-'));
  try {
    for (const [rel, text] of Object.entries(SELF_TEST_FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    const pkg = resolvePackage(dir);
    const { findings } = checkPackages([pkg]);
    const got = findings.map((f) => `${f.symbol}  ${f.kind}`);
    const missing = SELF_TEST_EXPECTED.filter((e) => !got.includes(e));
    const unexpected = got.filter((g) => !SELF_TEST_EXPECTED.includes(g));
    for (const m of missing) console.log(`self-test: expected but not found: ${m}`);
    for (const u of unexpected) console.log(`self-test: found but not expected: ${u}`);
    const okFormat = findings.every((f) => /^@fixture\/api: .*src\/\S+\.ts:\d+ {2}\S+ {2}(missing TSDoc|any in public type)$/.test(formatFinding(f, false)));
    if (!okFormat) console.log('self-test: output format mismatch');
    const ok = missing.length === 0 && unexpected.length === 0 && okFormat;
    console.log(ok ? `self-test: ok (${got.length} expected findings)` : 'self-test: FAILED');
    return ok ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv) {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const unknownFlags = [...flags].filter((f) => !['--report', '--verbose', '--self-test'].includes(f));
  if (unknownFlags.length > 0) {
    console.error(`unknown option(s): ${unknownFlags.join(' ')}`);
    return 2;
  }
  if (flags.has('--self-test')) return selfTest();
  const args = argv.filter((a) => !a.startsWith('--'));
  const packages = (args.length > 0 ? args : DEFAULT_PACKAGES).map(resolvePackage);
  const started = Date.now();
  const { findings, counts, checked } = checkPackages(packages);
  for (const f of findings) console.log(formatFinding(f, flags.has('--verbose')));
  printSummary(packages, findings, counts, checked);
  console.log(`check-public-api: ${findings.length} finding(s) in ${packages.length} package(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return findings.length > 0 && !flags.has('--report') ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`check-public-api: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 2;
  }
}
