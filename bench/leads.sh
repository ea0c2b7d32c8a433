#!/usr/bin/env bash
# Leads benchmark (issue 20): the leads of every candidate of a screening run at Met scale (`reassess synth --scale met`:
# 15 years of the Metropolitan Police, about 9,000 met-2025 candidates), target <= 10 s. Not a test: run on demand.
#
#   bench/leads.sh [--db FILE] [--keep FILE] [--rounds N] [--case-pages N]
#
# Without --db it builds a database: synthetic data, `reassess import`, `reassess link`, `reassess screen --profile
# met-2025`. --keep FILE keeps that database (e.g. for `bench/web-load.sh --db FILE`, which then measures the case page
# with its leads). Each round times `reassess leads --profile met-2025 --out FILE` end to end (wall clock: process start,
# the leads engine over every candidate, the audited CSV), and prints the load average, since the machine may be shared.
# --case-pages N then serves the workbench on that database and times the case page, which shows the case's leads, for
# the N highest-priority candidates of the largest force: first views (leads found), revisits (leads kept), and
# revisits from 50 concurrent clients; median and p95 per request. (One signed-in session: an authenticator code is
# accepted once, so one account cannot open 50 sessions within a 30-second step.)
set -euo pipefail
cd "$(dirname "$0")/.."

db=""; keep=""; rounds=3; pages=0
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --case-pages) pages="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d /tmp/reassess-leadsbench.XXXXXX)
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
reassess() { dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll "$@"; }
now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }

if [ -z "$db" ]; then
  db="${keep:-$work/leads.db}"
  rm -f "$db"
  echo "== synthetic data (met scale), import, linkage, screening"
  t=$(now); reassess synth --out "$work/synthetic" --scale met --as-of 2025-03-31 --seed 7 >/dev/null; echo "synth $(secs "$t" "$(now)") s"
  t=$(now)
  for bundle in "$work"/synthetic/*/; do
    [ -f "$bundle/investigations.csv" ] && reassess import "$bundle" --db "$db" >/dev/null
  done
  [ -f "$work/synthetic/investigations.csv" ] && reassess import "$work/synthetic" --db "$db" >/dev/null
  echo "import $(secs "$t" "$(now)") s"
  t=$(now); reassess link --db "$db" >/dev/null; echo "link $(secs "$t" "$(now)") s"
  t=$(now); reassess screen --db "$db" --profile met-2025 --as-of 2025-03-31 >/dev/null; echo "screen (with the lead factors) $(secs "$t" "$(now)") s"
fi

command -v sqlite3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null; }
investigations=$(sqlite3 "$db" "select count(*) from investigations")
candidates=$(sqlite3 "$db" "select count(*) from candidates where profile_name='met-2025' and still_qualifies=1 and latest_run_id=(select max(id) from screening_runs where profile_name='met-2025' and completed_at is not null)")
echo "database: $investigations investigations, $candidates met-2025 candidates; machine: $(nproc) cores"

for round in $(seq 1 "$rounds"); do
  t=$(now)
  REASSESS_ACTOR=bench reassess leads --db "$db" --profile met-2025 --out "$work/leads.csv" >/dev/null
  elapsed=$(secs "$t" "$(now)")
  echo "round $round: leads for $candidates candidates in $elapsed s ($(($(wc -l < "$work/leads.csv") - 1)) leads; load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
echo "leads by kind (last round):"
tail -n +2 "$work/leads.csv" | python3 -c "import csv,sys,collections; c=collections.Counter(r[2] for r in csv.reader(sys.stdin)); [print(f'  {k}: {v}') for k,v in sorted(c.items())]"

[ "$pages" -gt 0 ] || exit 0
echo "== case pages with their leads"
force=$(sqlite3 "$db" "select force from candidates group by force order by count(*) desc limit 1")
sqlite3 "$db" "select id from candidates where force='$force' and still_qualifies=1 order by priority desc limit $pages" > "$work/ids.txt"
password="bench password of some length"
user="bench.leads.$(date +%s)"
secret=$(echo "$password" | reassess users add "$user" --role reviewer --force "$force" --password-stdin --db "$db" | sed -n 's/^secret: //p')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
Logging__LogLevel__Default=Warning dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll serve --db "$db" --urls "http://127.0.0.1:$port" \
  --keys "$work/keys" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/sign-in" >/dev/null 2>&1 && break; sleep 1; done
python3 - "$port" "$secret" "$password" "$user" "$work/ids.txt" <<'PY'
import sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
sys.path.insert(0, "bench")
from workbench_signin import sign_in
port, secret, password, user, idfile = sys.argv[1:6]
base = f"http://127.0.0.1:{port}"
ids = [l.strip() for l in open(idfile) if l.strip()]
_, jar = sign_in(base, user, password, secret)
cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
def get(i):
    req = urllib.request.Request(f"{base}/cases/{i}", headers={"Cookie": cookie})
    t = time.perf_counter()
    body = urllib.request.urlopen(req).read().decode()
    ms = (time.perf_counter() - t) * 1000
    if 'id="leads"' not in body: sys.exit(f"case {i}: no leads section")
    return ms, body.count("data-kind=")
def report(name, times):
    s = sorted(times); p = lambda q: s[min(len(s) - 1, int(q * len(s)))]
    print(f"{name}: {len(s)} requests, median {p(0.5):.1f} ms, p95 {p(0.95):.1f} ms, max {s[-1]:.1f} ms")
first = [get(i) for i in ids]
report("first views (leads found), one client", [m for m, _ in first])
print(f"  leads shown per case: mean {sum(n for _, n in first) / len(first):.1f}, max {max(n for _, n in first)}")
report("revisits (leads kept), one client", [get(i)[0] for i in ids * 2])
with ThreadPoolExecutor(50) as pool:
    report("revisits, 50 concurrent clients", [m for m, _ in pool.map(get, ids * 4)])
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
