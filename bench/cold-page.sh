#!/usr/bin/env bash
# A cold case page (issue 21 item 10: <= 1 s on this machine with national data): a server started a moment ago and a
# browser with nothing cached. Starts `reassess serve` on --db, signs one reviewer in, then fetches case pages that no
# one has opened since the start, each with every stylesheet, script and image the page links to, as a browser with an
# empty cache would (one after another, so the figure is an upper bound of a browser's parallel load). Prints the
# time of the page alone and of the page with its assets, for the first page after the start and for the next ones.
# Not a test: run on demand.
#
#   bench/cold-page.sh --db FILE [--pages 10] [--settle SECONDS]
#
# The server prepares the first case page once it has started (Reassess:WarmUp, on by default; Reassess__WarmUp=false
# turns it off for a comparison); --settle waits that long after the server answers before signing in, as a reviewer
# arrives some time after a start (default 0: at once). The server's warm-up line is printed when it has one.
set -euo pipefail
cd "$(dirname "$0")/.."

db=""; pages=10; settle=0
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --pages) pages="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$db" ] && [ -e "$db" ] || { echo "cold-page: --db FILE must name an existing database (bench/web-load.sh --db FILE builds one)" >&2; exit 2; }
command -v sqlite3 >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq; apt-get install -y -qq --no-install-recommends sqlite3 >/dev/null; }

work=$(mktemp -d /tmp/reassess-coldpage.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/Reassess.Cli -c Release -nologo -v q >/dev/null
reassess() { dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll "$@"; }

force=$(sqlite3 "$db" "select force from candidates group by force order by count(*) desc limit 1")
password="bench password of some length"
user="cold.reviewer.$(date +%s)"
secret=$(echo "$password" | reassess users add "$user" --role reviewer --force "$force" --password-stdin --db "$db" | sed -n 's/^secret: //p')
# Cases of the force nobody has been shown since the server started (it has just started): the lowest priorities.
ids=$(sqlite3 "$db" "select id from candidates where force='$force' and still_qualifies=1 order by priority, id limit $pages" | paste -sd, -)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
env Logging__LogLevel__Default=Warning Logging__LogLevel__Reassess.Web.Cases.WarmUpOnStart=Information \
  dotnet src/Reassess.Cli/bin/Release/net10.0/reassess.dll serve --db "$db" --urls "http://127.0.0.1:$port" --keys "$work/keys" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 90); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
sleep "$settle"
echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); force $force, $(sqlite3 "$db" "select count(*) from candidates where force='$force'") candidates, $(sqlite3 "$db" "select count(*) from investigations") investigations"

python3 - "$port" "$user" "$password" "$secret" "$ids" <<'PY'
import re, sys, time, urllib.request
sys.path.insert(0, "bench")
from workbench_signin import sign_in
port, user, password, secret, ids = sys.argv[1:6]
base = f"http://127.0.0.1:{port}"
op, _ = sign_in(base, user, password, secret)
def fetch(path, accept_encoding="br, gzip"):
    req = urllib.request.Request(base + path, headers={"Accept-Encoding": accept_encoding})
    start = time.perf_counter()
    with op.open(req) as r:
        body = r.read()
        status = r.status
    return time.perf_counter() - start, body, status
rows = []
for n, cid in enumerate(ids.split(",")):
    page_s, body, status = fetch(f"/cases/{cid}", accept_encoding="identity")
    if status != 200: sys.exit(f"/cases/{cid} answered {status}")
    html = body.decode()
    assets = sorted(set(re.findall(r'(?:href|src)="(/(?:lib|css|js|img|assets)[^"#?]*(?:\?[^"]*)?)"', html)))
    assets_s = 0.0; size = 0
    for a in assets:
        s, b, st = fetch(a.replace("&amp;", "&"))
        assets_s += s; size += len(b)
    rows.append((n, cid, page_s, assets_s, len(assets), size, len(body)))
for n, cid, page_s, assets_s, count, size, html in rows:
    label = "first page after the start" if n == 0 else "a later first view"
    print(f"case {cid} ({label}): page {page_s * 1000:.0f} ms ({html / 1024:.0f} KB), with its {count} assets {(page_s + assets_s) * 1000:.0f} ms ({size / 1024:.0f} KB compressed)")
later = sorted(r[2] + r[3] for r in rows[1:])
if later:
    print(f"later first views with assets: median {later[len(later) // 2] * 1000:.0f} ms, max {later[-1] * 1000:.0f} ms")
PY
grep -o "Warm-up[^\"]*" "$work/server.log" | head -1 || true
