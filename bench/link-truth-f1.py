#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of `reassess link`'s resolved people against a synthetic extract's truth.

    bench/link-truth-f1.py SYNTH_OUT_DIR DB.sqlite [DB2.sqlite ...]

Each database is the extract imported and linked (SQLite). A pair of nominals is predicted when both resolve to the
same person (resolved_people), true when truth/people.csv gives them the same real_person_id.
"""
import collections, csv, os, sqlite3, sys

out_dir, dbs = sys.argv[1], sys.argv[2:]
truth = {}
with open(os.path.join(out_dir, "truth", "people.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        truth[(row["force"], row["person_id"])] = row["real_person_id"]


def pairs(groups):
    return sum(n * (n - 1) // 2 for n in groups.values())


for db in dbs:
    rows = sqlite3.connect(db).execute(
        "SELECT p.force, p.person_ref, r.resolved_id FROM resolved_people r JOIN people p ON p.id = r.person_id").fetchall()
    predicted, real, both = collections.Counter(), collections.Counter(), collections.Counter()
    for force, ref, resolved in rows:
        t = truth[(force, ref)]
        predicted[resolved] += 1
        real[t] += 1
        both[(resolved, t)] += 1
    tp, pp, tt = pairs(both), pairs(predicted), pairs(real)
    p = tp / pp if pp else 1.0
    r = tp / tt if tt else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"{db}: {len(rows)} nominals, {tt} true pairs, {pp} linked pairs, {tp} correct, "
          f"precision {p:.4f}, recall {r:.4f}, F1 {f1:.4f}")
