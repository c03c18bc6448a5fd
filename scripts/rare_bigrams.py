#!/usr/bin/env python3
"""Prints the table of letter pairs that (almost) never occur inside words of source code, as
`src/engine/placeholder/words.rs` holds it.

Usage: scripts/rare_bigrams.py DIR...   (the table in the engine came from moby/moby and git/git)

Every run of letters in the text files under DIR is cut into words the way identifiers are
written (`camelCase`, `HTTPServer` -> `http`, `server`), and each pair of adjacent letters inside
a word is counted, case aside. A pair is rare when it makes less than one in 100,000 of all pairs
(`qx`, `fq`, `vj`…): about a fifth of all pairs. Random letters meet one almost every few
characters; words, names and identifiers almost never do.
"""
import collections
import os
import re
import sys

EXTENSIONS = (".go", ".c", ".h", ".rs", ".py", ".js", ".sh", ".md", ".txt", ".yml", ".json")
RUN = re.compile(rb"[A-Za-z]{2,}")
WORD = re.compile(rb"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
SHARE = 1e-5


def main(dirs):
    pairs = collections.Counter()
    for root in dirs:
        for path, _, names in os.walk(root):
            for name in names:
                if not name.endswith(EXTENSIONS):
                    continue
                try:
                    with open(os.path.join(path, name), "rb") as f:
                        data = f.read(1 << 20)
                except OSError:
                    continue
                for run in RUN.findall(data):
                    for word in WORD.findall(run):
                        word = word.lower()
                        pairs.update(zip(word, word[1:]))
    total = sum(pairs.values())
    letters = range(ord("a"), ord("z") + 1)
    print("// %d letter pairs" % total)
    print("const RARE_BIGRAMS: [u32; 26] = [")
    for a in letters:
        mask = sum(1 << (b - ord("a")) for b in letters if pairs[(a, b)] < SHARE * total)
        print("    0x%07x, // %s" % (mask, chr(a)))
    print("];")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
