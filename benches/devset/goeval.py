"""A tiny evaluator for the Go test tables of gitleaks-style rule packages.

gitleaks (and betterleaks, its descendant) write each rule as a Go function that builds its true
positives (`tps`) and false positives (`fps`) from string literals, concatenations, `fmt.Sprintf`,
`utils.GenerateSampleSecrets(identifier, secret)` and random secrets drawn from a regex
(`secrets.NewSecret(utils.Hex("32"))`), and ends with `utils.Validate(r, tps, fps)`. This module
tokenises the package, evaluates those expressions (drawing regex secrets with `regen.py`), and
records each `Validate` call as (rule id, positives, negatives). Anything it cannot evaluate is
skipped and counted, never guessed.

It reads the peers' source at bench time only; nothing of theirs is stored in this repository.
"""

import base64
import re

from regen import RegexError, generate, shannon

_TOKEN = re.compile(
    r"""
     (?P<ws>[ \t\r\f]+)
    |(?P<nl>\n)
    |(?P<lc>//[^\n]*)
    |(?P<bc>/\*.*?\*/)
    |(?P<raw>`[^`]*`)
    |(?P<str>"(?:[^"\\\n]|\\.)*")
    |(?P<rune>'(?:[^'\\\n]|\\.)+')
    |(?P<num>(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?))
    |(?P<id>[^\W\d]\w*)
    |(?P<op>\.\.\.|:=|\+=|-=|\*=|/=|==|!=|<=|>=|&&|\|\||\+\+|--|<-|&\^|<<|>>|[-+*/%&|^<>=!(){}\[\],;:.~?@\#$\\])
    """,
    re.S | re.X,
)

_SEMI_AFTER_IDS = {"break", "continue", "fallthrough", "return"}
_SEMI_AFTER_OPS = {")", "]", "}", "++", "--"}
_CONTROL = {"if", "switch", "select", "go", "defer", "goto", "break", "continue", "fallthrough"}

_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}


class Skip(Exception):
    """An expression this evaluator does not support; the example is skipped and counted."""


class Unknown:
    """The value of a variable whose expression could not be evaluated."""

    def __init__(self, reason):
        self.reason = reason


