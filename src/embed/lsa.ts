/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson
 * & Tropp 2011), for the local embedder's latent-semantic part. Deterministic for
 * a given seed; dense work is O(rows × (rank + oversample)²).
 */
import { mulberry32 } from '../util/prng.js';

/** Sparse rows over `width` columns, CSR. */
export interface SparseRows {
  rowPtr: Uint32Array;
  cols: Uint32Array;
  vals: Float32Array;
  width: number;
}


function gaussian(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(rand() || 1e-12));
    const t = 2 * Math.PI * rand();
    out[i] = r * Math.cos(t);
    if (i + 1 < n) out[i + 1] = r * Math.sin(t);
  }
  return out;
}

/** X · M, M dense width×l (row-major) → rows×l. */
function mul(x: SparseRows, m: Float64Array, l: number): Float64Array {
  const rows = x.rowPtr.length - 1;
  const out = new Float64Array(rows * l);
  for (let i = 0; i < rows; i++) {
    const o = i * l;
    for (let p = x.rowPtr[i]!; p < x.rowPtr[i + 1]!; p++) {
      const v = x.vals[p]!;
      const c = x.cols[p]! * l;
      for (let j = 0; j < l; j++) out[o + j] = out[o + j]! + v * m[c + j]!;
    }
  }
  return out;
}

/** Xᵀ · M, M dense rows×l → width×l. */
function mulT(x: SparseRows, m: Float64Array, l: number): Float64Array {
  const rows = x.rowPtr.length - 1;
  const out = new Float64Array(x.width * l);
  for (let i = 0; i < rows; i++) {
    const o = i * l;
    for (let p = x.rowPtr[i]!; p < x.rowPtr[i + 1]!; p++) {
      const v = x.vals[p]!;
      const c = x.cols[p]! * l;
      for (let j = 0; j < l; j++) out[c + j] = out[c + j]! + v * m[o + j]!;
    }
  }
  return out;
}

/**
 * Orthonormalise the columns of a rows×l row-major matrix in place: Cholesky QR,
 * twice (CholeskyQR2), which reads the matrix row by row. A column that depends on
 * earlier ones (rank-deficient input) becomes zero rather than noise.
 */
function orthonormalize(m: Float64Array, rows: number, l: number): void {
  for (let pass = 0; pass < 2; pass++) {
    const g = new Float64Array(l * l);
    for (let r = 0; r < rows; r++) {
      const o = r * l;
      for (let i = 0; i < l; i++) {
        const mi = m[o + i]!;
        if (mi === 0) continue;
        for (let j = i; j < l; j++) g[i * l + j] = g[i * l + j]! + mi * m[o + j]!;
      }
    }
    // Upper Cholesky factor R (G = RᵀR), with dead pivots zeroed.
    const scale = Math.max(1e-300, ...Array.from({ length: l }, (_, i) => g[i * l + i]!));
    const rInv = new Float64Array(l * l);
    const R = new Float64Array(l * l);
    for (let i = 0; i < l; i++) {
      let d = g[i * l + i]!;
      for (let k = 0; k < i; k++) d -= R[k * l + i]! ** 2;
      if (d <= scale * 1e-12) continue; // dependent column: row i of R stays zero
      const rii = Math.sqrt(d);
      R[i * l + i] = rii;
      for (let j = i + 1; j < l; j++) {
        let v = g[i * l + j]!;
        for (let k = 0; k < i; k++) v -= R[k * l + i]! * R[k * l + j]!;
        R[i * l + j] = v / rii;
      }
    }
    // R⁻¹ (upper triangular), skipping dead pivots.
    for (let j = 0; j < l; j++) {
      if (R[j * l + j] === 0) continue;
      rInv[j * l + j] = 1 / R[j * l + j]!;
      for (let i = j - 1; i >= 0; i--) {
        if (R[i * l + i] === 0) continue;
        let v = 0;
        for (let k = i + 1; k <= j; k++) v += R[i * l + k]! * rInv[k * l + j]!;
        rInv[i * l + j] = -v / R[i * l + i]!;
      }
    }
    // m ← m R⁻¹, row by row.
    const row = new Float64Array(l);
    for (let r = 0; r < rows; r++) {
      const o = r * l;
      row.fill(0);
      for (let k = 0; k < l; k++) {
        const mk = m[o + k]!;
        if (mk === 0) continue;
        for (let j = k; j < l; j++) row[j] = row[j]! + mk * rInv[k * l + j]!;
      }
      m.set(row, o);
    }
  }
}

/** Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi: eigenvalues and column eigenvectors. */
function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

export interface SvdOptions {
  oversample?: number;
  powerIterations?: number;
  seed?: number;
}

/**
 * The top `rank` right singular vectors of X, as a width×rank row-major matrix:
 * row c is the latent vector of column (feature) c.
 */
export function rightSingularBasis(x: SparseRows, rank: number, opts: SvdOptions = {}): Float32Array {
  const rows = x.rowPtr.length - 1;
  const l = Math.min(rank + (opts.oversample ?? 10), x.width, Math.max(1, rows));
  let y = mul(x, gaussian(x.width * l, opts.seed ?? 1), l);
  orthonormalize(y, rows, l);
  // Power iterations sharpen the spectrum; one needs no re-orthonormalising on the (wide) feature side.
  for (let i = 0; i < (opts.powerIterations ?? 1); i++) {
    const z = mulT(x, y, l);
    if (i > 0) orthonormalize(z, x.width, l);
    y = mul(x, z, l);
    orthonormalize(y, rows, l);
  }
  // B = Yᵀ X; with Z = Bᵀ, B Bᵀ = Zᵀ Z = W Λ Wᵀ and the right singular vectors are Z W Λ^-1/2.
  const z = mulT(x, y, l);
  const gram = new Float64Array(l * l);
  for (let c = 0; c < x.width; c++) {
    const o = c * l;
    for (let i = 0; i < l; i++) {
      const zi = z[o + i]!;
      if (zi === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j] = gram[i * l + j]! + zi * z[o + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = symmetricEigen(gram, l);
  const order = [...values.keys()].sort((a, b) => values[b]! - values[a]! || a - b).slice(0, rank);
  const basis = new Float32Array(x.width * rank);
  order.forEach((e, k) => {
    const sigma = Math.sqrt(Math.max(values[e]!, 0));
    if (sigma < 1e-10) return;
    for (let c = 0; c < x.width; c++) {
      let s = 0;
      for (let i = 0; i < l; i++) s += z[c * l + i]! * vectors[i * l + e]!;
      basis[c * rank + k] = s / sigma;
    }
  });
  return basis;
}
