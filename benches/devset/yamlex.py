"""Reads `examples` and `negative_examples` out of Nosey Parker / Kingfisher rule files.

Only the YAML those files use is handled (Python's standard library has no YAML parser): a
top-level `rules:` sequence of mappings with `id`, `name`, `examples` and `negative_examples`,
whose items are plain, single-quoted or double-quoted scalars (possibly over several lines) or
block scalars (`|`, `|-`, `|+`, `>`, `>-`).
"""

import re

_ITEM = re.compile(r"^(\s*)- ?(.*)$")
_KEY = re.compile(r"^(\s*)(?:- +)?([A-Za-z_][\w.-]*)\s*:(?:\s+(.*)|\s*)$")
_DQ_ESC = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
    "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
    "L": "\u2028", "P": "\u2029",
}


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _strip_comment(s):
    m = re.search(r"(?:^|\s)#", s)
    return s[: m.start()] if m else s


def _fold(lines):
    """Flow-scalar line folding: a line break becomes a space, an empty line a newline."""
    out, pending = "", 0
    for i, ln in enumerate(lines):
        ln = ln.strip() if i else ln.rstrip()
        if i and ln == "":
            pending += 1
            continue
        if i:
            out += "\n" * pending if pending else " "
        pending = 0
        out += ln
    return out


