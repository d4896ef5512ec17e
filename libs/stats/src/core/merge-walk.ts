/**
 * Walks the distinct values of two sorted samples in increasing order, calling `visit(value, i, j)`
 * after all copies of `value` are consumed: i and j are then the counts of x and y values ≤ value,
 * i.e. both ECDFs "from the right" (SciPy's `searchsorted(side='right')`), which is how ties are
 * handled by every two-sample method built on it. O(n_x + n_y); the inputs hold no NaN.
 */
export function forEachDistinct(x: Float64Array, y: Float64Array, visit: (value: number, i: number, j: number) => void): void {
  const nx = x.length;
  const ny = y.length;
  let i = 0;
  let j = 0;
  while (i < nx || j < ny) {
    const v = j >= ny || (i < nx && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    while (i < nx && x[i] === v) i++;
    while (j < ny && y[j] === v) j++;
    visit(v, i, j);
  }
}
