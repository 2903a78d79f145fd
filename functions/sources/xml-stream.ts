/**
 * Streaming XML for list parsers: a thin wrapper around saxes that reads a publication record by
 * record, holding only the record being read as a small element tree, never the whole document.
 *
 * API
 * - `streamXmlRecords(source, bytes, visitor, options?)` decodes `bytes` in the encoding the publisher
 *   declared (`textLayout`: BOM, else the XML declaration, else UTF-8; BOM dropped) and
 *   feeds saxes in chunks (`options.chunkSize`, default 256 KiB). For every element opened outside a
 *   record it calls `visitor.enter(path, attributes)` with the path of element names from the root
 *   (`['CONSOLIDATED_LIST', 'INDIVIDUALS']`); the visitor answers:
 *     - `'container'`: descend into it; its own non-blank text is refused;
 *     - `'record'`: collect the element and its whole subtree as an `XmlElement` and hand it to
 *       `visitor.record(element, path)` when it closes.
 *   `enter` is also where a parser checks the root (path length 1) and refuses unknown elements, by
 *   throwing a `SourceError` (use `fail`). `visitor.close?(path)` is called when a container closes.
 * - Every saxes error, invalid UTF-8, a document with no root element, and a document that ends
 *   before its root closes (a cut-off download) become a `SourceError` naming the source and saying
 *   that the file is truncated or malformed, with the line and column.
 * - Names are as written in the file (prefix included); `localName` strips a prefix. Default
 *   namespaces need no handling: names carry no prefix.
 * - `oneLine(text)` collapses whitespace in one-line values.
 * - `ElementReader` reads a record tree: `children(el, allowed, repeatable)` returns the listed
 *   children (a repeated one refused unless listed as repeatable), `attributes(el, allowed)` the
 *   listed attributes, `text(el)` refuses child elements inside a leaf; every refusal is a
 *   `SourceError` naming the source, the record and the reason.
 *   Formats grow: a child element or attribute not listed is not refused but kept verbatim in
 *   `reader.unmapped` under its path (`PARENT/CHILD`, `ELEMENT/@attr`; a child with children of its
 *   own as its XML), which `keepUnmapped(d)` copies into the entry as `attributes["unmapped.<path>"]`
 *   — the operator is told (`functions/pipeline/unmapped.ts`), subscribers are not. What stays
 *   structural drift and is refused: an unknown record or container element (the visitor's
 *   `enter`), a missing id (each parser), counts that disagree (`PublicationBuilder`), and an
 *   unknown child that looks like a listed one renamed (`NATIONALITIES` for `NATIONALITY`,
 *   `DataId` for `DATAID`): data the parser maps would silently vanish otherwise.
 */
import { SaxesParser } from 'saxes';
import { SourceError } from '../core/errors';
import type { Designation } from '../core/model';
import { textLayout, UNMAPPED_PREFIX } from '../core/source';

/** One element of a record: name, attributes, child elements in order, and its direct text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated direct text and CDATA, exactly as in the file (not trimmed). */
  text: string;
  /** 1-based line where the element opens. */
  line: number;
}

export type EnterDecision = 'container' | 'record';

export interface XmlRecordVisitor {
  /** Decides what an element opened outside any record is; throw a `SourceError` to refuse it. */
  enter(path: readonly string[], attributes: Readonly<Record<string, string>>): EnterDecision;
  /** A complete record (the element answered `'record'` and everything inside it). */
  record(element: XmlElement, path: readonly string[]): void;
  /** A container element closed. */
  close?(path: readonly string[]): void;
}

