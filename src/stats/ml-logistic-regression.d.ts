/** Types for ml-logistic-regression (the package ships none): only what the calibrations use. */
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  /** One binary classifier; its weights are the coefficients of P(y = 1), one per feature column. */
  interface TwoClassClassifier {
    weights: Matrix;
  }

  /** Logistic regression by gradient descent; one classifier per class (one against the rest). */
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: TwoClassClassifier[];
    train(features: Matrix, target: Matrix): void;
  }
}
