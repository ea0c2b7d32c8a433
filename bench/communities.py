#!/usr/bin/env python3
"""Reassess's community detection against the reference implementation (issue 23 item 6).

Reads DIR/graph.tsv (written by bench/Reassess.Bench.Communities: 'nodes\tN', then 'from\tto\tweight' per edge) and
DIR/reassess.tsv / DIR/reassess.membership, runs leidenalg's modularity optimisation on the same weighted graph for
several rounds, and prints both side by side. Both partitions' modularity is computed by igraph, the same function
for both, so the comparison does not depend on either side's own arithmetic.

    /usr/bin/python3 bench/communities.py DIR [--rounds 3] [--seed 1]
    /usr/bin/python3 bench/communities.py DIR --sbm N   only write DIR/graph.tsv: a stochastic block model graph of N
        nodes in communities of 10-200 (a planted partition, much denser and harder than the linkage graph)
Needs Debian's python3-igraph and python3-leidenalg.
"""
import argparse
import statistics
import sys
import time

import igraph as ig
import leidenalg as la


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sbm", type=int, default=0)
    a = ap.parse_args()
    if a.sbm:
        return write_sbm(a.dir, a.sbm, a.seed)

    with open(f"{a.dir}/graph.tsv", encoding="utf-8") as f:
        first = f.readline().split("\t")
        n = int(first[1])
        edges, weights = [], []
        for line in f:
            u, v, w = line.rstrip("\n").split("\t")
            edges.append((int(u), int(v)))
            weights.append(float(w))
    g = ig.Graph(n=n, edges=edges, directed=False)
    g.es["weight"] = weights

    with open(f"{a.dir}/reassess.membership", encoding="utf-8") as f:
        ours = [int(x) for x in f.read().split()]
    with open(f"{a.dir}/reassess.tsv", encoding="utf-8") as f:
        f.readline()
        _, _, _, our_seconds = f.readline().rstrip("\n").split("\t")
    our_times = [float(s) for s in our_seconds.split(",")]

    times, partition = [], None
    for _ in range(a.rounds):
        t = time.perf_counter()
        partition = la.find_partition(g, la.ModularityVertexPartition, weights="weight", seed=a.seed)
        times.append(time.perf_counter() - t)
    theirs = partition.membership

    q_ours = g.modularity(ours, weights="weight")
    q_theirs = g.modularity(theirs, weights="weight")
    print(f"graph: {n:,} nodes, {len(edges):,} edges, total weight {sum(weights):,.1f}")
    print("| implementation | modularity (igraph) | communities | seconds, median of rounds (all rounds) |")
    print("| --- | --- | --- | --- |")
    print(f"| Reassess Louvain (C#) | {q_ours:.4f} | {len(set(ours)):,} | {statistics.median(our_times):.3f} ({', '.join(f'{x:.3f}' for x in our_times)}) |")
    print(f"| leidenalg {la.version} (igraph {ig.__version__}) | {q_theirs:.4f} | {len(set(theirs)):,} | {statistics.median(times):.3f} ({', '.join(f'{x:.3f}' for x in times)}) |")
    gap = q_theirs - q_ours
    ratio = statistics.median(our_times) / statistics.median(times)
    print(f"modularity gap (leidenalg - Reassess): {gap:+.4f} (goal: at most 0.01); time ratio Reassess/leidenalg: {ratio:.2f} (goal: at most 1)")
    return 0


def write_sbm(directory: str, n: int, seed: int) -> int:
    import random
    rng = random.Random(seed)
    sizes = []
    while sum(sizes) < n:
        sizes.append(min(rng.randint(10, 200), n - sum(sizes)))
    k = len(sizes)
    inside, across = 0.15, 3.0 / n  # about 15% of pairs inside a block, about 3 links a node across blocks
    pref = [[inside if i == j else across for j in range(k)] for i in range(k)]
    ig.set_random_number_generator(random.Random(seed))
    g = ig.Graph.SBM(n, pref, sizes, directed=False, loops=False)
    with open(f"{directory}/graph.tsv", "w", encoding="utf-8") as f:
        f.write(f"nodes\t{n}\n")
        for u, v in g.get_edgelist():
            f.write(f"{u}\t{v}\t{rng.choice((0.5, 1.0, 1.0, 2.0))}\n")
    print(f"SBM graph: {n:,} nodes in {k} blocks, {g.ecount():,} edges -> {directory}/graph.tsv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