export interface XmlStreamOptions {
  /** Bytes decoded and fed to saxes per step (default 256 KiB). */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 256 * 1024;

/** `ns:name` → `name`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Whitespace runs (including line breaks that pretty-printers and publishers wrap into short
 * values such as `National Identification\n    Number`) → one space, trimmed. For one-line
 * values only: free text such as remarks keeps its line breaks.
 */
export function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Throws a `SourceError` for `source` (and `record`, when one is at fault). */
export function fail(source: string, reason: string, record?: string): never {
  throw new SourceError(source, reason, record);
}

export function streamXmlRecords(
  source: string,
  bytes: Uint8Array,
  visitor: XmlRecordVisitor,
  options: XmlStreamOptions = {},
): void {
  const parser = new SaxesParser({ position: true });
  const malformed = (why: string): never =>
    fail(
      source,
      `the file is truncated or malformed XML: ${why} (line ${parser.line}, column ${parser.column})`,
    );
  const path: string[] = [];
  // The record being built: its stack of open elements (bottom = the record element).
  const open: XmlElement[] = [];
  let sawRoot = false;

  parser.on('error', (err) => malformed(err.message.replace(/^\d+:\d+: /, '')));
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    if (open.length > 0) {
      const el: XmlElement = { name: tag.name, attributes, children: [], text: '', line: parser.line };
      open[open.length - 1]?.children.push(el);
      open.push(el);
      return;
    }
    if (path.length === 0) {
      if (sawRoot) malformed('a second root element');
      sawRoot = true;
    }
    path.push(tag.name);
    const decision = visitor.enter(path, attributes);
    if (decision === 'record') {
      open.push({ name: tag.name, attributes, children: [], text: '', line: parser.line });
    }
  });
  const onText = (text: string): void => {
    const top = open[open.length - 1];
    if (top) {
      top.text += text;
    } else if (path.length > 0 && text.trim() !== '') {
      fail(source, `unexpected text inside <${path[path.length - 1]}>: "${text.trim().slice(0, 80)}"`);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (open.length > 1) {
      open.pop();
      return;
    }
    const recordEl = open.pop();
    if (recordEl) {
      visitor.record(recordEl, path);
    } else {
      visitor.close?.(path);
    }
    path.pop();
  });

  const layout = textLayout(source, 'xml', bytes);
  const decoder = new TextDecoder(layout.encoding, { fatal: true });
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  try {
    for (let at = layout.bom; at < bytes.byteLength; at += chunkSize) {
      const end = Math.min(at + chunkSize, bytes.byteLength);
      parser.write(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.byteLength }));
    }
  } catch (err) {
    if (err instanceof TypeError && /encoded data|decode/i.test(err.message)) {
      malformed(`the bytes are not valid ${layout.encoding.toUpperCase()}`);
    }
    throw err;
  }
  if (path.length > 0 || open.length > 0) {
    const inside = [...path, ...open.slice(1).map((e) => e.name)].join('/');
    malformed(`the document ends inside <${inside}> before its root element closes`);
  }
  if (!sawRoot) malformed('no root element');
  parser.close();
}

/** The parts of an element `serializeElement` writes (an `XmlElement`, or a parser's own node). */
export interface ElementLike {
  name: string;
  text: string;
  attributes?: Readonly<Record<string, string>>;
  children: readonly ElementLike[];
}

