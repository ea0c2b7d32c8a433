#!/usr/bin/env python3
"""Turn a force-export-v1 bundle into one "not ours" (issue 24): the same data, in the shape an independent
generator or a force's records system may give it.

    bench/unordered-bundle.py SOURCE_BUNDLE OUT_BUNDLE [--seed 24]

For every CSV file of the bundle:
- the data rows are shuffled with the seed (the header stays first), so that investigations, people and
  involvements come in no particular order: a person's involvements are scattered, an involvement or identifier
  may come long before its investigation's or person's row is listed;
- the columns are reordered (a seeded permutation per file, never the original order);
- an unknown column `extract_note` is added (the spec says extra columns are ignored with a warning).

Rows are kept byte for byte (quoting re-done by the csv module, RFC 4180), so an import of OUT_BUNDLE must give
exactly the same database as one of SOURCE_BUNDLE (tests/Reassess.Core.Tests/Import/UnorderedBundleTests.cs checks
that on a small bundle; bench/import.sh measures both).
"""
import argparse
import csv
import os
import random
import sys

FILES = ("investigations", "people", "involvements", "identifiers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in FILES:
        src = os.path.join(args.source, name + ".csv")
        if not os.path.exists(src):
            continue
        rng = random.Random(f"{args.seed}:{name}")
        with open(src, newline="", encoding="utf-8-sig") as f:
            reader = csv.reader(f)
            header = next(reader)
            rows = list(reader)
        order = list(range(len(header)))
        while len(order) > 1 and order == list(range(len(header))):
            rng.shuffle(order)
        extra_at = rng.randrange(len(header) + 1)
        rng.shuffle(rows)
        with open(os.path.join(args.out, name + ".csv"), "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            out_header = [header[i] for i in order]
            out_header.insert(extra_at, "extract_note")
            writer.writerow(out_header)
            for n, row in enumerate(rows):
                out = [row[i] for i in order]
                out.insert(extra_at, "" if n % 3 else f"note {n % 97}")
                writer.writerow(out)
        print(f"{name}.csv: {len(rows)} rows shuffled, columns {' '.join(out_header)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
