#!/usr/bin/env bash
# Mapping benchmark (issue 24): a direct import of a synthetic force-export-v1 bundle against a mapped import of the same
# data in a force's own layout (renamed columns, dd/MM/yyyy dates, local role and outcome codes translated, a constant
# force), each into a new SQLite database, in alternating rounds. Prints each time and the ratio mapped / direct
# (target <= 1.10), then the median of the rounds' ratios.
#
#   bench/mapping.sh                 100,000 investigations generated with `reassess synth`
#   bench/mapping.sh --synth N       N investigations
#   ROUNDS=5 bench/mapping.sh …      rounds of direct then mapped (default 3)
#   PG="Host=…;Username=…" bench/mapping.sh …   on PostgreSQL instead (a new database each round)
set -euo pipefail
cd "$(dirname "$0")/.."
n=100000
[ "${1:-}" = "--synth" ] && n=${2:?usage: bench/mapping.sh [--synth N]}
work=$(mktemp -d /tmp/reassess-mapping-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
cli=(dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll)

echo "generating $n investigations…"
"${cli[@]}" synth --out "$work/bundle" --scale "$n" --seed 7 >/dev/null
rm -rf "$work/bundle/truth"
echo "writing them in a force's own layout…"
python3 - "$work/bundle" "$work/layout" <<'PY'
import csv, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst)
def dmy(v): return f"{v[8:10]}/{v[5:7]}/{v[0:4]}" if v else v
roles = {"victim": "Victim", "suspect": "Offender", "witness": "Witness", "other": "Informant"}
plans = {  # bundle file: (layout file, {column: (new name, transform)}), the force column dropped (a constant in the mapping)
    "investigations.csv": ("crimes.csv", {"investigation_id": ("CRIME_REF", None), "recorded_date": ("REPORTED", dmy),
        "offence_from": ("FROM_DATE", dmy), "offence_to": ("TO_DATE", dmy), "offence_codes": ("HO_CLASS", None),
        "outcome_code": ("RESULT", lambda v: "OC" + v if v else v), "outcome_date": ("RESULT_DATE", dmy),
        "cps_decision": ("CPS", None), "cse_flag": ("CSE", None), "independently_reviewed": ("REVIEWED", None),
        "postcode": ("LOCATION", None), "summary": ("MO", None)}),
    "people.csv": ("nominals.csv", {"person_id": ("NOMINAL", None), "surname": ("SURNAME", None), "forenames": ("FORENAMES", None),
        "date_of_birth": ("DOB", dmy), "sex": ("GENDER", None), "self_defined_ethnicity": ("SDE", None),
        "officer_observed_ethnicity": ("OOE", None), "nationality": ("NATIONALITY", None), "date_of_death": ("DOD", dmy),
        "pnc_id": ("PNC", None), "occupation": ("OCCUPATION", None), "postcode": ("HOME_PC", None)}),
    "involvements.csv": ("links.csv", {"investigation_id": ("CRIME_REF", None), "person_id": ("NOMINAL", None),
        "role": ("ROLE", lambda v: roles[v]), "relationship": ("REL", None), "suspect_disposal": ("DISPOSAL", None),
        "arrested": ("ARRESTED", None), "interviewed": ("INTERVIEWED", None)}),
    "identifiers.csv": ("contacts.csv", {"kind": ("TYPE", None), "value": ("VALUE", None), "person_id": ("NOMINAL", None),
        "investigation_id": ("CRIME_REF", None), "context": ("NOTES", None)}),
}
for name, (out, cols) in plans.items():
    if not os.path.exists(os.path.join(src, name)): continue
    with open(os.path.join(src, name), newline="", encoding="utf-8") as f, open(os.path.join(dst, out), "w", newline="", encoding="utf-8") as g:
        r = csv.DictReader(f); w = csv.writer(g, lineterminator="\n")
        keep = [c for c in r.fieldnames if c in cols]
        w.writerow([cols[c][0] for c in keep])
        for row in r:
            w.writerow([(cols[c][1] or (lambda v: v))(row[c]) for c in keep])
