#!/usr/bin/env python3
"""Where a server's CPU went, from the samples bench/web-load.sh --trace writes (perf script output).

    bench/trace-top.py PHASE.stacks [--top 40] [--match TEXT] [--callers TEXT]

Each sample is one stack, innermost frame first, taken on CPU (perf's cpu-clock), so waits do not appear. It prints:
- the share of samples by where the innermost frame runs: managed code, SQLite, the garbage collector, the JIT, the
  kernel, the rest of the runtime;
- for each frame, the share of samples with it anywhere on the stack (inclusive) and innermost (exclusive);
- with --match, only the samples whose stack contains TEXT (one request kind, one query);
- with --callers TEXT, the Reassess frames that lead to TEXT, by share of its samples.
Not a test: run on demand.
"""
import argparse
import collections
import re
import sys

FRAME = re.compile(r"^\s*[0-9a-f]+\s+(?P<rest>.*)$")


def frame(line):
    """(symbol, dso) of a perf script frame line: "addr symbol+off (dso)", where both may hold brackets."""
    m = FRAME.match(line.rstrip())
    if not m or not m.group("rest").endswith(")"):
        return None
    rest = m.group("rest")[:-1]
    at = max(rest.rfind(" (/"), rest.rfind(" (["))
    if at < 0:
        return None
    return clean(rest[:at]), rest[at + 2:]


def samples(path):
    stack = []
    for line in open(path, errors="replace"):
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if line[0] in " \t":
            f = frame(line)
            if f:
                stack.append(f)
    if stack:
        yield stack


def clean(symbol: str) -> str:
    symbol = re.sub(r"\+0x[0-9a-f]+$", "", symbol)
    symbol = re.sub(r"\[(OptimizedTier1|Optimized|Tier0|Tier1|QuickJitted|Instrumented[^\]]*|PreJIT|OptimizedTier1OSR)\]$", "", symbol)
    # "instance void [Assembly] Namespace.Type::Method(args)" -> "Namespace.Type::Method"
    m = re.search(r"\]\s*([^\s\[\]]+::[^(\s]+)", symbol)
    if m:
        return m.group(1)
    return symbol.split("(", 1)[0][:160]


def where(symbol: str, dso: str) -> str:
    if "sqlite" in dso:
        return "SQLite"
    if "kernel" in dso:
        return "kernel"
    if "libclrjit" in dso:
        return "JIT"
    if "libcoreclr" in dso:
        return "GC" if re.search(r"\bgc|GC|WKS::|SVR::|gc_heap|Gc", symbol) else "runtime"
    if dso.startswith("/tmp/perf-") or dso.endswith(".map") or "memfd:doublemapper" in dso:
        return "managed"
    if "libSystem" in dso or "libc" in dso or "libssl" in dso or "libcrypto" in dso:
        return "native libraries"
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("stacks")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", default="")
    parser.add_argument("--callers", default="")
    args = parser.parse_args()
    inclusive, exclusive, kinds, callers = collections.Counter(), collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for stack in samples(args.stacks):
        names = [s for s, _ in stack]
        if args.match and not any(args.match in n for n in names):
            continue
        total += 1
        kinds[where(*stack[0])] += 1
        exclusive[names[0]] += 1
        for n in set(names):
            inclusive[n] += 1
        if args.callers:
            at = next((i for i, n in enumerate(names) if args.callers in n), None)
            if at is not None:
                caller = next((n for n in names[at + 1:] if n.startswith("Reassess.")), "(no Reassess frame)")
                callers[caller] += 1
    if total == 0:
        print("no samples" + (f" containing {args.match!r}" if args.match else ""), file=sys.stderr)
        return 1
    print(f"{total} samples" + (f" containing {args.match!r}" if args.match else ""))
    print("\nwhere the CPU was")
    for kind, n in kinds.most_common():
        print(f"{100 * n / total:8.1f}%  {kind}")
    if args.callers:
        part = sum(callers.values())
        print(f"\nReassess frames calling {args.callers!r} ({100 * part / total:.1f}% of samples)")
        for name, n in callers.most_common(args.top):
            print(f"{100 * n / total:8.1f}%  {name}")
        return 0
    print(f"\n{'inclusive':>9}  frame")
    for name, n in inclusive.most_common(args.top):
        print(f"{100 * n / total:8.1f}%  {name}")
    print(f"\n{'exclusive':>9}  frame")
    for name, n in exclusive.most_common(args.top // 2):
        print(f"{100 * n / total:8.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
