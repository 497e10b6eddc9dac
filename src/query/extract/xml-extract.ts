import { SaxesParser, type SaxesTagNS } from 'saxes';

import { QueryError, type CompiledProfile, type ExtractOptions, type RowSink } from '../engine-types.js';
import { attributeValue, matchesStep, selectXml, xmlColumnValue } from '../path/evaluate-xml.js';
import { prefixesOf, type Path, type Step } from '../path/steps.js';
import { xmlFragment, textOf, hasElementChildren, type XmlNode } from '../path/xml-node.js';
import type { RawValue } from './convert.js';
import { DocumentValues } from './document-values.js';
import type { ExtractionPlan } from './plan.js';
import { RowBuilder, type RecordAdapter } from './rows.js';
import { xmlDecoderFor } from './xml-decoder.js';

const xmlNamespace = 'http://www.w3.org/XML/1998/namespace';

/** An open element outside the records: what patterns need to match its children. */
interface Frame {
  local: string;
  uri: string;
  ns: Record<string, string>;
  /** Zero-based position among siblings with the same local name, and among all siblings. */
  namePosition: number;
  anyPosition: number;
  childNames: Map<string, number>;
  childCount: number;
}

const enum Match {
  None,
  Partial,
  Exact,
}

class ElementPattern {
  readonly elementSteps: Step[];
  readonly attribute: Extract<Step, { kind: 'attribute' }> | undefined;

  constructor(readonly path: Path) {
    const last = path.steps.at(-1);
    this.attribute = last?.kind === 'attribute' ? last : undefined;
    this.elementSteps = this.attribute === undefined ? path.steps : path.steps.slice(0, -1);
  }

  match(frames: Frame[]): Match {
    if (frames.length > this.elementSteps.length) return Match.None;
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i]!;
      const step = this.elementSteps[i]!;
      if (!matchesStep(frame, step)) return Match.None;
      const index = step.kind === 'name' || step.kind === 'any' ? step.index : undefined;
      if (index !== undefined && index !== (step.kind === 'any' ? frame.anyPosition : frame.namePosition)) return Match.None;
    }
    return frames.length === this.elementSteps.length ? Match.Exact : Match.Partial;
  }
}

class XmlAdapter implements RecordAdapter<XmlNode> {
  records(node: XmlNode, path: Path): XmlNode[] {
    return selectXml(node, path).filter((found): found is XmlNode => typeof found !== 'string');
  }

  value(node: XmlNode, path: Path): RawValue {
    return this.raw(xmlColumnValue(node, path));
  }

  raw(value: XmlNode | string | undefined): RawValue {
    if (value === undefined || typeof value === 'string') return value;
    return hasElementChildren(value) ? { aggregate: xmlFragment(value) } : textOf(value);
  }
}

/** Reads an XML page with a SAX parser, building one record's elements at a time. */
export async function extractXmlPage(
  plan: ExtractionPlan,
  profile: CompiledProfile,
  body: AsyncIterable<Uint8Array>,
  sink: RowSink,
  options: ExtractOptions,
  page: { index: number; rowIdStart: number },
  nextPath: Path | undefined,
) {
  for (const path of [...plan.recordPaths, ...plan.documentPaths, ...(nextPath ? [nextPath] : [])]) {
    if (path.language !== 'xpath') {
      throw new QueryError(`the path ${JSON.stringify(path.text)} is a JSONPath, but the document is XML; write it as an XPath such as /catalog/book`);
    }
  }
  const adapter = new XmlAdapter();
  const targets = nextPath === undefined ? plan.documentPaths : [...plan.documentPaths, nextPath];
  const documentValues = new DocumentValues<XmlNode | string>(targets, (value) =>
    Array.isArray(value) ? value.map((item) => adapter.raw(item)).join('') : adapter.raw(value),
  );
  const builder = new RowBuilder(plan, profile, adapter, sink, options, page, (index) => documentValues.raw(index));
  const reader = new XmlRecordReader(plan, targets, options, builder, documentValues);
  await reader.read(body);
  const result: { rows: number; nullified: Record<string, number>; next?: string } = { rows: builder.rows, nullified: builder.nullified };
  if (nextPath !== undefined) {
    const next = documentValues.current(targets.length - 1);
    const text = typeof next === 'string' || next === undefined ? next : textOf(next as XmlNode);
    if (text !== undefined && text.trim() !== '') result.next = text.trim();
  }
  return result;
}

