/** The arithmetic of VGG's claim: a stack of n small k×k convolutions against one large kernel with the same receptive field. */

/** A stack of `depth` convolutions of `kernel`×`kernel`, stride 1, each with `channels` inputs and outputs. */
export interface ConvStack {
  kernel: number;
  depth: number;
  channels: number;
}

export interface StackCost {
  /** Weights (biases left out, as the paper counts): n·k²·C². */
  weights: number;
  /** Side of the input square one output pixel sees: 1 + n(k − 1). */
  receptiveField: number;
  /** One ReLU after each convolution. */
  nonlinearities: number;
}

export interface StackComparison {
  stack: StackCost;
  /** One convolution whose kernel is as large as the stack's receptive field. */
  single: StackCost & { kernel: number };
  /** Weights the stack saves against the single kernel (negative if it costs more). */
  savedWeights: number;
  /** savedWeights / single.weights. */
  savedFraction: number;
}

function checkStack({ kernel, depth, channels }: ConvStack): void {
  for (const [name, value] of Object.entries({ kernel, depth, channels }))
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
}

/** n·k²·C²: every layer maps C channels to C channels with a k×k kernel. */
export function stackWeights(stack: ConvStack): number {
  checkStack(stack);
  return stack.depth * stack.kernel * stack.kernel * stack.channels * stack.channels;
}

/** 1 + n(k − 1): each stride-1 layer widens what one output pixel sees by k − 1 pixels. */
export function receptiveField(kernel: number, depth: number): number {
  checkStack({ kernel, depth, channels: 1 });
  return 1 + depth * (kernel - 1);
}

/** The receptive field after 0, 1, …, n layers: [1, k, 2k − 1, …]. Layer 0 is the output pixel itself. */
export function receptiveFieldByLayer(kernel: number, depth: number): number[] {
  checkStack({ kernel, depth, channels: 1 });
  return Array.from({ length: depth + 1 }, (_, layer) => 1 + layer * (kernel - 1));
}

export function stackCost(stack: ConvStack): StackCost {
  return { weights: stackWeights(stack), receptiveField: receptiveField(stack.kernel, stack.depth), nonlinearities: stack.depth };
}

/** The stack against one kernel that sees as much: three 3×3 (27C²) against one 7×7 (49C²). */
export function compareWithSingleKernel(stack: ConvStack): StackComparison {
  const cost = stackCost(stack);
  const kernel = cost.receptiveField;
  const single = { kernel, ...stackCost({ kernel, depth: 1, channels: stack.channels }) };
  const savedWeights = single.weights - cost.weights;
  return { stack: cost, single, savedWeights, savedFraction: savedWeights / single.weights };
}
