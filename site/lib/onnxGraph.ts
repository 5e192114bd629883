/** A minimal reader of ONNX protobuf files: just enough (initializers, nodes, attributes) to count and
 * explain what a shipped model holds without onnxruntime or Python. Field numbers are from onnx.proto3. */

export interface OnnxTensorInfo {
  name: string;
  dims: number[];
  /** onnx.TensorProto.DataType: 1 = FLOAT. */
  dataType: number;
}

export interface OnnxAttribute {
  name: string;
  i?: number;
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
      } else if (wire === 1) this.pos += 8;
      else if (wire === 5) this.pos += 4;
      else throw new Error(`unsupported protobuf wire type ${wire}: not an ONNX file`);
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

function readTensor(buf: Uint8Array, s: number, e: number): OnnxTensorInfo {
  const t: OnnxTensorInfo = { name: '', dims: [], dataType: 0 };
  new Reader(buf, e, s).fields((f, w, v, a, b) => {
    if (f === 1) t.dims.push(...packedOrSingle(buf, w, v, a, b));
    else if (f === 2) t.dataType = v;
    else if (f === 8) t.name = str(buf, a, b);
  });
  return t;
}

function readAttribute(buf: Uint8Array, s: number, e: number): OnnxAttribute {
  const at: OnnxAttribute = { name: '' };
  new Reader(buf, e, s).fields((f, w, v, a, b) => {
    if (f === 1) at.name = str(buf, a, b);
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
export function readOnnxGraph(bytes: Uint8Array): OnnxGraph {
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
        else if (f2 === 5) g.initializers.push(readTensor(bytes, a2, b2));
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
  return graph.initializers
    .filter((t) => t.dataType === 1)
    .reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
}