class XmlRecordReader {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly records: ElementPattern[];
  private readonly captures: ElementPattern[];
  private readonly frames: Frame[] = [];
  private readonly root: Frame = { local: '', uri: '', ns: Object.assign(Object.create(null), { xml: xmlNamespace }), namePosition: 0, anyPosition: 0, childNames: new Map(), childCount: 0 };
  /** Elements deeper than a frame: skipped elements, or those of the record being built. */
  private depth = 0;
  private skipFrom = -1;
  private building: XmlNode[] = [];
  private buildingTarget: 'record' | number[] = 'record';
  private recordStart = 0;
  private readonly declared = new Set<string>();

  constructor(
    plan: ExtractionPlan,
    targets: Path[],
    private readonly options: ExtractOptions,
    private readonly builder: RowBuilder<XmlNode>,
    private readonly documentValues: DocumentValues<XmlNode | string>,
  ) {
    this.records = plan.recordPaths.map((path) => new ElementPattern(path));
    for (const pattern of this.records) {
      if (pattern.attribute !== undefined) throw new QueryError(`the repeat path ${JSON.stringify(pattern.path.text)} must select elements, not an attribute`);
    }
    this.captures = targets.map((path) => new ElementPattern(path));
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
    this.usedPrefixes = [...plan.recordPaths, ...plan.columns.flatMap((column) => (column.source.kind === 'record' ? [column.source.fromRoot, column.source.fromLevel] : [])), ...targets].flatMap((path) => prefixesOf(path).map((prefix) => ({ prefix, path })));
  }

  private readonly usedPrefixes: Array<{ prefix: string; path: Path }>;

  async read(body: AsyncIterable<Uint8Array>): Promise<void> {
    let decoder: TextDecoder | undefined;
    try {
      for await (const chunk of body) {
        decoder ??= xmlDecoderFor(chunk);
        this.parser.write(decoder.decode(chunk, { stream: true }));
      }
      if (decoder === undefined) throw new QueryError('the XML document is empty');
      this.parser.write(decoder.decode());
      this.parser.close();
    } catch (error) {
      if (error instanceof QueryError) throw error;
      if (error instanceof TypeError) throw new QueryError(`the XML document is not valid ${decoder?.encoding ?? 'UTF-8'} text`);
      throw new QueryError(`invalid XML: ${(error as Error).message}`);
    }
    for (const { prefix, path } of this.usedPrefixes) {
      if (prefix !== 'xml' && !this.declared.has(prefix)) {
        throw new QueryError(`the path ${JSON.stringify(path.text)} uses the namespace prefix ${prefix}, which the document never declares; declare it or use the unprefixed local name`);
      }
    }
  }

  private namespaces(tag: SaxesTagNS, parent: Record<string, string>): Record<string, string> {
    let ns = parent;
    for (const prefix in tag.ns) {
      if (ns === parent) ns = Object.create(parent) as Record<string, string>;
      ns[prefix] = tag.ns[prefix]!;
      this.declared.add(prefix);
    }
    return ns;
  }