/** `<name a="v">…</name>` of an element and its subtree, text and attributes escaped. */
export function serializeElement(el: ElementLike): string {
  const esc = (t: string, quote = false) =>
    t
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(quote ? /"/g : /$^/, '&quot;');
  const attrs = Object.entries(el.attributes ?? {})
    .map(([k, v]) => ` ${k}="${esc(v, true)}"`)
    .join('');
  const inner = el.children.length ? el.children.map(serializeElement).join('') : esc(el.text);
  return `<${el.name}${attrs}>${inner}</${el.name}>`;
}

/**
 * Whether two element or column names look like one renamed: equal ignoring case, prefix and
 * punctuation, or one the plural of the other (`NATIONALITIES`/`NATIONALITY`, `Date_Of_Birth`/
 * `DATEOFBIRTH`, `sdnTypes`/`sdnType`).
 */
export function looksRenamed(a: string, b: string): boolean {
  const norm = (n: string) =>
    localName(n)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  const x = norm(a);
  const y = norm(b);
  const plural = (s: string) => [`${s}s`, `${s}es`, s.replace(/y$/, 'ies')];
  return x === y || plural(x).includes(y) || plural(y).includes(x);
}

/** Reading of one record's tree; every refusal names the source and the record. */
export class ElementReader {
  /** Values of child elements and attributes not mapped by the parser, by path. */
  readonly unmapped = new Map<string, string[]>();

  constructor(
    readonly source: string,
    readonly record: string,
  ) {}

  fail(reason: string): never {
    throw new SourceError(this.source, reason, this.record);
  }

  /** Keeps a value the parser does not map under `path` (see the module comment). */
  keep(path: string, value: string): void {
    const list = this.unmapped.get(path);
    if (list) list.push(value);
    else this.unmapped.set(path, [value]);
  }

  /**
   * Keeps every attribute in the tree of `el` as unmapped (`<element>/@<name>`): for records whose
   * format has no attributes at all (UN, FCDO, OFAC), so that one a publisher adds is not lost.
   */
  keepAttributes(el: ElementLike): void {
    for (const [name, value] of Object.entries(el.attributes ?? {})) this.keep(`${el.name}/@${name}`, value);
    for (const child of el.children) this.keepAttributes(child);
  }

  /** Copies the unmapped values into `d.attributes["unmapped.<path>"]`; returns `d`. */
  keepUnmapped(d: Designation): Designation {
    for (const [path, values] of this.unmapped) {
      const key = `${UNMAPPED_PREFIX}${path}`;
      d.attributes[key] = [...(d.attributes[key] ?? []), ...values];
    }
    return d;
  }

  /** An unknown child of `el`: refused when it looks like a listed one renamed, else kept. */
  unknownChild(el: ElementLike, child: ElementLike, allowed: Iterable<string>): void {
    for (const name of allowed) {
      if (looksRenamed(name, child.name))
        this.fail(
          `unknown element <${child.name}> inside <${el.name}> looks like <${name}> renamed: the format changed`,
        );
    }
    this.keep(`${el.name}/${child.name}`, child.children.length ? serializeElement(child) : child.text);
  }

  /**
   * The children of `el` grouped by name: names not in `allowed` are kept as unmapped (or refused
   * when they look like an allowed name renamed), a repeated child is refused unless its name is in
   * `repeatable`, and non-blank text beside child elements is refused.
   */
  children(
    el: XmlElement,
    allowed: readonly string[],
    repeatable: readonly string[] = [],
  ): Map<string, XmlElement[]> {
    if (el.text.trim() !== '')
      this.fail(`unexpected text inside <${el.name}>: "${el.text.trim().slice(0, 80)}"`);
    const out = new Map<string, XmlElement[]>();
    for (const child of el.children) {
      if (!allowed.includes(child.name)) {
        this.unknownChild(el, child, allowed);
        continue;
      }
      const list = out.get(child.name);
      if (list) {
        if (!repeatable.includes(child.name)) this.fail(`<${child.name}> repeated inside <${el.name}>`);
        list.push(child);
      } else {
        out.set(child.name, [child]);
      }
    }
    return out;
  }

  /** The attributes of `el` named in `allowed`; any other is kept as unmapped (`<el>/@<name>`). */
  attributes(el: XmlElement, allowed: readonly string[]): Record<string, string> {
    let known: Record<string, string> | undefined;
    for (const name of Object.keys(el.attributes)) {
      if (allowed.includes(name)) continue;
      this.keep(`${el.name}/@${name}`, el.attributes[name] ?? '');
      known ??= { ...el.attributes };
      delete known[name];
    }
    return known ?? el.attributes;
  }

  /** The text of a leaf element (child elements refused), as in the file. */
  text(el: XmlElement): string {
    if (el.children.length > 0) this.fail(`unexpected element <${el.children[0]?.name}> inside <${el.name}>`);
    return el.text;
  }
}
