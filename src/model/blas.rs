//! The CBLAS routines that ndarray's `blas` path calls, in Rust (feature `fast-train`, part of
//! `cli`). No system library is linked.
//!
//! Each step of the training solver (linfa-logistic's two-class model, see `train.rs`) multiplies
//! the whole feature matrix, hundreds of thousands of rows, by a matrix of two columns, and the
//! matrix's transpose by a matrix of two columns. Without BLAS, ndarray hands every product to
//! matrixmultiply, which first copies ("packs") the whole matrix into cache-sized blocks: a copy
//! that pays off when each block is reused for many columns, and that is pure overhead for two.
//! With this feature ndarray calls the `cblas_*` functions below instead:
//! - a product whose result has one or two columns reads the matrix once, in memory order, with
//!   no copy (about 2.4 times faster on the shipped model's matrix);
//! - every other matrix product goes to matrixmultiply, as ndarray would send it;
//! - matrix-vector and vector products compute what ndarray's own loops compute, term for term.
//!
//! So classification gives the same probabilities, bit for bit, with or without the feature;
//! only a trained model's last bits depend on it. The symbols are global: a program that also
//! links a real CBLAS library must build unchrome without this feature.

use std::os::raw::c_int;

use matrixmultiply::CGemmOption;

const ROW_MAJOR: c_int = 101;
const NO_TRANS: c_int = 111;

/// The floating-point types of the real routines.
trait Real: Copy + PartialEq + std::ops::Add<Output = Self> + std::ops::Mul<Output = Self> {
    const ZERO: Self;
}

impl Real for f32 {
    const ZERO: f32 = 0.0;
}

impl Real for f64 {
    const ZERO: f64 = 0.0;
}

/// Row and column strides of op(M), for a CBLAS matrix argument with leading dimension `ld`:
/// `(ld, 1)` for a row-major matrix not transposed; a column-major layout or a transposition
/// swaps them (both swap back).
fn strides(layout: c_int, trans: c_int, ld: c_int) -> (isize, isize) {
    let ld = ld as isize;
    if (layout == ROW_MAJOR) == (trans == NO_TRANS) {
        (ld, 1)
    } else {
        (1, ld)
    }
}

/// A CBLAS dimension as a count (a negative one is an empty dimension).
fn count(n: c_int) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// ndarray's `unrolled_dot`, term for term (eight partial sums, then the rest in order).
fn unrolled_dot<T: Real>(xs: &[T], ys: &[T]) -> T {
    let len = xs.len().min(ys.len());
    let (mut xs, mut ys) = (&xs[..len], &ys[..len]);
    let mut sum = T::ZERO;
    let mut p = [T::ZERO; 8];
    while xs.len() >= 8 {
        for k in 0..8 {
            p[k] = p[k] + xs[k] * ys[k];
        }
        xs = &xs[8..];
        ys = &ys[8..];
    }
    sum = sum + (p[0] + p[4]);
    sum = sum + (p[1] + p[5]);
    sum = sum + (p[2] + p[6]);
    sum = sum + (p[3] + p[7]);
    for (&x, &y) in xs.iter().zip(ys) {
        sum = sum + x * y;
    }
    sum
}

/// Offset of element `i` of a CBLAS vector of `n` elements whose lowest address is the pointer:
/// a negative increment runs from the end.
fn offset(n: usize, inc: isize, i: usize) -> isize {
    if inc >= 0 {
        i as isize * inc
    } else {
        (n - 1 - i) as isize * -inc
    }
}

/// The dot product as ndarray computes it: unrolled when both vectors are contiguous, in order
/// otherwise.
///
/// # Safety
/// `x` and `y` address `n` elements with increments `incx`, `incy`.
unsafe fn dot<T: Real>(n: usize, x: *const T, incx: isize, y: *const T, incy: isize) -> T {
    if n == 0 {
        return T::ZERO; // as `unrolled_dot` of nothing
    }
    if n == 1 || (incx == 1 && incy == 1) {
        return unrolled_dot(
            std::slice::from_raw_parts(x, n),
            std::slice::from_raw_parts(y, n),
        );
    }
    let mut sum = T::ZERO;
    for i in 0..n {
        sum = sum + *x.offset(offset(n, incx, i)) * *y.offset(offset(n, incy, i));
    }
    sum
}

