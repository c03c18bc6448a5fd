"""Draw a random string that matches a (Go RE2-style) regular expression, deterministically.

Used to expand `secrets.NewSecret(regex)` in gitleaks-style test tables. It walks the tree that
Python's own regex parser builds. Unbounded repetitions (`*`, `+`, `{n,}`) draw at most one more
than their minimum, like the generator those tables are written for called with limit 1.
"""

import math
import string

try:  # Python 3.11+
    import re._constants as C
    import re._parser as P
except ImportError:  # pragma: no cover
    import sre_constants as C
    import sre_parse as P

PRINTABLE = [chr(c) for c in range(0x20, 0x7F)]
_CATEGORY = {
    C.CATEGORY_DIGIT: string.digits,
    C.CATEGORY_NOT_DIGIT: string.ascii_letters + "_-",
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
    C.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    C.CATEGORY_NOT_WORD: " -.:/",
}
_POSIX = {
    "alnum": "a-zA-Z0-9",
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "xdigit": "0-9a-fA-F",
    "upper": "A-Z",
    "lower": "a-z",
    "space": r" \t",
    "word": "a-zA-Z0-9_",
    "punct": r"!-/:-@\[-`{-~",
    "print": r" -~",
    "graph": r"!-~",
    "blank": r" \t",
    "cntrl": r"\x00-\x1f",
    "ascii": r"\x00-\x7f",
}


class RegexError(Exception):
    pass


def shannon(s):
    if not s:
        return 0.0
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in (s.count(ch) for ch in set(s)))


def go_to_python(pat):
    """Rewrites the RE2 syntax Python's parser lacks: flags mid-pattern, POSIX and Unicode classes."""
    out = []
    i, in_class = 0, False
    while i < len(pat):
        c = pat[i]
        if c == "\\" and i + 1 < len(pat):
            e = pat[i + 1]
            if e in "pP":
                j = pat.index("}", i) + 1 if pat[i + 2 : i + 3] == "{" else i + 3
                body = "a-zA-Z" if e == "p" else "0-9 "
                out.append(body if in_class else "[" + body + "]")
                i = j
                continue
            if e == "z":
                out.append(r"\Z")
            elif e == "Q":
                j = pat.find(r"\E", i)
                j = len(pat) if j < 0 else j
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in pat[i + 2 : j]))
                i = j + 2
                continue
            else:
                out.append(pat[i : i + 2])
            i += 2
            continue
        if in_class:
            if pat.startswith("[:", i):
                j = pat.find(":]", i)
                name = pat[i + 2 : j].lstrip("^")
                if j > 0 and name in _POSIX:
                    out.append(_POSIX[name])
                    i = j + 2
                    continue
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            if pat.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            if i < len(pat) and pat[i] == "]":  # a literal ] first in a class
                out.append(r"\]")
                i += 1
            continue
        if c == "(" and pat.startswith("(?", i):
            j = i + 2
            while j < len(pat) and pat[j] in "imsUx-":
                j += 1
            if j < len(pat) and pat[j] == ")":  # (?i) anywhere: flags are dropped
                i = j + 1
                continue
            if j < len(pat) and pat[j] == ":":  # (?i:...) scoped: keep as a plain group
                out.append("(?:")
                i = j + 1
                continue
            if pat.startswith("(?<", i) and not pat.startswith("(?<=", i) and not pat.startswith("(?<!", i):
                out.append("(?P<")
                i += 3
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _class_chars(items):
    chars, negate = [], False
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            chars.append(chr(av))
        elif op == C.RANGE:
            lo, hi = av
            hi = min(hi, lo + 4096)
            chars.extend(chr(c) for c in range(lo, hi + 1))
        elif op == C.CATEGORY:
            chars.extend(_CATEGORY.get(av, ""))
    if negate:
        bad = set(chars)
        chars = [c for c in PRINTABLE if c not in bad]
    return chars


def generate(pattern, rng):
    """A random string matching `pattern`; raises RegexError when it cannot."""
    try:
        tree = P.parse(go_to_python(pattern))
    except Exception as e:  # re.error and friends
        raise RegexError(str(e))
    groups = {}
    out = []

    def emit(seq):
        for op, av in seq:
            if op == C.LITERAL:
                out.append(chr(av))
            elif op == C.NOT_LITERAL:
                out.append(rng.choice([c for c in PRINTABLE if ord(c) != av]))
            elif op == C.ANY:
                out.append(rng.choice(PRINTABLE))
            elif op == C.IN:
                chars = _class_chars(av)
                if not chars:
                    raise RegexError("empty class")
                out.append(rng.choice(chars))
            elif op == C.CATEGORY:
                out.append(rng.choice(_CATEGORY[av]))
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
                lo, hi, sub = av
                if hi == C.MAXREPEAT:
                    hi = lo + 1
                for _ in range(rng.randint(lo, hi)):
                    emit(sub)
            elif op == C.BRANCH:
                emit(rng.choice(av[1]))
            elif op == C.SUBPATTERN:
                gid, sub = av[0], av[-1]
                start = len("".join(out))
                emit(sub)
                if gid is not None:
                    groups[gid] = "".join(out)[start:]
            elif op == C.GROUPREF:
                out.append(groups.get(av, ""))
            elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
                pass
            elif op == getattr(C, "ATOMIC_GROUP", None):
                emit(av)
            else:
                raise RegexError("unsupported %s" % op)

    emit(tree)
    return "".join(out)
