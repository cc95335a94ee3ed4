/**
 * Softmax (multinomial logistic) regression over sparse binary features, with an L2 penalty on
 * the weights (not the biases). Fitted by full-batch Adam: deterministic — weights start at zero
 * and every step sees every example in order — and a rare word gets a step the size of a common
 * one's, which plain gradient descent would starve. Small on purpose: a few hundred examples and
 * a few thousand features train in well under a second.
 */

export interface SparseExample {
  /** Names of the features present (value 1); names outside the vocabulary are ignored. */
  features: readonly string[];
  /** Index of the class, 0 … classes-1. */
  label: number;
}

export interface SoftmaxFit {
  bias: number[];
  weights: Record<string, number[]>;
}

export interface SoftmaxOptions {
  classes: number;
  vocabulary: readonly string[];
  /** L2 strength: the objective is mean cross-entropy + penalty/2 · Σ w². */
  penalty: number;
  iterations?: number;
  learningRate?: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function fitSoftmaxRegression(
  examples: readonly SparseExample[],
  options: SoftmaxOptions,
): SoftmaxFit {
  const { classes, vocabulary, penalty, iterations = 1_500, learningRate = 0.05 } = options;
  if (examples.length === 0) throw new Error("fitSoftmaxRegression: no examples");
  const index = new Map(vocabulary.map((name, i) => [name, i]));
  const rows = examples.map((example) => ({
    columns: [...new Set(example.features)].flatMap((name) => {
      const column = index.get(name);
      return column === undefined ? [] : [column];
    }),
    label: example.label,
  }));
  // Parameters: one row per feature, then the bias row; each row holds one value per class.
  const size = (vocabulary.length + 1) * classes;
  const biasRow = vocabulary.length * classes;
  const theta = new Float64Array(size);
  const gradient = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const scores = new Float64Array(classes);
  const n = rows.length;

  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    for (const { columns, label } of rows) {
      for (let k = 0; k < classes; k++) scores[k] = theta[biasRow + k] ?? 0;
      for (const column of columns)
        for (let k = 0; k < classes; k++) scores[k] = (scores[k] ?? 0) + (theta[column * classes + k] ?? 0);
      let top = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < classes; k++) top = Math.max(top, scores[k] ?? 0);
      let total = 0;
      for (let k = 0; k < classes; k++) {
        scores[k] = Math.exp((scores[k] ?? 0) - top);
        total += scores[k] ?? 0;
      }
      for (let k = 0; k < classes; k++) {
        // d(cross-entropy)/d(score k) = p_k − [k = label], averaged over the examples.
        const error = ((scores[k] ?? 0) / total - (k === label ? 1 : 0)) / n;
        gradient[biasRow + k] = (gradient[biasRow + k] ?? 0) + error;
        for (const column of columns)
          gradient[column * classes + k] = (gradient[column * classes + k] ?? 0) + error;
      }
    }
    for (let i = 0; i < biasRow; i++) gradient[i] = (gradient[i] ?? 0) + penalty * (theta[i] ?? 0);
    const correction1 = 1 - BETA1 ** step;
    const correction2 = 1 - BETA2 ** step;
    for (let i = 0; i < size; i++) {
      const g = gradient[i] ?? 0;
      m[i] = BETA1 * (m[i] ?? 0) + (1 - BETA1) * g;
      v[i] = BETA2 * (v[i] ?? 0) + (1 - BETA2) * g * g;
      theta[i] =
        (theta[i] ?? 0) -
        (learningRate * ((m[i] ?? 0) / correction1)) / (Math.sqrt((v[i] ?? 0) / correction2) + EPSILON);
    }
  }

  const weights: Record<string, number[]> = {};
  vocabulary.forEach((name, column) => {
    weights[name] = Array.from(theta.subarray(column * classes, (column + 1) * classes));
  });
  return { bias: Array.from(theta.subarray(biasRow, biasRow + classes)), weights };
}
