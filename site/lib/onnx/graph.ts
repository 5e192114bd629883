/** A minimal reader of ONNX protobuf files: just enough (initializers, nodes, attributes) to count and
 * explain what a shipped model holds without onnxruntime or Python. Field numbers are from onnx.proto3. */

export interface OnnxTensorInfo {
  name: string;
  dims: number[];
  /** onnx.TensorProto.DataType: 1 = FLOAT. */
  dataType: number;
  /** The values of a FLOAT tensor, only when read with `{ withData: true }` (raw_data or float_data). */
  data?: Float32Array;
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

function readTensor(buf: Uint8Array, s: number, e: number, withData: boolean): OnnxTensorInfo {
  const t: OnnxTensorInfo = { name: '', dims: [], dataType: 0, inlineBytes: 0 };
  const externalEntries = new Map<string, string>();
  let dataLocation = 0;
  const floatData: Float32Array[] = [];
  let raw: [number, number] | undefined;
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
  const g: OnnxGraph = { opsetVersion: 0, nodes: [], initializers: [], inputs: [], outputs: [] };
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
  return g;
}

/** Elements of the float initializers: the weights a model file ships. */
export function countParameters(graph: OnnxGraph): number {
  return graph.initializers.filter((t) => t.dataType === 1).reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
}