/// y ← α op(A) x + β y, row by row as ndarray does: `dot(row, x) * α`, plus `y * β` unless β is
/// zero (then y is not read: it may be uninitialised).
///
/// # Safety
/// The arguments describe valid CBLAS operands.
#[allow(clippy::too_many_arguments)]
unsafe fn gemv<T: Real>(
    layout: c_int,
    trans: c_int,
    m: c_int,
    n: c_int,
    alpha: T,
    a: *const T,
    lda: c_int,
    x: *const T,
    incx: c_int,
    beta: T,
    y: *mut T,
    incy: c_int,
) {
    let (rows, cols) = if trans == NO_TRANS {
        (count(m), count(n))
    } else {
        (count(n), count(m))
    };
    let (rs, cs) = strides(layout, trans, lda);
    let (incx, incy) = (incx as isize, incy as isize);
    for i in 0..rows {
        let d = dot(cols, a.offset(i as isize * rs), cs, x, incx);
        let yi = y.offset(offset(rows, incy, i));
        *yi = if beta == T::ZERO {
            d * alpha
        } else {
            *yi * beta + d * alpha
        };
    }
}

/// C ← α op(A) op(B) + β C when C has one or two columns, reading A once in memory order;
/// `false` (nothing done) for other shapes and layouts.
///
/// # Safety
/// The arguments describe valid CBLAS operands.
#[allow(clippy::too_many_arguments)]
unsafe fn gemm_narrow<T: Real>(
    (m, n, k): (usize, usize, usize),
    alpha: T,
    (a, rsa, csa): (*const T, isize, isize),
    (b, rsb, csb): (*const T, isize, isize),
    beta: T,
    (c, rsc, csc): (*mut T, isize, isize),
) -> bool {
    if !(1..=2).contains(&n) || m == 0 || k == 0 {
        return false;
    }
    let at_b = |l: usize, j: usize| {
        if j < n {
            *b.offset(l as isize * rsb + j as isize * csb)
        } else {
            T::ZERO
        }
    };
    // The two result columns, then written to C.
    let (mut s, mut z) = (vec![T::ZERO; m], vec![T::ZERO; m]);
    if csa == 1 {
        // Rows of op(A) are contiguous: two dot products per row, eight partial sums each.
        let b0: Vec<T> = (0..k).map(|l| at_b(l, 0)).collect();
        let b1: Vec<T> = (0..k).map(|l| at_b(l, 1)).collect();
        for (i, (si, zi)) in s.iter_mut().zip(z.iter_mut()).enumerate() {
            let row = std::slice::from_raw_parts(a.offset(i as isize * rsa), k);
            let (mut p, mut q) = ([T::ZERO; 8], [T::ZERO; 8]);
            let mut chunks = row
                .chunks_exact(8)
                .zip(b0.chunks_exact(8).zip(b1.chunks_exact(8)));
            for (r, (u, v)) in &mut chunks {
                for t in 0..8 {
                    p[t] = p[t] + r[t] * u[t];
                    q[t] = q[t] + r[t] * v[t];
                }
            }
            for t in 0..8 {
                *si = *si + p[t];
                *zi = *zi + q[t];
            }
            for l in k - k % 8..k {
                *si = *si + row[l] * b0[l];
                *zi = *zi + row[l] * b1[l];
            }
        }
    } else if rsa == 1 {
        // Columns of op(A) are contiguous (the transpose of a row-major matrix): add each
        // column, scaled, to the result.
        for l in 0..k {
            let col = std::slice::from_raw_parts(a.offset(l as isize * csa), m);
            let (u, v) = (at_b(l, 0), at_b(l, 1));
            for ((si, zi), &x) in s.iter_mut().zip(z.iter_mut()).zip(col) {
                *si = *si + x * u;
                *zi = *zi + x * v;
            }
        }
    } else {
        return false;
    }
    for (i, sums) in s.into_iter().zip(z).enumerate() {
        for (j, v) in [sums.0, sums.1].into_iter().enumerate().take(n) {
            let cij = c.offset(i as isize * rsc + j as isize * csc);
            *cij = if beta == T::ZERO {
                alpha * v
            } else {
                alpha * v + beta * *cij
            };
        }
    }
    true
}

/// The operands of a CBLAS `gemm` as (pointer, row stride, column stride) of op(A), op(B), C.
type Operands<T> = (
    (*const T, isize, isize),
    (*const T, isize, isize),
    (*mut T, isize, isize),
);

#[allow(clippy::too_many_arguments)]
fn operands<T>(
    layout: c_int,
    (transa, transb): (c_int, c_int),
    a: *const T,
    lda: c_int,
    b: *const T,
    ldb: c_int,
    c: *mut T,
    ldc: c_int,
) -> Operands<T> {
    let (rsa, csa) = strides(layout, transa, lda);
    let (rsb, csb) = strides(layout, transb, ldb);
    let (rsc, csc) = strides(layout, NO_TRANS, ldc);
    ((a, rsa, csa), (b, rsb, csb), (c, rsc, csc))
}

