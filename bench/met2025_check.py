#!/usr/bin/env python3
"""Independent count of met-2025 candidates in a bundle (screening.md), for calibrating the synthetic generator.
Usage: bench/met2025_check.py BUNDLE AS_OF (run on demand; the tests and the demo use the real screening)"""
import csv, sys, collections, datetime as dt
bundle, as_of = sys.argv[1], dt.date.fromisoformat(sys.argv[2])
SEX = {"17A":(0,1),"17B":(1,1),"19C":(0,1),"19D":(1,1),"19E":(1,1),"19F":(0,1),"19G":(1,1),"19H":(1,1),"20A":(0,1),"20B":(1,1),"21":(1,1),
       "22A":(0,1),"22B":(1,1),"23":(0,1),"70":(0,1),"71":(1,1),"71/17":(1,0),"72":(0,1),"73":(1,1),"88A":(1,0),"88C":(0,0),"88D":(0,1),"88E":(0,0)}
NFA = {"9","10","11","12","13","14","15","16","17","18","21"}
def d(s): return dt.date.fromisoformat(s) if s else None
def age(dob, on):
    a = on.year - dob.year
    if (on.month, on.day) < (dob.month, dob.day): a -= 1
    return a
people = {}
with open(f"{bundle}/people.csv", newline="") as f:
    for r in csv.DictReader(f): people[(r["force"], r["person_id"])] = r
inv = collections.defaultdict(lambda: {"s": set(), "v": set(), "rel": {}, "disp": []})
with open(f"{bundle}/involvements.csv", newline="") as f:
    for r in csv.DictReader(f):
        x = inv[(r["force"], r["investigation_id"])]
        if r["role"] == "suspect":
            x["s"].add(r["person_id"]); x["rel"][r["person_id"]] = r["relationship"]; x["disp"].append(r["suspect_disposal"])
        elif r["role"] == "victim": x["v"].add(r["person_id"])
counts = collections.Counter(); years = collections.Counter(); typ = collections.Counter(); total = 0
window = as_of.replace(year=as_of.year - 15)
gaps = 0; susp = 0
with open(f"{bundle}/investigations.csv", newline="") as f:
    for r in csv.DictReader(f):
        total += 1
        key = (r["force"], r["investigation_id"]); x = inv[key]; rec = d(r["recorded_date"]); off = d(r["offence_from"])
        if not (window <= rec <= as_of): continue
        counts["1 window"] += 1
        codes = r["offence_codes"].upper().split(";")
        child = any(SEX.get(c, (0, 0))[0] for c in codes)
        if not child and any(c in SEX for c in codes):
            for v in x["v"]:
                dob = d(people[(r["force"], v)]["date_of_birth"])
                if dob and age(dob, off) < 18: child = True
        if not child: continue
        counts["2 child sexual"] += 1
        if len(x["s"]) < 2: continue
        counts["3 two+ suspects"] += 1
        if not (r["outcome_code"] in NFA or r["cps_decision"] in ("nfa_evidential", "nfa_public_interest") or "nfa" in x["disp"]): continue
        counts["4 NFA"] += 1
        years[rec.year] += 1
        rels = list(x["rel"].values()); labels = set()
        if any(q in ("family", "household") for q in rels): labels.add("intrafamilial")
        if any(q in ("position_of_trust", "carer") for q in rels): labels.add("institutional")
        if any(q == "online_contact" for q in rels): labels.add("online")
        ages = [age(d(people[(r["force"], s)]["date_of_birth"]), off) if people[(r["force"], s)]["date_of_birth"] else None for s in x["s"]]
        if all(a is not None and a < 18 for a in ages): labels.add("peer")
        if not labels & {"intrafamilial", "institutional", "peer"}: labels.add("network")
        for l in labels: typ[l] += 1
        for s in x["s"]:
            susp += 1
            if not people[(r["force"], s)]["self_defined_ethnicity"]: gaps += 1
print("investigations", total)
for k in sorted(counts): print(k, counts[k])
print("by year", dict(sorted(years.items())))
print("typologies", dict(typ))
print(f"suspects in candidates {susp}, ethnicity not recorded {gaps} ({gaps/max(1,susp):.0%})")
