/**
 * Streaming XML for list parsers: a thin wrapper around saxes that reads a publication record by
 * record, holding only the record being read as a small element tree, never the whole document.
 *
 * API
 * - `streamXmlRecords(source, bytes, visitor, options?)` decodes `bytes` as UTF-8 (BOM dropped) and
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
 * - `ElementReader` reads a record tree strictly: `children(el, allowed, repeatable)` refuses any
 *   child element not listed (and a repeated one unless listed as repeatable), `attributes(el,
 *   allowed)` refuses unknown attributes, `text(el)` refuses child elements inside a leaf; every
 *   refusal is a `SourceError` naming the source, the record and the reason.
 */
import { SaxesParser } from 'saxes';
import { SourceError } from '../core/errors';

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

  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  try {
    for (let at = 0; at < bytes.byteLength; at += chunkSize) {
      const end = Math.min(at + chunkSize, bytes.byteLength);
      parser.write(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.byteLength }));
    }
  } catch (err) {
    if (err instanceof TypeError && /encoded data|decode/i.test(err.message)) {
      malformed('the bytes are not valid UTF-8');
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

/** Strict reading of one record's tree; every refusal names the source and the record. */
export class ElementReader {
  constructor(
    readonly source: string,
    readonly record: string,
  ) {}

  fail(reason: string): never {
    throw new SourceError(this.source, reason, this.record);
  }

  /**
   * The children of `el` grouped by name, refusing names not in `allowed`, a repeated child unless
   * its name is in `repeatable`, and non-blank text beside child elements.
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
      if (!allowed.includes(child.name)) this.fail(`unknown element <${child.name}> inside <${el.name}>`);
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

  /** The attributes of `el`, refusing any not in `allowed`. */
  attributes(el: XmlElement, allowed: readonly string[]): Record<string, string> {
    for (const name of Object.keys(el.attributes)) {
      if (!allowed.includes(name))
        this.fail(`unknown attribute ${name}="${el.attributes[name]}" on <${el.name}>`);
    }
    return el.attributes;
  }

  /** The text of a leaf element (child elements refused), as in the file. */
  text(el: XmlElement): string {
    if (el.children.length > 0) this.fail(`unexpected element <${el.children[0]?.name}> inside <${el.name}>`);
    return el.text;
  }
}