/// `cblas_?dot` for a real type: [`dot`].
macro_rules! dot_routine {
    ($name:ident, $t:ty) => {
        /// # Safety
        /// As CBLAS's routine of this name.
        #[no_mangle]
        pub unsafe extern "C" fn $name(
            n: c_int,
            x: *const $t,
            incx: c_int,
            y: *const $t,
            incy: c_int,
        ) -> $t {
            dot(count(n), x, incx as isize, y, incy as isize)
        }
    };
}

/// `cblas_?gemv` for a real type: [`gemv`].
macro_rules! gemv_routine {
    ($name:ident, $t:ty) => {
        /// # Safety
        /// As CBLAS's routine of this name.
        #[no_mangle]
        #[allow(clippy::too_many_arguments)]
        pub unsafe extern "C" fn $name(
            layout: c_int,
            trans: c_int,
            m: c_int,
            n: c_int,
            alpha: $t,
            a: *const $t,
            lda: c_int,
            x: *const $t,
            incx: c_int,
            beta: $t,
            y: *mut $t,
            incy: c_int,
        ) {
            gemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy)
        }
    };
}

/// `cblas_?gemm`: [`gemm_narrow`] when it applies (real types), else matrixmultiply's routine,
/// called as ndarray calls it without BLAS. `$load` reads a scalar argument (complex ones come by
/// pointer); ndarray never asks for a conjugate transpose, and it is not applied.
macro_rules! gemm_routine {
    ($name:ident, $t:ty, $scalar:ty, $load:expr, $narrow:expr, $general:path $(, $option:expr)*) => {
        /// # Safety
        /// As CBLAS's routine of this name.
        #[no_mangle]
        #[allow(clippy::too_many_arguments)]
        pub unsafe extern "C" fn $name(
            layout: c_int,
            transa: c_int,
            transb: c_int,
            m: c_int,
            n: c_int,
            k: c_int,
            alpha: $scalar,
            a: *const $t,
            lda: c_int,
            b: *const $t,
            ldb: c_int,
            beta: $scalar,
            c: *mut $t,
            ldc: c_int,
        ) {
            let dims = (count(m), count(n), count(k));
            let (a, b, c) = operands(layout, (transa, transb), a, lda, b, ldb, c, ldc);
            let (alpha, beta) = ($load(alpha), $load(beta));
            if !$narrow(dims, alpha, a, b, beta, c) {
                $general(
                    $($option,)* dims.0, dims.2, dims.1, alpha, a.0, a.1, a.2, b.0, b.1, b.2,
                    beta, c.0, c.1, c.2,
                );
            }
        }
    };
}