def decode_go_string(lit):
    """The value of a Go interpreted string literal, quotes included in `lit`."""
    body = lit[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e in _ESCAPES:
            out.append(_ESCAPES[e])
            i += 2
        elif e == "x":
            out.append(int(body[i + 2 : i + 4], 16))
            i += 4
        elif e in "uU":
            n = 4 if e == "u" else 8
            out += chr(int(body[i + 2 : i + 2 + n], 16)).encode("utf-8", "surrogatepass")
            i += 2 + n
        elif e in "01234567":
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            raise Skip("bad escape \\" + e)
    return out.decode("utf-8", "replace")


def tokenize(src):
    """Go tokens as (kind, value): kind is id, num, str, op; `;` is inserted as Go does."""
    toks = []
    pos = 0
    n = len(src)
    while pos < n:
        m = _TOKEN.match(src, pos)
        if not m:
            toks.append(("op", src[pos]))
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        text = m.group()
        if kind == "ws" or kind == "lc":
            continue
        if kind == "nl" or (kind == "bc" and "\n" in text):
            if toks:
                k, v = toks[-1]
                if k in ("id", "num", "str") and (k != "id" or v not in _CONTROL or v in _SEMI_AFTER_IDS):
                    toks.append(("op", ";"))
                elif k == "op" and v in _SEMI_AFTER_OPS:
                    toks.append(("op", ";"))
            continue
        if kind == "bc":
            continue
        if kind == "raw":
            toks.append(("str", text[1:-1].replace("\r", "")))
        elif kind == "str":
            try:
                toks.append(("str", decode_go_string(text)))
            except (Skip, ValueError, IndexError):
                toks.append(("bad", text))
        elif kind == "rune":
            toks.append(("num", text))
        else:
            toks.append((kind, text))
    toks.append(("op", ";"))
    return toks


_OPEN = {"(": ")", "[": "]", "{": "}"}


def match_close(toks, i):
    """Index of the bracket closing the one at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        k, v = toks[j]
        if k != "op":
            continue
        if v in _OPEN:
            depth += 1
        elif v in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return j
    raise Skip("unbalanced brackets")


def split_top(toks, sep):
    """Split a token list at `sep` operators that are not inside brackets."""
    parts, cur, depth = [], [], 0
    for t in toks:
        k, v = t
        if k == "op":
            if v in _OPEN:
                depth += 1
            elif v in (")", "]", "}"):
                depth -= 1
            elif v == sep and depth == 0:
                parts.append(cur)
                cur = []
                continue
        cur.append(t)
    parts.append(cur)
    return parts


class Func:
    def __init__(self, name, params, body, file):
        self.name, self.params, self.body, self.file = name, params, body, file


def parse_package(files, prefix=""):
    """Top-level functions and variables of Go files {path: text}: ({name: Func}, {name: tokens})."""
    funcs, globs = {}, {}
    for path, text in files.items():
        toks = tokenize(text)
        i = 0
        while i < len(toks):
            k, v = toks[i]
            if k == "id" and v == "func":
                i += 1
                if toks[i] == ("op", "("):  # method receiver
                    i = match_close(toks, i) + 1
                if toks[i][0] != "id":
                    i += 1
                    continue
                name = toks[i][1]
                i += 1
                if toks[i] == ("op", "["):  # type parameters
                    i = match_close(toks, i) + 1
                if toks[i] != ("op", "("):
                    continue
                close = match_close(toks, i)
                params = []
                for group in split_top(toks[i + 1 : close], ","):
                    ids = [t for t in group if t[0] == "id"]
                    if ids:
                        params.append(ids[0][1])
                i = close + 1
                while i < len(toks) and toks[i] != ("op", "{"):
                    if toks[i] in (("op", "("), ("op", "[")):
                        i = match_close(toks, i)
                    i += 1
                if i >= len(toks):
                    break
                close = match_close(toks, i)
                funcs[prefix + name] = Func(prefix + name, params, toks[i + 1 : close], path)
                i = close + 1
            elif k == "id" and v in ("var", "const") and i + 1 < len(toks):
                i += 1
                if toks[i] == ("op", "("):
                    close = match_close(toks, i)
                    decls = split_top(toks[i + 1 : close], ";")
                    i = close + 1
                else:
                    j = i
                    while toks[j] != ("op", ";"):
                        if toks[j][1] in _OPEN and toks[j][0] == "op":
                            j = match_close(toks, j)
                        j += 1
                    decls = [toks[i:j]]
                    i = j
                for d in decls:
                    eq = [n for n, t in enumerate(d) if t == ("op", "=")]
                    if d and d[0][0] == "id" and eq:
                        globs[prefix + d[0][1]] = d[eq[0] + 1 :]
            elif k == "op" and v in _OPEN:
                i = match_close(toks, i) + 1
            else:
                i += 1
    return funcs, globs


def go_format(fmt, args):
    """fmt.Sprintf for the verbs test tables use."""
    out, ai, i = [], 0, 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        m = re.match(r"%([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])", fmt[i:])
        if not m:
            raise Skip("bad format")
        i += m.end()
        verb = m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if ai >= len(args):
            raise Skip("missing Sprintf argument")
        a = args[ai]
        ai += 1
        if verb in ("s", "v"):
            s = a if isinstance(a, str) else str(a)
        elif verb == "d":
            s = str(int(a))
        elif verb == "q":
            s = '"' + str(a).replace("\\", "\\\\").replace('"', '\\"') + '"'
        elif verb == "x":
            s = a.encode().hex() if isinstance(a, str) else format(int(a), "x")
        else:
            raise Skip("format verb %" + verb)
        width = int(m.group(2) or 0)
        if len(s) < width:
            pad = "0" if "0" in m.group(1) and verb == "d" else " "
            s = s.ljust(width) if "-" in m.group(1) else s.rjust(width, pad)
        out.append(s)
    return "".join(out)


class Ctx:
    """State of one rule function's evaluation."""

    def __init__(self, rng):
        self.rng = rng
        self.depth = 0
        self.records = []  # (rule id, positives, negatives)
        self.skips = []  # reasons


class Interp:
    def __init__(self, rule_files, util_files):
        self.funcs, self.globs = parse_package(rule_files)
        ufuncs, uglobs = parse_package(util_files, "utils.")
        self.funcs.update(ufuncs)
        self.globs.update(uglobs)
        self.samples = self._sample_templates()

    def _sample_templates(self):
        """The assignment variants utils.GenerateSampleSecrets produces, read from its map literal."""
        f = self.funcs.get("utils.GenerateSampleSecrets")
        if not f:
            return None
        toks = f.body
        for i in range(len(toks) - 1):
            if toks[i] == ("id", "map") and toks[i - 1] in (("op", ":="), ("op", "=")):
                ev = Expr(self, toks[i:], {}, Ctx(None))
                try:
                    table = ev.primary()
                except Skip:
                    return None
                if isinstance(table, dict) and all(isinstance(v, str) for v in table.values()):
                    return [table[k] for k in sorted(table)]
        return None

    def rule_roots(self):
        """Functions without parameters that call utils.Validate: one rule (or more) each."""
        roots = []
        for name, f in self.funcs.items():
            if name.startswith("utils.") or f.params:
                continue
            if any(t == ("id", "Validate") or t == ("id", "ValidateWithPaths") for t in f.body):
                roots.append(f)
        return sorted(roots, key=lambda f: (f.file, f.name))

    def run_root(self, f, rng):
        ctx = Ctx(rng)
        try:
            self.call(f, [], ctx)
        except Skip as e:
            ctx.skips.append("rule function: " + str(e))
        except RecursionError:
            ctx.skips.append("rule function: recursion")
        return ctx

    def call(self, f, args, ctx):
        if ctx.depth > 20:
            raise Skip("call depth")
        env = dict(zip(f.params, args))
        ctx.depth += 1
        try:
            res = self.block(f.body, env, ctx)
        finally:
            ctx.depth -= 1
        return res[1] if res else None

    def block(self, toks, env, ctx):
        """Run statements; returns ('return', value) on a return statement, else None."""
        for st in split_top(toks, ";"):
            if not st:
                continue
            k, v = st[0]
            if k == "id" and v == "return":
                return ("return", Expr(self, st[1:], env, ctx).parse() if len(st) > 1 else None)
            if k == "id" and v == "for":
                r = self.for_range(st, env, ctx)
                if r:
                    return r
                continue
            if (k == "id" and v in _CONTROL) or st[0] == ("op", "{"):
                if any(t[1] in ("tps", "fps") for t in st):
                    ctx.skips.append("control flow (%s) around a test table" % v)
                continue
            if k == "id" and v in ("var", "const"):
                self.var_decl(st[1:], env, ctx)
                continue
            self.assign_or_expr(st, env, ctx)
        return None

    def for_range(self, st, env, ctx):
        body_at = None  # the block is the `{...}` that ends the statement
        if st[-1] == ("op", "}"):
            depth = 0
            for i in range(len(st) - 1, -1, -1):
                k, v = st[i]
                if k == "op" and v in ("}", ")", "]"):
                    depth += 1
                elif k == "op" and v in _OPEN:
                    depth -= 1
                    if depth == 0:
                        body_at = i
                        break
        header = st[1:body_at] if body_at else []
        if body_at == 1:
            # `for { ... }`, a retry loop: run its body once (its `if`/`continue` checks are skipped).
            return self.block(st[2 : match_close(st, 1)], env, ctx)
        if not body_at or ("id", "range") not in header:
            ctx.skips.append("for loop without range")
            return None
        r = header.index(("id", "range"))
        names = [t[1] for t in header[: r - 1] if t[0] == "id"]
        try:
            coll = Expr(self, header[r + 1 :], env, ctx).parse()
        except Skip as e:
            ctx.skips.append("for range: " + str(e))
            return None
        body = st[body_at + 1 : match_close(st, body_at)]
        if isinstance(coll, dict):
            items = [(k, coll[k]) for k in sorted(coll)]
        elif isinstance(coll, (list, str)):
            items = list(enumerate(coll))
        elif isinstance(coll, int):
            items = [(i, i) for i in range(coll)]
        else:
            ctx.skips.append("for range over " + type(coll).__name__)
            return None
        for key, val in items:
            if names:
                env[names[0]] = key
            if len(names) > 1:
                env[names[1]] = val
            r = self.block(body, env, ctx)
            if r:
                return r
        return None

    def var_decl(self, toks, env, ctx):
        if toks and toks[0] == ("op", "("):
            for d in split_top(toks[1 : match_close(toks, 0)], ";"):
                if d:
                    self.var_decl(d, env, ctx)
            return
        if not toks or toks[0][0] != "id":
            return
        name = toks[0][1]
        eq = [i for i, t in enumerate(toks) if t == ("op", "=")]
        if eq:
            env[name] = self.try_eval(toks[eq[0] + 1 :], env, ctx, name)
        else:
            typ = "".join(t[1] for t in toks[1:])
            env[name] = [] if typ.startswith("[]") else {} if typ.startswith("map") else ""

    def try_eval(self, toks, env, ctx, what):
        try:
            return Expr(self, toks, env, ctx).parse()
        except Skip as e:
            if what in ("tps", "fps"):
                ctx.skips.append("%s: %s" % (what, e))
            return Unknown(str(e))

    def assign_or_expr(self, st, env, ctx):
        depth = 0
        for i, (k, v) in enumerate(st):
            if k != "op":
                continue
            if v in _OPEN:
                depth += 1
            elif v in (")", "]", "}"):
                depth -= 1
            elif depth == 0 and v in (":=", "=", "+="):
                lhs, rhs = st[:i], st[i + 1 :]
                names = split_top(lhs, ",")
                if len(names) != 1:
                    for n in names:
                        if len(n) == 1 and n[0][0] == "id":
                            env[n[0][1]] = Unknown("multiple assignment")
                    return
                lhs = names[0]
                what = lhs[0][1] if lhs else "?"
                val = self.try_eval(rhs, env, ctx, what)
                if v == "+=" and len(lhs) == 1:
                    cur = env.get(what)
                    if isinstance(cur, str) and isinstance(val, str):
                        val = cur + val
                    else:
                        val = Unknown("+=")
                if len(lhs) == 1 and lhs[0][0] == "id":
                    env[what] = val
                elif len(lhs) == 3 and lhs[1] == ("op", ".") and lhs[0][0] == "id":
                    obj = env.get(lhs[0][1])
                    if isinstance(obj, dict) and not isinstance(val, Unknown):
                        obj[lhs[2][1]] = val
                return
            elif depth == 0 and v in ("++", "--"):
                return
        if any(t[0] == "id" and t[1] in ("Validate", "ValidateWithPaths") for t in st):
            try:
                Expr(self, st, env, ctx).parse()
            except Skip as e:
                ctx.skips.append("Validate: " + str(e))


class Spread:
    def __init__(self, value):
        self.value = value


class Expr:
    """Recursive-descent evaluation of one Go expression."""

    def __init__(self, interp, toks, env, ctx):
        self.it, self.toks, self.env, self.ctx, self.pos = interp, toks, env, ctx, 0

    def peek(self, off=0):
        p = self.pos + off
        return self.toks[p] if p < len(self.toks) else ("eof", "")

    def next(self):
        t = self.peek()
        self.pos += 1
        return t

    def expect(self, v):
        t = self.next()
        if t != ("op", v):
            raise Skip("expected %r, got %r" % (v, t[1]))

    def parse(self):
        v = self.expr()
        if self.peek()[0] != "eof":
            raise Skip("trailing tokens after expression: %r" % (self.peek()[1],))
        return v

    def expr(self):
        left = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.next()[1]
            right = self.term()
            left = self.binop(op, left, right)
        return left

    def term(self):
        left = self.unary()
        while self.peek() in (("op", "*"), ("op", "/"), ("op", "%")):
            op = self.next()[1]
            right = self.unary()
            left = self.binop(op, left, right)
        return left

    @staticmethod
    def binop(op, a, b):
        for x in (a, b):
            if isinstance(x, Unknown):
                raise Skip(x.reason)
        if op == "+" and type(a) is type(b) and isinstance(a, (str, int, float)):
            return a + b
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if op == "/" and b:
                return a // b if isinstance(a, int) and isinstance(b, int) else a / b
            if op == "%" and b:
                return a % b
        raise Skip("operator %s on %s, %s" % (op, type(a).__name__, type(b).__name__))

    def unary(self):
        t = self.peek()
        if t == ("op", "&") or t == ("op", "*"):
            self.next()
            return self.unary()
        if t == ("op", "-"):
            self.next()
            v = self.unary()
            if not isinstance(v, (int, float)):
                raise Skip("unary minus")
            return -v
        return self.primary()

    def primary(self):
        k, v = self.next()
        if k == "str":
            val = v
        elif k == "bad":
            raise Skip("string literal")
        elif k == "num":
            val = self.number(v)
        elif (k, v) == ("op", "("):
            val = self.expr()
            self.expect(")")
        elif (k, v) == ("op", "["):
            typ = self.type_rest("[")
            val = self.typed(typ)
        elif (k, v) == ("op", "{"):  # composite literal with elided type
            self.pos -= 1
            val = self.composite("[]")
        elif k == "id" and v == "map":
            val = self.typed(self.type_rest("map"))
        elif k == "id" and v == "func":
            raise Skip("function literal")
        elif k == "id":
            name = v
            while self.peek() == ("op", ".") and self.peek(1)[0] == "id":
                self.next()
                name += "." + self.next()[1]
            if self.peek() == ("op", "("):
                val = self.call(name)
            elif self.peek() == ("op", "{") and (name[:1].isupper() or "." in name):
                val = self.composite(name)
            else:
                val = self.lookup(name)
        else:
            raise Skip("unexpected %r" % v)
        return self.postfix(val)

    def postfix(self, val):
        while True:
            t = self.peek()
            if t == ("op", "["):
                self.next()
                lo = self.expr() if self.peek() != ("op", ":") else 0
                if self.peek() == ("op", ":"):
                    self.next()
                    hi = self.expr() if self.peek() != ("op", "]") else None
                    self.expect("]")
                    val = val[lo:hi]
                else:
                    self.expect("]")
                    try:
                        val = val[lo]
                    except (KeyError, IndexError, TypeError):
                        raise Skip("index")
            elif t == ("op", "...") and self.ctx is not None:
                self.next()
                val = Spread(val)
            elif t == ("op", ".") and self.peek(1)[0] == "id":
                raise Skip("method call on a value")
            else:
                return val

    @staticmethod
    def number(v):
        v = v.replace("_", "")
        try:
            if v.startswith("'"):
                return ord(decode_go_string('"' + v[1:-1] + '"'))
            return int(v, 0) if not re.search(r"[.eE]", v) or v.lower().startswith("0x") else float(v)
        except ValueError:
            raise Skip("number " + v)

    def type_rest(self, first):
        """Reads the rest of a type after `[` or `map`, returns its text."""
        s = first
        if first == "[":
            while self.peek() != ("op", "]"):
                s += self.next()[1]
            s += self.next()[1]
            return s + self.type_rest(None)
        if first == "map":
            self.expect("[")
            s += "[" + self.type_rest(None)
            self.expect("]")
            return s + "]" + self.type_rest(None)
        t = self.next()
        if t == ("op", "["):
            return self.type_rest("[")
        if t == ("op", "*"):
            return "*" + self.type_rest(None)
        if t == ("id", "map"):
            return self.type_rest("map")
        name = t[1]
        while self.peek() == ("op", "."):
            self.next()
            name += "." + self.next()[1]
        return name

    def typed(self, typ):
        if self.peek() == ("op", "{"):
            return self.composite(typ)
        if self.peek() == ("op", "("):
            self.next()
            v = self.expr()
            self.expect(")")
            return v  # []byte(s) and friends: a string stays a string
        raise Skip("type " + typ)

    def elements(self):
        """The elements of a composite literal `{...}` as token lists, cursor after `}`."""
        start = self.pos
        close = match_close(self.toks, start)
        self.pos = close + 1
        return [e for e in split_top(self.toks[start + 1 : close], ",") if e and e != [("op", ";")]]

    def sub(self, toks):
        toks = [t for t in toks if t != ("op", ";")]
        return Expr(self.it, toks, self.env, self.ctx).parse()

    def composite(self, typ):
        elems = self.elements()
        if typ.startswith("map"):
            out = {}
            for e in elems:
                parts = split_top(e, ":")
                if len(parts) != 2:
                    self.ctx.skips.append("map element")
                    continue
                try:
                    out[self.sub(parts[0])] = self.sub(parts[1])
                except Skip as err:
                    self.ctx.skips.append("map element: %s" % err)
            return out
        if typ.startswith("[") and any(len(split_top(e, ":")) == 2 for e in elems):
            typ = "struct"  # `{Key: value}` with an elided struct type
        if typ.startswith("["):
            out = []
            for e in elems:
                try:
                    out.append(self.sub(e))
                except Skip as err:
                    self.ctx.skips.append("element: %s" % err)
            return out
        # A struct: fields that evaluate are kept (RuleID, Entropy...), the others left out.
        out = {"__struct__": typ}
        saved, self.ctx.skips = self.ctx.skips, []  # rule fields are not examples: fail quietly
        try:
            for e in elems:
                parts = split_top(e, ":")
                if len(parts) == 2 and len(parts[0]) == 1 and parts[0][0][0] == "id":
                    try:
                        out[parts[0][0][1]] = self.sub(parts[1])
                    except Skip:
                        pass
        finally:
            self.ctx.skips = saved
        return out

    def lookup(self, name):
        if name in self.env:
            v = self.env[name]
        elif "." in name and name.split(".")[0] in self.env:  # a field of a local struct
            v = self.env[name.split(".")[0]]
            for f in name.split(".")[1:]:
                if not isinstance(v, dict) or f not in v:
                    raise Skip("unknown field " + name)
                v = v[f]
        elif name == "nil":
            return None
        elif name in ("true", "false"):
            return name == "true"
        elif name in self.it.globs:
            v = Expr(self.it, self.it.globs[name], {}, self.ctx).parse()
        else:
            raise Skip("unknown name " + name)
        if isinstance(v, Unknown):
            raise Skip(v.reason)
        return v

    def args(self):
        self.expect("(")
        close = match_close(self.toks, self.pos - 1)
        parts = split_top(self.toks[self.pos : close], ",")
        self.pos = close + 1
        return [self.sub(p) for p in parts if p and p != [("op", ";")]]

    def call(self, name):
        short = name.split(".")[-1]
        if name == "append":
            self.expect("(")
            close = match_close(self.toks, self.pos - 1)
            parts = [p for p in split_top(self.toks[self.pos : close], ",") if p and p != [("op", ";")]]
            self.pos = close + 1
            try:
                base = self.sub(parts[0])
            except Skip:
                base = []  # already counted where the base failed
            out = list(base) if isinstance(base, list) else []
            for p in parts[1:]:
                try:
                    v = self.sub(p)
                except Skip as err:
                    self.ctx.skips.append("appended element: %s" % err)
                    continue
                if isinstance(v, Spread):
                    out.extend(v.value if isinstance(v.value, list) else [])
                else:
                    out.append(v)
            return out
        args = self.args()
        for a in args:
            if isinstance(a, Unknown):
                raise Skip(a.reason)
        if name in ("utils.Validate", "utils.ValidateWithPaths"):
            rule = args[0] if args and isinstance(args[0], dict) else {}
            pos = args[1] if len(args) > 1 else None
            neg = args[2] if len(args) > 2 else None
            if self.ctx.depth <= 1:
                self.ctx.records.append((rule.get("RuleID"), pos, neg))
            return rule
        if name == "utils.GenerateSampleSecrets":
            if self.it.samples is None:
                raise Skip("GenerateSampleSecrets templates not found")
            ident, secret = args[0], args[1]
            rep = {"{i}": ident, "{I}": ident.upper(), "{s}": secret}
            return [re.sub(r"\{[iIs]\}", lambda m: rep[m.group()], t) for t in self.it.samples]
        if name in ("secrets.NewSecret", "secrets.NewSecretWithEntropy"):
            want = float(args[1]) if len(args) > 1 else None
            try:
                s = generate(args[0], self.ctx.rng)
                for _ in range(9):
                    if want is None or shannon(s) >= want:
                        break
                    s = generate(args[0], self.ctx.rng)
            except RegexError as e:
                raise Skip("regex: %s" % e)
            return s
        if name in self.it.funcs:
            return self.it.call(self.it.funcs[name], args, self.ctx)
        if name in ("string", "byte", "rune", "int", "int64", "float64", "uint32"):
            return args[0]
        if name == "len":
            return len(args[0])
        if name == "fmt.Sprintf":
            return go_format(args[0], args[1:])
        if name == "fmt.Sprint":
            return "".join(str(a) for a in args)
        if name.startswith("strings."):
            return self.strings(short, args)
        if short == "EncodeToString":
            data = args[0].encode("utf-8", "surrogateescape") if isinstance(args[0], str) else bytes(args[0])
            enc = name.split(".")[-2] if "." in name else ""
            if name.startswith("hex."):
                return data.hex()
            if enc == "StdEncoding":
                return base64.b64encode(data).decode()
            if enc == "RawStdEncoding":
                return base64.b64encode(data).decode().rstrip("=")
            if enc == "URLEncoding":
                return base64.urlsafe_b64encode(data).decode()
            if enc == "RawURLEncoding":
                return base64.urlsafe_b64encode(data).decode().rstrip("=")
        if name in ("strconv.Itoa", "strconv.FormatInt"):
            return str(args[0]) if len(args) < 2 or args[1] == 10 else Expr.radix(int(args[0]), int(args[1]))
        raise Skip("call " + name)

    @staticmethod
    def radix(n, base):
        digits, neg = "", n < 0
        n = abs(n)
        while True:
            digits = "0123456789abcdefghijklmnopqrstuvwxyz"[n % base] + digits
            n //= base
            if not n:
                return ("-" if neg else "") + digits

    @staticmethod
    def strings(fn, a):
        if fn == "Repeat":
            return a[0] * int(a[1])
        if fn == "ToUpper":
            return a[0].upper()
        if fn == "ToLower":
            return a[0].lower()
        if fn == "Join":
            return a[1].join(a[0])
        if fn == "ReplaceAll":
            return a[0].replace(a[1], a[2])
        if fn == "Replace":
            return a[0].replace(a[1], a[2], a[3] if a[3] >= 0 else -1)
        if fn == "TrimSpace":
            return a[0].strip()
        if fn == "TrimPrefix":
            return a[0][len(a[1]) :] if a[0].startswith(a[1]) else a[0]
        if fn == "TrimSuffix":
            return a[0][: -len(a[1])] if a[1] and a[0].endswith(a[1]) else a[0]
        if fn == "Split":
            return a[0].split(a[1])
        raise Skip("strings." + fn)
