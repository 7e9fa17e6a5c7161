#!/usr/bin/env bash
# measure-innocent.sh — how many innocent words that contain an offensive
# term does a profanity list flag, with and without `compounds: true`?
#
# Keywords: LDNOOBW English (scripts/fetch-data.sh naughty-words, CC BY 4.0),
# used here as measurement input only. Words: every word of the innocent
# lexicon (crates/matcher/data/lexicon-en.txt) that holds a keyword inside
# it and is not the keyword itself, each posted on its own; and, held out,
# words of a list the lexicon was not built from (SCOWL size 95, "insane":
# rare words beyond the lexicon's size 80, from the same pinned Debian
# package, fetched by scripts/build-lexicon.sh into target/data/.downloads).
# Prints, per word set and setting, flagged / words containing a term.
#
# Usage: scripts/measure-innocent.sh   (builds the release CLI first)

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${REDLINE_DATA_DIR:-$ROOT/target/data}
KEYWORDS=$DATA/naughty-words/en.json
DEB=$DATA/.downloads/scowl_2020.12.07-2_all.deb
[[ -f $KEYWORDS ]] || "$ROOT/scripts/fetch-data.sh" naughty-words
[[ -f $DEB ]] || "$ROOT/scripts/build-lexicon.sh" --check
(cd "$ROOT" && cargo build --release --quiet)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/redline-innocent.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
dpkg-deb -x "$DEB" "$TMP/scowl"

python3 - "$KEYWORDS" "$ROOT/crates/matcher/data/lexicon-en.txt" "$TMP/scowl/usr/share/dict/scowl" "$TMP" <<'PY'
import json, os, re, sys, unicodedata
keywords_path, lexicon_path, scowl_dir, tmp = sys.argv[1:]
# Terms without a letter (an emoji) fold to nothing: no keyword.
terms = [t.lower() for t in json.load(open(keywords_path, encoding="utf-8")) if re.search("[a-z]", t.lower())]
single = [t for t in terms if re.fullmatch(r"[a-z]+", t)]
lexicon = [w for w in open(lexicon_path, encoding="utf-8").read().split("\n") if w and not w.startswith("#")]
known = set(lexicon)

def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()

held = set()
for name in os.listdir(scowl_dir):
    m = re.match(r"^(english|american|british|british_z|canadian|australian)-(words|upper|proper-names)\.95$", name)
    if m:
        for line in open(os.path.join(scowl_dir, name), encoding="utf-8"):
            w = fold(line.strip())
            if re.fullmatch(r"[a-z]{3,}", w) and w not in known:
                held.add(w)

# A word that is itself a keyword (`clitoris`, `sexual`) is a plain match,
# not an innocent word caught by a keyword inside it.
def containing(words):
    keywords = set(terms)
    return sorted(w for w in words if w not in keywords and any(t in w for t in single))

sets = {"lexicon": containing(lexicon), "held-out": containing(held)}
for name, words in sets.items():
    with open(os.path.join(tmp, name + ".jsonl"), "w") as f:
        for w in words:
            f.write(json.dumps({"id": w, "text": w}) + "\n")
for compounds in (False, True):
    with open(os.path.join(tmp, f"rules-{str(compounds).lower()}.yaml"), "w") as f:
        f.write("pack: measure\nrules:\n  - id: measure.profanity\n    match:\n      keywords: ")
        f.write(json.dumps(terms, ensure_ascii=False))
        f.write(f"\n      compounds: {str(compounds).lower()}\n")
PY

for set in lexicon held-out; do
  total=$(wc -l <"$TMP/$set.jsonl")
  for compounds in false true; do
    out=$("$ROOT/target/release/redline" moderate --rules "$TMP/rules-$compounds.yaml" "$TMP/$set.jsonl")
    flagged=$(printf "%s\n" "$out" |
      grep -c '"verdict":"flagged"' || true)
    printf '%-9s compounds=%-5s flagged %5d of %5d words containing a term (%.2f%%)\n' \
      "$set" "$compounds" "$flagged" "$total" "$(echo "100 * $flagged / $total" | bc -l)"
    if [[ -n ${SHOW:-} ]]; then
      printf "%s\n" "$out" | grep '"verdict":"flagged"' |
        python3 -c 'import json,sys; print(" ".join(json.loads(l)["id"] for l in sys.stdin))' |
        fold -s -w 120 | head -"$SHOW"
    fi
  done
done