  private open(tag: SaxesTagNS): void {
    this.depth += 1;
    if (this.depth > this.options.maxDepth) {
      throw new QueryError(`the XML document nests deeper than ${this.options.maxDepth} levels at line ${this.parser.line}; raise the depth limit if this is expected`);
    }
    if (this.building.length > 0) {
      this.checkRecordSize();
      const parent = this.building.at(-1)!;
      const node = this.node(tag, parent.ns);
      parent.children.push(node);
      this.building.push(node);
      return;
    }
    if (this.skipFrom >= 0) {
      for (const _ in tag.ns) this.declared.add(_);
      return;
    }
    const parent = this.frames.at(-1) ?? this.root;
    const namePosition = parent.childNames.get(tag.local) ?? 0;
    parent.childNames.set(tag.local, namePosition + 1);
    const frame: Frame = { local: tag.local, uri: tag.uri, ns: this.namespaces(tag, parent.ns), namePosition, anyPosition: parent.childCount++, childNames: new Map(), childCount: 0 };
    this.frames.push(frame);
    this.classify(tag, frame);
  }

  /** Decides whether the element just opened starts a record or a capture, or leads to one. */
  private classify(tag: SaxesTagNS, frame: Frame): void {
    let partial = false;
    for (const pattern of this.records) {
      const match = pattern.match(this.frames);
      if (match === Match.Exact) return this.startBuilding(tag, frame, 'record');
      if (match === Match.Partial) partial = true;
    }
    const capturing: number[] = [];
    for (const [index, pattern] of this.captures.entries()) {
      const match = pattern.match(this.frames);
      if (match === Match.Partial) partial = true;
      if (match !== Match.Exact) continue;
      if (pattern.attribute === undefined) {
        capturing.push(index);
        continue;
      }
      const value = attributeValue(this.node(tag, frame.ns), pattern.attribute.name, pattern.attribute.prefix);
      if (value !== undefined) this.documentValues.add(index, value);
    }
    if (capturing.length > 0 && !partial) return this.startBuilding(tag, frame, capturing);
    if (!partial) this.skipFrom = this.depth;
  }

  private startBuilding(tag: SaxesTagNS, frame: Frame, target: 'record' | number[]): void {
    this.frames.pop();
    this.buildingTarget = target;
    this.recordStart = this.parser.position;
    this.building = [this.node(tag, frame.ns)];
  }

  private node(tag: SaxesTagNS, parentNs: Record<string, string>): XmlNode {
    const ns = this.building.length > 0 ? this.namespaces(tag, parentNs) : parentNs;
    return {
      qualifiedName: tag.name,
      local: tag.local,
      uri: tag.uri,
      ns,
      attributes: Object.values(tag.attributes).map((attribute) => ({
        qualifiedName: attribute.name,
        local: attribute.local,
        prefix: attribute.prefix,
        uri: attribute.uri,
        value: attribute.value,
      })),
      children: [],
    };
  }

  // NOTE: the record size counts characters of the decoded text, which equals bytes only for ASCII.
  private checkRecordSize(): void {
    if (this.parser.position - this.recordStart > this.options.maxRecordBytes) {
      throw new QueryError(`the record that starts before line ${this.parser.line} is larger than the record size limit of ${this.options.maxRecordBytes} bytes; raise the limit or select smaller records`);
    }
  }

  private close(): void {
    this.depth -= 1;
    if (this.building.length > 0) {
      const node = this.building.pop()!;
      if (this.building.length === 0) this.finish(node);
      return;
    }
    if (this.skipFrom >= 0) {
      if (this.depth >= this.skipFrom) return;
      this.skipFrom = -1;
    }
    this.frames.pop();
  }

  private finish(node: XmlNode): void {
    this.checkRecordSize();
    if (this.buildingTarget === 'record') {
      this.builder.add(node);
    } else {
      for (const index of this.buildingTarget) this.documentValues.add(index, node);
    }
  }

  private text(text: string): void {
    const node = this.building.at(-1);
    if (node === undefined) return;
    const last = node.children.length - 1;
    if (last >= 0 && typeof node.children[last] === 'string') node.children[last] += text;
    else node.children.push(text);
  }
}
