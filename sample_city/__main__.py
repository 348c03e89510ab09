"""``python -m sample_city --out DIR [--buildings N] [--seed S] [--force]``: build the demo city."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sample_city.city import DEFAULT_BUILDINGS, DEFAULT_SEED, CityExists, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_city",
        description="Generate the demo city 珠湾区 as a cimview cache (sample_city.gpkg), "
                    "dem.tif and proposal IFC files.")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--buildings", type=int, default=DEFAULT_BUILDINGS,
                        help=f"number of buildings (default {DEFAULT_BUILDINGS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--force", action="store_true", help="replace an existing city")
    args = parser.parse_args(argv)
    if args.buildings < 1:
        parser.error("--buildings must be at least 1")
    try:
        summary = build(args.out, buildings=args.buildings, seed=args.seed, force=args.force)
    except CityExists as exc:
        print(f"sample_city: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
