/**
 * The options every onnxruntime session of a demo network is made with, in the browser and in the bench. The shipped
 * models keep their large weights as int8 + DequantizeLinear or float16 + Cast (scripts/models/compact.py). onnxruntime
 * folds a Cast of a constant at session creation, but by default leaves DequantizeLinear in place for its QDQ fusions,
 * so the weights would be dequantized again on every run (AlexNet: 1.00 ms a run instead of 0.62 ms in
 * onnxruntime-node). With the QDQ transforms off, constant folding decodes them once and the network runs on float32.
 */
export const demoSessionOptions = {
  graphOptimizationLevel: 'all',
  extra: { session: { disable_quant_qdq: '1' } },
} as const;