def _double(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = text[i + 1] if i + 1 < len(text) else ""
        if e in _DQ_ESC:
            out.append(_DQ_ESC[e])
            i += 2
        elif e in "xuU":
            n = {"x": 2, "u": 4, "U": 8}[e]
            out.append(chr(int(text[i + 2 : i + 2 + n], 16)))
            i += 2 + n
        elif e == "\n":  # escaped line break: joined without a space
            i += 2
            while i < len(text) and text[i] in " \t":
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _quoted(first, rest, q):
    """A quoted scalar starting in `first` (after the quote), continuing over `rest` lines."""
    lines = [first]
    k = 0

    def closed(s):
        j = 0
        while j < len(s):
            if q == "'" and s[j] == "'":
                if s[j + 1 : j + 2] == "'":
                    j += 2
                    continue
                return j
            if q == '"':
                if s[j] == "\\":
                    j += 2
                    continue
                if s[j] == '"':
                    return j
            j += 1
        return -1

    while True:
        end = closed(lines[-1])
        if end >= 0:
            lines[-1] = lines[-1][:end]
            break
        if k >= len(rest):
            break
        lines.append(rest[k])
        k += 1
    if q == "'":
        return _fold(lines).replace("''", "'"), k
    # Double-quoted: a trailing backslash joins lines without a space.
    joined = []
    for i, ln in enumerate(lines):
        if i:
            ln = ln.lstrip()
        if ln.endswith("\\") and not ln.endswith("\\\\") and i < len(lines) - 1:
            joined.append(ln[:-1] + "\\\n")
        else:
            joined.append(ln)
    text = _fold([j for j in joined]) if not any(j.endswith("\\\n") for j in joined) else "".join(
        (j if j.endswith("\\\n") else j + " ") for j in joined
    ).rstrip(" ")
    return _double(text), k


def _block(header, rest, parent_indent):
    """A block scalar (`|` or `>`) whose lines are `rest`; returns (value, lines used)."""
    m = re.match(r"([|>])([-+]?)(\d?)([-+]?)", header)
    style, chomp = m.group(1), (m.group(2) or m.group(4))
    body, k, ind = [], 0, None
    if m.group(3):
        ind = parent_indent + int(m.group(3))
    while k < len(rest):
        ln = rest[k]
        if ln.strip() == "":
            body.append("")
            k += 1
            continue
        li = _indent(ln)
        if ind is None:
            if li <= parent_indent:
                break
            ind = li
        if li < ind:
            break
        body.append(ln[ind:])
        k += 1
    # Trailing blank lines are consumed but kept only by `|+` (as one newline, approximately).
    while body and body[-1] == "":
        body.pop()
    if style == "|":
        text = "\n".join(body)
    else:
        parts, prev_more = [], False
        for ln in body:
            more = ln.startswith((" ", "\t"))
            if not parts:
                parts.append(ln)
            elif ln == "":
                parts.append("\n")
            elif more or prev_more or parts[-1].endswith("\n"):
                parts.append(("\n" if not parts[-1].endswith("\n") else "") + ln)
            else:
                parts.append(" " + ln)
            prev_more = more
        text = "".join(parts)
    if chomp != "-":
        text += "\n"
    return text, k


def _plain(first, rest, item_indent):
    lines = [_strip_comment(first).rstrip()]
    k = 0
    while k < len(rest):
        ln = rest[k]
        if ln.strip() == "":
            lines.append("")
            k += 1
            continue
        if _indent(ln) <= item_indent or ln.lstrip().startswith("#"):
            break
        lines.append(_strip_comment(ln).strip())
        k += 1
    while lines and lines[-1] == "":
        lines.pop()
        k -= 1
    return _fold(lines), max(k, 0)


def parse_sequence(lines, start, key_indent):
    """Items of the block sequence that starts after lines[start] (a `key:` line)."""
    items = []
    i = start + 1
    item_indent = None
    while i < len(lines):
        ln = lines[i]
        if ln.strip() == "" or ln.lstrip().startswith("#"):
            i += 1
            continue
        m = _ITEM.match(ln)
        li = _indent(ln)
        if not m or li < key_indent or (item_indent is not None and li != item_indent):
            break
        if item_indent is None:
            item_indent = li
        val = m.group(2)
        rest = lines[i + 1 :]
        if val.startswith(("|", ">")):
            text, used = _block(val, rest, item_indent)
        elif val.startswith("'"):
            text, used = _quoted(val[1:], rest, "'")
        elif val.startswith('"'):
            text, used = _quoted(val[1:], rest, '"')
        elif val.startswith(("{", "[")):
            text, used = None, 0  # flow collections are not examples
        else:
            text, used = _plain(val, rest, item_indent)
        if text is not None:
            items.append(text)
        i += 1 + used
    return items


def rules_examples(text):
    """[(rule id, rule name, examples, negative examples, visible)] of one rule file.

    `visible: false` marks a Kingfisher rule that only feeds another one (a host name, an account
    id): it is not reported on its own, so its examples are not secrets."""
    lines = text.replace("\r\n", "\n").split("\n")
    rules = []
    cur = None
    item_indent = None
    for i, ln in enumerate(lines):
        if ln.strip() == "" or ln.lstrip().startswith("#"):
            continue
        m = _ITEM.match(ln)
        li = _indent(ln)
        if m and (item_indent is None or li == item_indent) and _KEY.match(ln):
            if item_indent is None:
                # The first `- key:` item under `rules:` fixes the indentation of rule items.
                prev = [p for p in lines[:i] if p.strip() and not p.lstrip().startswith("#")]
                if not prev or not prev[-1].strip().startswith("rules:"):
                    continue
                item_indent = li
            cur = {"id": None, "name": None, "visible": "true", "examples": [], "negative_examples": []}
            rules.append(cur)
        if cur is None:
            continue
        k = _KEY.match(ln)
        if not k:
            continue
        key_indent = li + (len(ln) - len(ln.lstrip(" -")) - li if m else 0)
        if key_indent != item_indent + 2 and not (m and li == item_indent):
            continue
        key, val = k.group(2), (k.group(3) or "").strip()
        if key in ("id", "name", "visible") and val:
            v = _strip_comment(val).strip()
            if v[:1] in ("'", '"') and v[-1:] == v[:1]:
                v = v[1:-1]
            cur[key] = v
        elif key in ("examples", "negative_examples"):
            if _strip_comment(val).strip() in ("", "[]"):
                cur[key].extend(parse_sequence(lines, i, item_indent + 2))
    return [(r["id"], r["name"], r["examples"], r["negative_examples"], r["visible"].lower() != "false") for r in rules]
