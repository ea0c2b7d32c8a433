#!/usr/bin/env python3
"""Splits a synthetic bundle into a force's first extract and its later extract (bench/linkage-incremental.sh).

    bench/linkage-incremental.py split BUNDLE OUT_DIR SHARE CHANGED
    bench/linkage-incremental.py compare DB_A DB_B

split: the later extract holds the largest force's most recently recorded investigations (SHARE of all investigations),
their involvements and identifiers, the nominals only they name (new nominals, many of them people already known from
other investigations, as the generator reuses offenders), the known nominals they also name (relisted unchanged), and
CHANGED known nominals of the force with a new occupation. OUT_DIR/first holds the rest. The same split as the tests'
LaterExtract (tests/Reassess.Core.Tests/Linkage/LaterExtract.cs). Synthetic data only.

compare: resolved people and networks of two linked databases (SQLite files), by their nominals (FORCE:REF): how many
people and networks are the same, and the pairs of nominals one resolves as one person and the other does not.
"""
import csv
import sqlite3
import sys
from collections import Counter, defaultdict


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def split(bundle, out, share, changed):
    import os
    inv_h, invs = read(f"{bundle}/investigations.csv")
    ppl_h, people = read(f"{bundle}/people.csv")
    vol_h, vols = read(f"{bundle}/involvements.csv")
    idf_h, idfs = read(f"{bundle}/identifiers.csv")
    c = lambda h, name: h.index(name)
    counts = Counter(r[c(inv_h, "force")] for r in invs)
    force = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    take = max(1, round(share * len(invs)))
    mine = [r for r in invs if r[c(inv_h, "force")] == force]
    mine.sort(key=lambda r: r[c(inv_h, "investigation_id")])
    mine.sort(key=lambda r: r[c(inv_h, "recorded_date")], reverse=True)
    later = {r[c(inv_h, "investigation_id")] for r in mine[:take]}
    is_later = lambda r, h: r[c(h, "force")] == force and r[c(h, "investigation_id")] in later
    key_v = lambda r: r[c(vol_h, "force")] + ":" + r[c(vol_h, "person_id")]
    first_named = {key_v(r) for r in vols if not is_later(r, vol_h)}
    later_named = {key_v(r) for r in vols if is_later(r, vol_h)}
    key_p = lambda r: r[c(ppl_h, "force")] + ":" + r[c(ppl_h, "person_id")]
    new = {key_p(r) for r in people if key_p(r) in later_named and key_p(r) not in first_named}
    known = sorted((r for r in people if r[c(ppl_h, "force")] == force and key_p(r) not in new), key=key_p)
    step = max(1, len(known) // max(1, changed))
    changed_rows = []
    for i, r in enumerate(known):
        if i % step == step // 2 and len(changed_rows) < changed:
            copy = list(r)
            o = c(ppl_h, "occupation")
            copy[o] = "unemployed" if copy[o] == "retired" else "retired"
            changed_rows.append(copy)
    changed_keys = {key_p(r) for r in changed_rows}

    def later_identifier(r):
        inv = r[c(idf_h, "investigation_id")]
        owner = r[c(idf_h, "force")] + ":" + r[c(idf_h, "person_id")]
        return (r[c(idf_h, "force")] == force and inv in later) if inv else owner in new

    for d in ("first", "later"):
        os.makedirs(f"{out}/{d}", exist_ok=True)
    write(f"{out}/first/investigations.csv", inv_h, [r for r in invs if not is_later(r, inv_h)])
    write(f"{out}/later/investigations.csv", inv_h, [r for r in invs if is_later(r, inv_h)])
    write(f"{out}/first/involvements.csv", vol_h, [r for r in vols if not is_later(r, vol_h)])
    write(f"{out}/later/involvements.csv", vol_h, [r for r in vols if is_later(r, vol_h)])
    write(f"{out}/first/people.csv", ppl_h, [r for r in people if key_p(r) not in new])
    write(f"{out}/later/people.csv", ppl_h,
          [r for r in people if key_p(r) in later_named and key_p(r) not in changed_keys] + changed_rows)
    write(f"{out}/first/identifiers.csv", idf_h, [r for r in idfs if not later_identifier(r)])
    write(f"{out}/later/identifiers.csv", idf_h, [r for r in idfs if later_identifier(r)])
    relisted = len(later_named - new)
    print(f"force {force}: later extract {len(later)} investigations ({len(later) / len(invs):.2%} of {len(invs)}), "
          f"{len(new)} new nominals, {relisted} known nominals relisted, {len(changed_rows)} changed; "
          f"{len(new) + len(changed_rows)} new or changed of {len(people)} nominals ({(len(new) + len(changed_rows)) / len(people):.2%})")


def people_of(db):
    con = sqlite3.connect(db)
    groups = defaultdict(list)
    for force, ref, rid in con.execute(
            "SELECT p.force, p.person_ref, r.resolved_id FROM resolved_people r JOIN people p ON p.id = r.person_id"):
        groups[rid].append(f"{force}:{ref}")
    nets = defaultdict(list)
    for label, force, ref in con.execute(
            "SELECT n.label, m.force, m.person_ref FROM network_members m JOIN offender_networks n ON n.id = m.network_id"):
        nets[label].append(f"{force}:{ref}")
    labels = {label: ",".join(sorted(m)) for label, m in nets.items()}
    con.close()
    return {rid: tuple(sorted(m)) for rid, m in groups.items()}, labels


def pairs(groups):
    out = set()
    for members in groups.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                out.add((members[i], members[j]))
    return out


def compare(a, b):
    pa, na = people_of(a)
    pb, nb = people_of(b)
    sa, sb = set(pa.values()), set(pb.values())
    same_ids = sum(1 for rid, m in pa.items() if pb.get(rid) == m)
    xa, xb = pairs(pa), pairs(pb)
    both = len(xa & xb)
    print(f"people: A {len(sa)}, B {len(sb)}, same nominals {len(sa & sb)}, only A {len(sa - sb)}, only B {len(sb - sa)}; "
          f"same id and nominals {same_ids}")
    print(f"same-person pairs: A {len(xa)}, B {len(xb)}, both {both}, only A {len(xa - xb)}, only B {len(xb - xa)}; "
          f"agreement (pairs in both / pairs in either) {both / max(1, len(xa | xb)):.5f}")
    ma, mb = set(na.values()), set(nb.values())
    same_label = sum(1 for label, m in na.items() if nb.get(label) == m)
    print(f"networks: A {len(ma)}, B {len(mb)}, same nominals {len(ma & mb)}, only A {len(ma - mb)}, only B {len(mb - ma)}; "
          f"same label and nominals {same_label}")
    # Which differences touch the later extract: nominals new or changed since the run the incremental one carried forward.
    con = sqlite3.connect(a)
    base = con.execute("SELECT batch_high FROM linkage_runs WHERE id = (SELECT base_run_id FROM linkage_runs WHERE mode = 'incremental' ORDER BY id DESC LIMIT 1)").fetchone()
    touched = set()
    if base:
        b = base[0]
        touched = {f"{f}:{r}" for f, r in con.execute(
            "SELECT force, person_ref FROM people WHERE last_batch_id > ? UNION "
            "SELECT p.force, p.person_ref FROM involvements v JOIN people p ON p.id = v.person_id WHERE v.last_batch_id > ?", (b, b))}
    con.close()
    near = lambda pair: pair[0] in touched or pair[1] in touched
    print(f"nominals new or changed in the later extract: {len(touched)}; differing pairs with one of them: "
          f"only A {sum(map(near, xa - xb))}, only B {sum(map(near, xb - xa))}; without: only A {sum(not near(x) for x in xa - xb)}, "
          f"only B {sum(not near(x) for x in xb - xa)}")
    diff_nets = (ma - mb) | (mb - ma)
    print(f"differing networks holding a new or changed nominal: {sum(1 for m in diff_nets if any(k in touched for k in m.split(',')))} of {len(diff_nets)}")
    for x in sorted(xa - xb)[:5]:
        print("  only A:", x)
    for x in sorted(xb - xa)[:5]:
        print("  only B:", x)


if __name__ == "__main__":
    if sys.argv[1] == "split":
        split(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
