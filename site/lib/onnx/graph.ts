/** A minimal reader of ONNX protobuf files: just enough (initializers, nodes, attributes) to count and
 * explain what a shipped model holds without onnxruntime or Python. Field numbers are from onnx.proto3. */

export interface OnnxTensorInfo {
  name: string;
  dims: number[];
  /** onnx.TensorProto.DataType: 1 = FLOAT (every weight, once decoded: see `storedAs`). */
  dataType: number;
  /** The values of a FLOAT tensor, only when read with `{ withData: true }` (raw_data or float_data). */
  data?: Float32Array;
  /** How the file stores a weight that a Cast or DequantizeLinear node decodes to float32 (scripts/models/compact.py). */
  storedAs?: 'float16' | 'int8';

  /** Where the values are when they live outside the graph (ONNX external data): file, byte offset and length. */
  external?: { location: string; offset: number; length: number };
  /** Bytes of values stored inside the graph (raw_data, float_data, int64_data…); 0 for an external tensor. */
  inlineBytes: number;
}

export interface ReadOptions {
  /** Also decode FLOAT initializers' values (off by default: counting and explaining need only shapes). */
  withData?: boolean;
}

export interface OnnxAttribute {
  name: string;
  i?: number;
  /** A FLOAT attribute, e.g. Gemm's alpha and beta. */
  f?: number;
  ints?: number[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
}

export interface OnnxGraph {
  opsetVersion: number;
  nodes: OnnxNode[];
  initializers: OnnxTensorInfo[];
  inputs: string[];
  outputs: string[];
  /** The nodes that decode compactly stored weights: folded into `initializers`, so `nodes` is the float32 network. */
  decoders: OnnxNode[];
}

class Reader {
  readonly buf: Uint8Array;
  readonly end: number;
  pos: number;
  constructor(buf: Uint8Array, end: number = buf.length, start = 0) {
    this.buf = buf;
    this.end = end;
    this.pos = start;
  }
  varint(): number {
    let result = 0;
    let shift = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error('ONNX file truncated inside a varint');
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
  }
  /** Calls `onField` for each field; length-delimited fields get a sub-range, varints their value. */
  fields(onField: (field: number, wire: number, value: number, start: number, end: number) => void): void {
    while (this.pos < this.end) {
      const key = this.varint();
      const field = Math.floor(key / 8);
      const wire = key & 7;
      if (wire === 0) onField(field, wire, this.varint(), 0, 0);
      else if (wire === 2) {
        const len = this.varint();
        const start = this.pos;
        if (start + len > this.end) throw new Error('ONNX file truncated inside a field');
        this.pos += len;
        onField(field, wire, 0, start, start + len);
      } else if (wire === 1 || wire === 5) {
        // Fixed-width fields (double/fixed64, float/fixed32): handed over as a byte range.
        const start = this.pos;
        this.pos += wire === 1 ? 8 : 4;
        if (this.pos > this.end) throw new Error('ONNX file truncated inside a fixed-width field');
        onField(field, wire, 0, start, this.pos);
      } else throw new Error(`unsupported protobuf wire type ${wire}: not an ONNX file`);
    }
  }
}

const text = new TextDecoder();
const str = (buf: Uint8Array, s: number, e: number) => text.decode(buf.subarray(s, e));

function packedOrSingle(buf: Uint8Array, wire: number, value: number, s: number, e: number): number[] {
  if (wire === 0) return [value];
  const r = new Reader(buf, e, s);
  const out: number[] = [];
  while (r.pos < e) out.push(r.varint());
  return out;
}

/** Little-endian float32 values of a byte range (copied, so the result does not depend on the range's alignment). */
function floatsOf(buf: Uint8Array, s: number, e: number): Float32Array {
  const view = new DataView(buf.buffer, buf.byteOffset + s, e - s);
  const out = new Float32Array((e - s) / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

const FLOAT = 1;
const INT8 = 3;
const FLOAT16 = 10;
/** Raw bytes of float16 / int8 initializers, kept until their decoder node is folded. */
const stored = new WeakMap<OnnxTensorInfo, Uint8Array>();

/** IEEE 754 half-precision bits to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function readTensor(buf: Uint8Array, s: number, e: number, withData: boolean): OnnxTensorInfo {
  const t: OnnxTensorInfo = { name: '', dims: [], dataType: 0, inlineBytes: 0 };
  const externalEntries = new Map<string, string>();
  let dataLocation = 0;
  const floatData: Float32Array[] = [];
  let raw: [number, number] | undefined;
  let rawBytes: Uint8Array | undefined;
  new Reader(buf, e, s).fields((f, w, v, a, b) => {
    if (f === 1) t.dims.push(...packedOrSingle(buf, w, v, a, b));
    else if (f === 2) t.dataType = v;
    else if (f === 8) t.name = str(buf, a, b);
    else if (f === 14) dataLocation = v;
    else if (f === 13) {
      // external_data: StringStringEntryProto { key = 1; value = 2 }
      let key = '';
      let value = '';
      new Reader(buf, b, a).fields((f2, _w2, _v2, a2, b2) => {
        if (f2 === 1) key = str(buf, a2, b2);
        else if (f2 === 2) value = str(buf, a2, b2);
      });
      externalEntries.set(key, value);
    }
    // The value fields: float_data 4, int32_data 5, string_data 6, int64_data 7, raw_data 9, double_data 10, uint64_data 11.
    if ([4, 5, 6, 7, 9, 10, 11].includes(f)) t.inlineBytes += w === 2 ? b - a : 8;
    if (withData && f === 4) floatData.push(floatsOf(buf, a, b));
    else if (withData && f === 9) raw = [a, b];
  });
  if (withData && raw && (t.dataType === FLOAT16 || t.dataType === INT8)) rawBytes = new Uint8Array(buf.subarray(raw[0], raw[1])); // a copy (a Node Buffer's slice is a view)
  if (rawBytes) stored.set(t, rawBytes);

  if (dataLocation === 1) {
    const location = externalEntries.get('location');
    if (!location) throw new Error(`initializer "${t.name}" is external but names no location`);
    t.external = { location, offset: Number(externalEntries.get('offset') ?? 0), length: Number(externalEntries.get('length') ?? NaN) };
  }
  if (withData && t.dataType === 1) {
    const size = t.dims.reduce((x, y) => x * y, 1);
    let data: Float32Array;
    if (raw) data = floatsOf(buf, raw[0], raw[1]);
    else {
      data = new Float32Array(floatData.reduce((n, part) => n + part.length, 0));
      let at = 0;
      for (const part of floatData) {
        data.set(part, at);
        at += part.length;
      }
    }
    if (data.length !== size) {
      throw new Error(
        `initializer "${t.name}" holds ${data.length} floats but its dims [${t.dims.join(', ')}] need ${size} (external data is not supported)`,
      );
    }
    t.data = data;
  }
  return t;
}

function readAttribute(buf: Uint8Array, s: number, e: number): OnnxAttribute {
  const at: OnnxAttribute = { name: '' };
  new Reader(buf, e, s).fields((f, w, v, a, b) => {
    if (f === 1) at.name = str(buf, a, b);
    else if (f === 2 && w === 5) at.f = floatsOf(buf, a, b)[0];
    else if (f === 3) at.i = v;
    else if (f === 8) at.ints = [...(at.ints ?? []), ...packedOrSingle(buf, w, v, a, b)];
  });
  return at;
}

function readNode(buf: Uint8Array, s: number, e: number): OnnxNode {
  const n: OnnxNode = { name: '', opType: '', inputs: [], outputs: [], attributes: [] };
  new Reader(buf, e, s).fields((f, _w, _v, a, b) => {
    if (f === 1) n.inputs.push(str(buf, a, b));
    else if (f === 2) n.outputs.push(str(buf, a, b));
    else if (f === 3) n.name = str(buf, a, b);
    else if (f === 4) n.opType = str(buf, a, b);
    else if (f === 5) n.attributes.push(readAttribute(buf, a, b));
  });
  return n;
}

function valueInfoName(buf: Uint8Array, s: number, e: number): string {
  let name = '';
  new Reader(buf, e, s).fields((f, _w, _v, a, b) => {
    if (f === 1) name = str(buf, a, b);
  });
  return name;
}

/** Parses an ONNX ModelProto; throws a clear error for bytes that are not one. */
export function readOnnxGraph(bytes: Uint8Array, options: ReadOptions = {}): OnnxGraph {
  const withData = options.withData ?? false;
  const g: OnnxGraph = { opsetVersion: 0, nodes: [], initializers: [], inputs: [], outputs: [], decoders: [] };
  let sawGraph = false;
  new Reader(bytes).fields((f, _w, _v, a, b) => {
    if (f === 8) {
      // opset_import: OperatorSetIdProto { domain = 1; version = 2 }
      let domain = '';
      let version = 0;
      new Reader(bytes, b, a).fields((f2, _w2, v2, a2, b2) => {
        if (f2 === 1) domain = str(bytes, a2, b2);
        else if (f2 === 2) version = v2;
      });
      if (domain === '' || domain === 'ai.onnx') g.opsetVersion = version;
    } else if (f === 7) {
      sawGraph = true;
      new Reader(bytes, b, a).fields((f2, _w2, _v2, a2, b2) => {
        if (f2 === 1) g.nodes.push(readNode(bytes, a2, b2));
        else if (f2 === 5) g.initializers.push(readTensor(bytes, a2, b2, withData));
        else if (f2 === 11) g.inputs.push(valueInfoName(bytes, a2, b2));
        else if (f2 === 12) g.outputs.push(valueInfoName(bytes, a2, b2));
      });
    }
  });
  if (!sawGraph) throw new Error('no graph in this file: not an ONNX model');
  foldDecoders(g, withData);
  return g;
}

/**
 * Replaces each compactly stored weight and the node that decodes it (Cast float16 → float32, DequantizeLinear int8 →
 * float32) with the float32 initializer the node produces, so readers see the network export.py wrote.
 */
function foldDecoders(g: OnnxGraph, withData: boolean): void {
  const byName = new Map(g.initializers.map((t) => [t.name, t]));
  const consumed = new Set<string>();
  const decoded: OnnxTensorInfo[] = [];
  g.nodes = g.nodes.filter((node) => {
    const source = byName.get(node.inputs[0] ?? '');
    const to = node.attributes.find((a) => a.name === 'to')?.i;
    const isCast = node.opType === 'Cast' && source?.dataType === FLOAT16 && to === FLOAT;
    const isDequantize = node.opType === 'DequantizeLinear' && source?.dataType === INT8;
    if (!source || !(isCast || isDequantize)) return true;
    const name = node.outputs[0] as string;
    const t: OnnxTensorInfo = {
      name,
      dims: source.dims,
      dataType: FLOAT,
      storedAs: isCast ? 'float16' : 'int8',
      inlineBytes: source.inlineBytes,
    };
    if (withData) t.data = isCast ? decodeFloat16(source) : dequantize(node, source, byName);
    decoded.push(t);
    for (const input of node.inputs) if (input) consumed.add(input);
    g.decoders.push(node);
    return false;
  });
  g.initializers = [...g.initializers.filter((t) => !consumed.has(t.name)), ...decoded];
}

function storedBytes(t: OnnxTensorInfo): Uint8Array {
  const bytes = stored.get(t);
  if (!bytes) throw new Error(`initializer "${t.name}": only raw_data is supported for float16 / int8 weights`);
  return bytes;
}

function decodeFloat16(t: OnnxTensorInfo): Float32Array {
  const bytes = storedBytes(t);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
  return out;
}

/** int8 → float32 per DequantizeLinear: (q - zeroPoint) * scale, per tensor or per channel along `axis`. */
function dequantize(node: OnnxNode, t: OnnxTensorInfo, byName: Map<string, OnnxTensorInfo>): Float32Array {
  const bytes = storedBytes(t);
  const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scale = byName.get(node.inputs[1] ?? '')?.data;
  if (!scale) throw new Error(`DequantizeLinear "${node.name}": its scale is not a float32 initializer`);
  const zeroInfo = node.inputs[2] ? byName.get(node.inputs[2]) : undefined;
  const zeroBytes = zeroInfo ? storedBytes(zeroInfo) : new Uint8Array(scale.length);
  const zero = new Int8Array(zeroBytes.buffer, zeroBytes.byteOffset, zeroBytes.byteLength);
  let axis = node.attributes.find((a) => a.name === 'axis')?.i ?? 1;
  if (axis < 0) axis += t.dims.length;
  const inner = scale.length === 1 ? q.length : t.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channels = scale.length;
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) {
    const c = channels === 1 ? 0 : Math.floor(i / inner) % channels;
    out[i] = ((q[i] as number) - (zero[c] as number)) * (scale[c] as number);
  }
  return out;
}

/** Elements of the float initializers: the weights a model file ships. */
export function countParameters(graph: OnnxGraph): number {
  return graph.initializers.filter((t) => t.dataType === 1).reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
}

// --- Walking the graph: the one set of helpers the figures, the inside view and the build use ------------------------
/** Ops whose output has their first input's shape, so shape inference and walks may step over them. */
export const SHAPE_PRESERVING: ReadonlySet<string> = new Set([
  'Relu',
  'Tanh',
  'Sigmoid',
  'LeakyRelu',
  'BatchNormalization',
  'Dropout',
  'Identity',
  'LRN',
  'Add',
  'Mul',
]);
/** Ops that keep channels one to one (pooling changes only height and width). */
export const CHANNEL_PRESERVING: ReadonlySet<string> = new Set([...SHAPE_PRESERVING, 'MaxPool', 'AveragePool']);

export function attributeInt(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.find((a) => a.name === name)?.i ?? fallback;
}

export function attributeInts(node: OnnxNode, name: string, fallback: number[]): number[] {
  return node.attributes.find((a) => a.name === name)?.ints ?? fallback;
}

export function attributeFloat(node: OnnxNode, name: string, fallback: number): number {
  return node.attributes.find((a) => a.name === name)?.f ?? fallback;
}

/** The initializer a node input names, failing with the node's name when it is missing. */
export function initializerOf(graph: OnnxGraph, node: OnnxNode, inputIndex: number): OnnxTensorInfo {
  const name = node.inputs[inputIndex];
  const tensor = name ? graph.initializers.find((t) => t.name === name) : undefined;
  if (!tensor) throw new Error(`node "${node.name}" (${node.opType}): input ${inputIndex} is not an initializer of the graph`);
  return tensor;
}

/** The node that writes a tensor, if any. */
export function producerOf(graph: OnnxGraph, tensor: string): OnnxNode | undefined {
  return graph.nodes.find((node) => node.outputs.includes(tensor));
}

/** The first node behind `tensor` whose op is not in `through` (following first inputs back), or undefined. */
export function sourceOf(graph: OnnxGraph, tensor: string, through: ReadonlySet<string>): OnnxNode | undefined {
  let node = producerOf(graph, tensor);
  for (let steps = 0; node && through.has(node.opType) && steps < graph.nodes.length; steps++)
    node = producerOf(graph, node.inputs[0] ?? '');
  return node;
}