PY
force=$(awk -F, 'NR==2{print $1; exit}' "$work/bundle/investigations.csv")
outcomes=$(python3 -c "import json; print(json.dumps({'OC'+c: c for c in ['1','1A']+[str(i) for i in range(2,23)]}))")
cat > "$work/layout/mapping.json" <<JSON
{
  "version": 1, "force": "$force", "dateFormats": ["dd/MM/yyyy"],
  "translations": { "outcome": $outcomes,
                    "role": { "Victim": "victim", "Offender": "suspect", "Witness": "witness", "Informant": "other" } },
  "sources": { "crimes": { "file": "crimes.csv" }, "nominals": { "file": "nominals.csv" },
               "links": { "file": "links.csv" }, "contacts": { "file": "contacts.csv" } },
  "tables": {
    "investigations": [ { "from": "crimes", "columns": { "investigation_id": "CRIME_REF", "recorded_date": "REPORTED",
      "offence_from": "FROM_DATE", "offence_to": "TO_DATE", "offence_codes": "HO_CLASS",
      "outcome_code": { "column": "RESULT", "translate": "outcome" }, "outcome_date": "RESULT_DATE", "cps_decision": "CPS",
      "cse_flag": "CSE", "independently_reviewed": "REVIEWED", "postcode": "LOCATION", "summary": "MO" } } ],
    "people": [ { "from": "nominals", "columns": { "person_id": "NOMINAL", "surname": "SURNAME", "forenames": "FORENAMES",
      "date_of_birth": "DOB", "sex": "GENDER", "self_defined_ethnicity": "SDE", "officer_observed_ethnicity": "OOE",
      "nationality": "NATIONALITY", "date_of_death": "DOD", "pnc_id": "PNC", "occupation": "OCCUPATION", "postcode": "HOME_PC" } } ],
    "involvements": [ { "from": "links", "columns": { "investigation_id": "CRIME_REF", "person_id": "NOMINAL",
      "role": { "column": "ROLE", "translate": "role" }, "relationship": "REL", "suspect_disposal": "DISPOSAL",
      "arrested": "ARRESTED", "interviewed": "INTERVIEWED" } } ],
    "identifiers": [ { "from": "contacts", "columns": { "kind": "TYPE", "value": "VALUE", "person_id": "NOMINAL",
      "investigation_id": "CRIME_REF", "context": "NOTES" } } ]
  }
}
JSON
rows=0; for f in "$work"/bundle/*.csv; do rows=$((rows + $(wc -l < "$f") - 1)); done
echo "bundle: $rows lines of data in $(ls "$work/bundle" | tr '\n' ' '); layout: $(ls "$work/layout" | tr '\n' ' ')"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; engine: ${PG:+PostgreSQL}${PG:-SQLite}"

now() { date +%s.%N; }
db() { # a new, empty database for one import
  if [ -n "${PG:-}" ]; then
    local name="bench_mapping_$1"
    psql "$(python3 -c "import sys; d=dict(p.split('=',1) for p in sys.argv[1].split(';') if p); print(f\"host={d.get('Host','127.0.0.1')} port={d.get('Port','5432')} user={d.get('Username','postgres')} dbname=postgres\")" "$PG")" \
      -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
    echo "$(python3 -c "import sys; print(';'.join(p for p in sys.argv[1].split(';') if p and not p.lower().startswith('database=')))" "$PG");Database=$name"
  else
    rm -f "$work/$1.db"*; echo "$work/$1.db"
  fi
}
ratios=()
for round in $(seq "${ROUNDS:-3}"); do
  target=$(db direct); t0=$(now)
  "${cli[@]}" import "$work/bundle" --db "$target" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  t1=$(now); target=$(db mapped); t2=$(now)
  "${cli[@]}" import "$work/layout" --mapping "$work/layout/mapping.json" --db "$target" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }
  t3=$(now)
  r=$(python3 -c "import sys; d,m=float(sys.argv[2])-float(sys.argv[1]),float(sys.argv[4])-float(sys.argv[3]); print(f'{d:.2f} {m:.2f} {m/d:.3f}')" "$t0" "$t1" "$t2" "$t3")
  set -- $r
  echo "round $round: direct $1 s, mapped $2 s: mapped/direct $3 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  ratios+=("$3")
done
echo "median mapped/direct over ${#ratios[@]} rounds: $(python3 -c "import statistics, sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.3f}')" "${ratios[@]}") (target <= 1.10)"
