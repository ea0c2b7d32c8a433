#!/usr/bin/env python3
"""Join a synthetic extract's people.csv to its truth for the linkage benchmark (run on demand).

    bench/synth-people.py SYNTH_OUT_DIR OUT.csv
    SYNTH_PEOPLE=OUT.csv dotnet run -c Release --project bench/Reassess.Bench -- accuracy DATA_DIR --model
"""
import csv, os, sys

out_dir, target = sys.argv[1], sys.argv[2]
real = {}
with open(os.path.join(out_dir, "truth", "people.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        real[(row["force"], row["person_id"])] = row["real_person_id"]
with open(os.path.join(out_dir, "people.csv"), newline="", encoding="utf-8") as f, open(target, "w", newline="", encoding="utf-8") as o:
    reader = csv.DictReader(f)
    writer = csv.writer(o)
    cols = ["forenames", "surname", "date_of_birth", "sex", "postcode", "occupation", "pnc_id"]
    writer.writerow(["id", *cols, "real_person_id"])
    for row in reader:
        writer.writerow([row["force"] + "/" + row["person_id"], *(row[c] for c in cols), real[(row["force"], row["person_id"])]])
