#!/usr/bin/env python3
"""Accuracy of `reassess link` against the synthetic ground truth (run on demand, never as a test).

    bench/linknet-accuracy.py DB.sqlite SYNTH_OUT_DIR

Reads the SQLite database after `reassess link` and SYNTH_OUT_DIR/truth/{people,networks,network_investigations}.csv.
Reports person-resolution pairwise precision/recall/F1, planted networks recovered, missed-group investigations recovered.
"""
import csv, math, os, sqlite3, sys
from collections import Counter, defaultdict

db, out = sys.argv[1], sys.argv[2]
truth = os.path.join(out, "truth")
con = sqlite3.connect(db)

nominal = {(f, r): i for i, f, r in con.execute("SELECT id, force, person_ref FROM people")}
resolved = dict(con.execute("SELECT person_id, resolved_id FROM resolved_people"))
real = {}
with open(os.path.join(truth, "people.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        real[nominal[(row["force"].upper(), row["person_id"])]] = row["real_person_id"]

# --- person resolution, pairwise -------------------------------------------------------------
pair2 = lambda n: n * (n - 1) // 2
both = Counter((resolved.get(p, p), real[p]) for p in real)
pred = Counter(resolved.get(p, p) for p in real)
true = Counter(real[p] for p in real)
tp = sum(pair2(c) for c in both.values())
pp = sum(pair2(c) for c in pred.values())
tt = sum(pair2(c) for c in true.values())
precision = tp / pp if pp else 1.0
recall = tp / tt if tt else 1.0
f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
print(f"nominals {len(real):,}; real people {len(true):,}; resolved people {len(pred):,}")
print(f"person resolution pairwise: precision {precision:.4f} recall {recall:.4f} F1 {f1:.4f} "
      f"(true pairs {tt:,}, predicted {pp:,}, correct {tp:,})")

# --- planted networks ------------------------------------------------------------------------
planted = defaultdict(set)
with open(os.path.join(truth, "networks.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["role"] == "offender":
            planted[row["network_id"]].add(row["real_person_id"])
found = defaultdict(set)
for network_id, person_id, role in con.execute("SELECT network_id, person_id, role FROM network_members"):
    if person_id in real and role == "suspect":
        found[network_id].add(real[person_id])
network_of = defaultdict(set)
for n, reals in found.items():
    for r in reals:
        network_of[r].add(n)
recovered = 0
jaccards = []
for nid, offenders in planted.items():
    overlap = Counter(n for r in offenders for n in network_of[r])
    if not overlap:
        jaccards.append(0.0)
        continue
    best, inter = overlap.most_common(1)[0]
    jaccards.append(inter / len(offenders | found[best]))
    if inter >= 2 and inter >= math.ceil(len(offenders) / 2):
        recovered += 1
total = len(planted)
print(f"planted networks {total:,}: recovered {recovered:,} ({(recovered / total if total else 1):.1%}) "
      f"[one found network holds >= half of its offenders, at least 2]; mean best Jaccard (offenders vs suspects) {sum(jaccards) / max(1, total):.3f}")
print(f"found networks {len(found):,}")

# --- missed groups ---------------------------------------------------------------------------
inv = {(f, r): i for i, f, r in con.execute("SELECT id, force, investigation_ref FROM investigations")}
planted_missed, in_networks = set(), set()
with open(os.path.join(truth, "network_investigations.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        i = inv.get((row["force"].upper(), row["investigation_id"]))
        if i is None:
            continue
        in_networks.add(i)
        if row["missed_group"] == "true":
            planted_missed.add(i)
ours = {i for (i,) in con.execute("SELECT investigation_id FROM missed_group_links")}
hit = len(planted_missed & ours)
print(f"missed-group investigations planted {len(planted_missed):,}: recovered {hit:,} "
      f"({(hit / len(planted_missed) if planted_missed else 1):.1%}); linkage flagged {len(ours):,} "
      f"of which {len(ours & in_networks):,} are investigations of planted networks")
