#!/usr/bin/env python3
"""Fit scikit-learn's LogisticRegression (lbfgs) on the very matrix unchrome trains on; time it.

    target/release/unchrome train training/data/wcxb-dev.csv \\
        --holdout-domains training/validation-domains.txt -o /tmp/m.json --export-features /tmp/x.npy
    bench/.venv/bin/python bench/sklearn_train.py /tmp/x.npy [--model /tmp/m.json] [--repeat 3]
                                                  [--threads 1]

Reads X.npy (standardised float64 rows), X.labels.npy (1 = content) and X.json (alpha, iteration
cap, and the unchrome solver's time on the same matrix, written by --export-features). Fits
LogisticRegression(solver="lbfgs", C=2/alpha, max_iter=<same cap>, tol=1e-4) with BLAS limited to
--threads threads (default 1: unchrome's solver is single-threaded), --repeat times, and prints
the median time, the ratio to unchrome's, iterations, training log-loss of both solutions and
how far the weights are apart (with --model: the model's first-stage weights).

Why C = 2/alpha: unchrome fits linfa's two-class multinomial model, -sum log softmax +
alpha/2 (|w_content|^2 + |w_chrome|^2); its optimum has w_content = -w_chrome = w/2, so in terms
of the binary weights w it is -sum log sigmoid + alpha/4 |w|^2, and sklearn minimises
C * -sum log sigmoid + 1/2 |w|^2: the same problem when C = 2/alpha. Neither penalises the
intercept.

Install: bench/.venv/bin/python -m pip install -r bench/peers/requirements-sklearn.txt
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
from threadpoolctl import threadpool_limits


def log_loss(x, y, w, b):
    z = x @ w + b
    # -log sigmoid(z) for y=1, -log sigmoid(-z) for y=0, computed stably
    s = np.where(y == 1, -z, z)
    return float(np.mean(np.logaddexp(0.0, s)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("npy", help="X.npy written by unchrome train --export-features")
    ap.add_argument("--model", help="the model unchrome wrote in the same run (compares weights)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (default 1)")
    ap.add_argument("--json", help="also write the results here")
    a = ap.parse_args()

    from sklearn import __version__ as sk_version
    from sklearn.linear_model import LogisticRegression

    base = os.path.splitext(a.npy)[0]
    x = np.load(a.npy)
    y = np.load(base + ".labels.npy")
    with open(base + ".json", encoding="utf-8") as f:
        meta = json.load(f)
    alpha, max_iter = meta["alpha"], int(meta["max_iterations"])
    print(f"{x.shape[0]} rows x {x.shape[1]} features, {int(y.sum())} content; alpha {alpha} -> "
          f"C {2 / alpha:g}, max_iter {max_iter}; scikit-learn {sk_version}, numpy {np.__version__}, "
          f"{a.threads} BLAS thread(s)", file=sys.stderr)

    times, clf = [], None
    with threadpool_limits(limits=a.threads):
        for _ in range(a.repeat):
            clf = LogisticRegression(solver="lbfgs", C=2.0 / alpha, max_iter=max_iter, tol=1e-4)
            t0 = time.perf_counter()
            clf.fit(x, y)
            times.append(time.perf_counter() - t0)
    sk = statistics.median(times)
    w_sk, b_sk = clf.coef_[0], float(clf.intercept_[0])
    out = {
        "rows": int(x.shape[0]),
        "features": int(x.shape[1]),
        "sklearn_version": sk_version,
        "threads": a.threads,
        "sklearn_seconds": times,
        "sklearn_median_seconds": sk,
        "sklearn_iterations": int(clf.n_iter_[0]),
        "sklearn_train_log_loss": log_loss(x, y, w_sk, b_sk),
        "unchrome_solver_seconds": meta.get("fit_seconds"),
    }
    if meta.get("fit_seconds"):
        out["ratio_unchrome_over_sklearn"] = meta["fit_seconds"] / sk
    if a.model:
        with open(a.model, encoding="utf-8") as f:
            model = json.load(f)
        w_u, b_u = np.array(model["weights"]), float(model["intercept"])
        out["unchrome_train_log_loss"] = log_loss(x, y, w_u, b_u)
        out["max_abs_weight_difference"] = float(np.max(np.abs(w_u - w_sk)))
        out["weight_correlation"] = float(np.corrcoef(w_u, w_sk)[0, 1])
    print(json.dumps(out, indent=1))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