dot_routine!(cblas_ddot, f64);
dot_routine!(cblas_sdot, f32);
gemv_routine!(cblas_dgemv, f64);
gemv_routine!(cblas_sgemv, f32);
gemm_routine!(
    cblas_dgemm,
    f64,
    f64,
    |v| v,
    gemm_narrow,
    matrixmultiply::dgemm
);
gemm_routine!(
    cblas_sgemm,
    f32,
    f32,
    |v| v,
    gemm_narrow,
    matrixmultiply::sgemm
);
gemm_routine!(
    cblas_zgemm,
    [f64; 2],
    *const [f64; 2],
    |v: *const [f64; 2]| *v,
    |_, _, _, _, _, _| false,
    matrixmultiply::zgemm,
    CGemmOption::Standard,
    CGemmOption::Standard
);
gemm_routine!(
    cblas_cgemm,
    [f32; 2],
    *const [f32; 2],
    |v: *const [f32; 2]| *v,
    |_, _, _, _, _, _| false,
    matrixmultiply::cgemm,
    CGemmOption::Standard,
    CGemmOption::Standard
);

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2, ShapeBuilder};

    /// ndarray's products (through the routines above) against a plain triple loop, for the
    /// narrow path (one and two columns, both layouts of A) and the matrixmultiply path.
    #[test]
    fn products_match_a_plain_loop() {
        let (m, k) = (37, 21);
        let a = Array2::from_shape_fn((m, k), |(i, l)| ((i * 7 + l * 3) % 11) as f64 - 5.0);
        let af = {
            let mut f = Array2::zeros((m, k).f());
            f.assign(&a);
            f
        };
        for n in [1, 2, 3, 9] {
            let b = Array2::from_shape_fn((k, n), |(l, j)| (l as f64) * 0.5 - j as f64);
            let want = Array2::from_shape_fn((m, n), |(i, j)| {
                (0..k).map(|l| a[[i, l]] * b[[l, j]]).sum::<f64>()
            });
            for got in [a.dot(&b), af.dot(&b)] {
                assert!((&got - &want).iter().all(|d| d.abs() < 1e-9), "n = {n}");
            }
            // The transpose of a row-major matrix: columns contiguous.
            let bt = Array2::from_shape_fn((m, n), |(i, j)| (i as f64) * 0.25 + j as f64);
            let want_t = Array2::from_shape_fn((k, n), |(l, j)| {
                (0..m).map(|i| a[[i, l]] * bt[[i, j]]).sum::<f64>()
            });
            let got_t = a.t().dot(&bt);
            assert!((&got_t - &want_t).iter().all(|d| d.abs() < 1e-9), "n = {n}");
        }
        // Matrix-vector and vector products, forwards and backwards.
        let x = Array1::from_shape_fn(k, |l| l as f64 - 3.0);
        let want: Vec<f64> = (0..m)
            .map(|i| (0..k).map(|l| a[[i, l]] * x[l]).sum())
            .collect();
        let got = a.dot(&x);
        assert!(got.iter().zip(&want).all(|(g, w)| (g - w).abs() < 1e-9));
        let xr = x.slice(ndarray::s![..;-1]).to_owned();
        let got_r = a.dot(&xr.slice(ndarray::s![..;-1]));
        assert_eq!(got, got_r);
        let long = Array1::from_shape_fn(100, |l| (l % 13) as f64);
        let d = long.dot(&long.slice(ndarray::s![..;-1]));
        let want_d: f64 = (0..100).map(|l| long[l] * long[99 - l]).sum();
        assert!((d - want_d).abs() < 1e-9);
    }

    /// `cblas_dgemm` called directly, every layout and transposition, one to three result
    /// columns, β zero and not: against a plain loop over the logical matrices.
    #[test]
    fn gemm_matches_a_plain_loop_in_every_layout() {
        let (m, k) = (13, 9);
        for n in 1..=3usize {
            for layout in [super::ROW_MAJOR, 102] {
                for (ta, tb) in [(111, 111), (112, 111), (111, 112), (112, 112)] {
                    for beta in [0.0, 0.5] {
                        // op(A)(i, l), op(B)(l, j), C(i, j) as values; stored per layout/trans.
                        let av = |i: usize, l: usize| (i * 3 + l * 5 % 7) as f64 - 4.0;
                        let bv = |l: usize, j: usize| (l as f64) * 0.25 - j as f64;
                        let cv = |i: usize, j: usize| (i + j) as f64;
                        let store =
                            |rows: usize,
                             cols: usize,
                             trans: bool,
                             f: &dyn Fn(usize, usize) -> f64| {
                                // The stored matrix is op⁻¹: rows × cols of op(M), transposed if asked.
                                let (sr, sc) = if trans { (cols, rows) } else { (rows, cols) };
                                let mut v = vec![0.0; sr * sc];
                                for r in 0..sr {
                                    for c in 0..sc {
                                        let x = if trans { f(c, r) } else { f(r, c) };
                                        let at = if layout == super::ROW_MAJOR {
                                            r * sc + c
                                        } else {
                                            c * sr + r
                                        };
                                        v[at] = x;
                                    }
                                }
                                let ld = if layout == super::ROW_MAJOR { sc } else { sr };
                                (v, ld as i32)
                            };
                        let (a, lda) = store(m, k, ta == 112, &av);
                        let (b, ldb) = store(k, n, tb == 112, &bv);
                        let (mut c, ldc) = store(m, n, false, &cv);
                        unsafe {
                            super::cblas_dgemm(
                                layout,
                                ta,
                                tb,
                                m as i32,
                                n as i32,
                                k as i32,
                                2.0,
                                a.as_ptr(),
                                lda,
                                b.as_ptr(),
                                ldb,
                                beta,
                                c.as_mut_ptr(),
                                ldc,
                            );
                        }
                        for i in 0..m {
                            for j in 0..n {
                                let want = 2.0 * (0..k).map(|l| av(i, l) * bv(l, j)).sum::<f64>()
                                    + beta * cv(i, j);
                                let at = if layout == super::ROW_MAJOR {
                                    i * n + j
                                } else {
                                    j * m + i
                                };
                                assert!(
                                    (c[at] - want).abs() < 1e-9,
                                    "n {n} layout {layout} trans {ta}/{tb} beta {beta}: ({i}, {j})"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
