#!/usr/bin/python3
"""hnswlib reference run on the same ANN files as `OrleansReco.LoadTests ann`.

Run with the Debian interpreter (python3-hnswlib is a Debian package):
    apt-get update && apt-get install -y python3-hnswlib
    /usr/bin/python3 load-tests/compare-hnswlib.py --data ../shared/ann-bench --json ann-hnswlib.json

Builds an inner-product index (M=16, efConstruction=200) on 1 and on 2 threads, then queries the
1,000 queries as one batch on a single thread (set_num_threads(1)) for each efSearch, best of
--repeats timed passes after a warm-up pass, and prints the same table as the C# command.
"""
import argparse
import json
import os
import sys
import tempfile
import time

try:
    import hnswlib
    import numpy as np
except ImportError as error:  # pragma: no cover - environment problem, explained to the user
    sys.exit(f"error: {error}. Install python3-hnswlib (apt-get install -y python3-hnswlib) and run with /usr/bin/python3.")


def read_vecs(path, dtype):
    if not os.path.isfile(path):
        sys.exit(f"error: missing file {path}")
    raw = np.fromfile(path, dtype=np.int32)
    if raw.size == 0:
        sys.exit(f"error: {path} is empty")
    dim = int(raw[0])
    if dim <= 0 or raw.size % (dim + 1) != 0:
        sys.exit(f"error: {path} is not a valid .fvecs/.ivecs file (dimension {dim}, {raw.size} words)")
    rows = raw.reshape(-1, dim + 1)
    if not np.all(rows[:, 0] == dim):
        sys.exit(f"error: {path} has rows of different dimensions")
    return np.ascontiguousarray(rows[:, 1:]).view(dtype)


def build(base, m, ef_construction, threads, seed):
    index = hnswlib.Index(space="ip", dim=base.shape[1])
    index.init_index(max_elements=base.shape[0], M=m, ef_construction=ef_construction, random_seed=seed)
    index.set_num_threads(threads)
    start = time.perf_counter()
    index.add_items(base, np.arange(base.shape[0]))
    return index, time.perf_counter() - start


def recall_at(labels, gt, k):
    hits = 0
    for row, truth in zip(labels, gt):
        hits += len(set(row[:k].tolist()) & set(truth[:k].tolist()))
    return hits / (k * len(labels))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/ann-bench")
    parser.add_argument("--json", default=None)
    parser.add_argument("--ef", default="10,20,40,80,160")
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--skip-1t-build", action="store_true", help="build on 2 threads only")
    parser.add_argument("--index", default=None, help="load the index from this file when it exists (no builds), else save it there")
    args = parser.parse_args()

    base = read_vecs(os.path.join(args.data, "base.fvecs"), np.float32)
    queries = read_vecs(os.path.join(args.data, "query.fvecs"), np.float32)
    gt = read_vecs(os.path.join(args.data, "gt.ivecs"), np.int32)
    if base.shape[1] != queries.shape[1]:
        sys.exit(f"error: base dimension {base.shape[1]} != query dimension {queries.shape[1]}")
    if gt.shape[0] != queries.shape[0] or gt.shape[1] < args.k:
        sys.exit(f"error: gt.ivecs has shape {gt.shape}, expected ({queries.shape[0]}, >= {args.k})")
    print(f"hnswlib {getattr(hnswlib, '__version__', '?')}: base {base.shape}, queries {queries.shape}, gt {gt.shape}", flush=True)

    build_1t = build_2t = None
    if args.index and os.path.isfile(args.index):
        index = hnswlib.Index(space="ip", dim=base.shape[1])
        index.load_index(args.index, max_elements=base.shape[0])
        print(f"loaded {args.index}; no build timed", flush=True)
    else:
        if not args.skip_1t_build:
            index, build_1t = build(base, args.m, args.ef_construction, 1, args.seed)
            print(f"build 1 thread : {build_1t:.2f} s", flush=True)
            del index
        index, build_2t = build(base, args.m, args.ef_construction, 2, args.seed)
        print(f"build 2 threads: {build_2t:.2f} s", flush=True)
        if args.index:
            index.save_index(args.index)

    # On-disk size of the graph (level-0 block with links + labels, upper lists) minus the raw floats;
    # hnswlib's in-memory figure is higher (a std::mutex and a label-map entry per element).
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "index.bin")
        index.save_index(path)
        graph_bytes = (os.path.getsize(path) - base.nbytes) / base.shape[0]

    index.set_num_threads(1)
    rows = []
    print(f"{'ef':>5} {'recall@10':>10} {'qps':>10}")
    for ef in [int(x) for x in args.ef.split(",")]:
        index.set_ef(max(ef, args.k))
        labels, _ = index.knn_query(queries, k=args.k)  # warm-up pass
        best = float("inf")
        for _ in range(args.repeats):
            start = time.perf_counter()
            labels, _ = index.knn_query(queries, k=args.k)
            best = min(best, time.perf_counter() - start)
        recall = recall_at(labels, gt, args.k)
        qps = len(queries) / best
        rows.append({"ef": ef, "recall@10": recall, "qps": qps})
        print(f"{ef:>5} {recall:>10.4f} {qps:>10.0f}", flush=True)
    print(f"graph bytes/vector (on disk, beyond raw floats): {graph_bytes:.1f}")

    result = {
        "engine": "hnswlib",
        "rows": rows,
        "build_seconds_1t": build_1t,
        "build_seconds_2t": build_2t,
        "graph_bytes_per_vector": graph_bytes,
        "m": args.m,
        "ef_construction": args.ef_construction,
    }
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(result, handle, indent=2)
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
