//! Plain passwords in a password column of SQL rows: `INSERT INTO users (email, password) VALUES
//! ('…', '…'), ('…', '…');` in seed files and dumps, and PostgreSQL `COPY users (…) FROM stdin;`
//! blocks. As with CSV exports (see `csv`), what makes a value a password is its column's name in
//! the statement's column list, not anything beside the value, and a statement's later rows have
//! no context of their own.
//!
//! The rule `sql-insert-password-column` (rules/test-automation.yml) is found by its keywords
//! (`insert into`, `from stdin`); for each hit the engine reads the statement: the column list,
//! then every row's value under a column named like a password (`password`, `passwd`, `pwd`, not
//! `password_hash`), judged like a generic rule's value. Hashes in such columns are the hash
//! rules' findings; an INSERT without a column list names no column and is not read.

use std::ops::Range;

use super::csv::is_password_column;
use super::{accept, Match, Verdict};
use crate::rules::Rule;

/// The rule whose matches this module finds.
pub(super) const RULE_ID: &str = "sql-insert-password-column";

/// Most bytes of one statement read after its keyword: longer dumps are read up to here.
const MAX_STATEMENT: usize = 4 << 20;

/// Longest table name and column list read.
const MAX_HEAD: usize = 16 * 1024;

/// Appends a match for each accepted value in a password column of the statements at `hits`.
pub(super) fn scan(
    hay: &[u8],
    hits: &[(usize, usize)],
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) {
    let mut done = 0;
    for &(start, end) in hits {
        if start < done {
            continue;
        }
        let keyword = &hay[start..end];
        let limit = hay.len().min(end.saturating_add(MAX_STATEMENT));
        done = if keyword.eq_ignore_ascii_case(b"from stdin") {
            copy_block(hay, start, end, limit, rule_index, rule, out)
        } else {
            insert(hay, end, limit, rule_index, rule, out)
        };
    }
}

/// Reads the `INSERT` whose `insert into` ends at `at`; returns where reading stopped.
fn insert(
    hay: &[u8],
    at: usize,
    limit: usize,
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) -> usize {
    let mut p = Cursor { hay, at, limit };
    p.blanks();
    if !p.name() {
        return p.at;
    }
    p.blanks();
    let Some(columns) = p.column_list() else {
        return p.at;
    };
    if columns.is_empty() {
        return p.at;
    }
    p.blanks();
    if !p.word(b"values") && !p.word(b"value") {
        return p.at;
    }
    loop {
        p.blanks();
        let row_start = p.at;
        if !p.eat(b'(') {
            return p.at;
        }
        let Some(values) = p.tuple() else {
            return p.at;
        };
        for &c in &columns {
            if let Some(Some(value)) = values.get(c) {
                judge(hay, value.clone(), row_start..p.at, rule_index, rule, out);
            }
        }
        p.blanks();
        if !p.eat(b',') {
            return p.at;
        }
    }
}

/// Reads the `COPY … (columns) FROM stdin;` block whose `from stdin` is at `start..end`: the
/// column list on the keyword's line, then tab-separated rows up to a line `\.`.
fn copy_block(
    hay: &[u8],
    start: usize,
    end: usize,
    limit: usize,
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) -> usize {
    // The line's start, looked for at most `MAX_HEAD` bytes back: a longer line is not a
    // `COPY` command, and a search to the start of the blob for every keyword on one long line
    // would cost its length squared.
    let floor = start.saturating_sub(MAX_HEAD);
    let line_start = match memchr::memrchr(b'\n', &hay[floor..start]) {
        Some(p) => floor + p + 1,
        None if floor == 0 => 0,
        None => return end,
    };
    let head = &hay[line_start..start];
    let Some(open) = memchr::memchr(b'(', head) else {
        return end;
    };
    let command = head.trim_ascii_start();
    if command.len() < 4 || !command[..4].eq_ignore_ascii_case(b"copy") {
        return end;
    }
    let mut p = Cursor {
        hay,
        at: line_start + open,
        limit: start,
    };
    let Some(columns) = p.column_list() else {
        return end;
    };
    if columns.is_empty() {
        return end;
    }
    let Some(nl) = memchr::memchr(b'\n', &hay[end..limit]) else {
        return end;
    };
    let mut at = end + nl + 1;
    while at < limit {
        let line_end = memchr::memchr(b'\n', &hay[at..limit]).map_or(limit, |p| at + p);
        let row = &hay[at..line_end];
        let row = row.strip_suffix(b"\r").unwrap_or(row);
        if row == b"\\." {
            return line_end;
        }
        let mut field = 0;
        let mut cell = at;
        for i in at..=at + row.len() {
            if i == at + row.len() || hay[i] == b'\t' {
                if columns.contains(&field) && &hay[cell..i] != b"\\N" {
                    judge(hay, cell..i, at..line_end, rule_index, rule, out);
                }
                field += 1;
                cell = i + 1;
            }
        }
        at = line_end + 1;
    }
    limit
}

/// Appends a match for the value at `value` if it passes the rule's checks; the match spans the
/// value's row (an `INSERT`'s `(…)` tuple, a `COPY` block's line). Not the value's line: a dump
/// writes an `INSERT`'s thousands of rows on one line, and each row's match reaching back to the
/// line's start would cost the line's length per row, and carry the whole line as its snippet.
fn judge(
    hay: &[u8],
    value: Range<usize>,
    row: Range<usize>,
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) {
    if value.is_empty() || memchr::memchr(b'\n', &hay[value.clone()]).is_some() {
        return;
    }
    if let Verdict::Accept { confirmed } = accept(rule, &hay[value.clone()], &hay[row.clone()]) {
        out.push(Match {
            rule: rule_index,
            span: row,
            secret: value,
            confirmed,
        });
    }
}

/// A position in a statement, never past `limit`.
struct Cursor<'a> {
    hay: &'a [u8],
    at: usize,
    limit: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        (self.at < self.limit).then(|| self.hay[self.at])
    }

    /// Skips blanks, line breaks and `--` / `/* */` comments.
    fn blanks(&mut self) {
        while let Some(b) = self.peek() {
            if b.is_ascii_whitespace() {
                self.at += 1;
            } else if self.hay[self.at..self.limit].starts_with(b"--") {
                self.at = memchr::memchr(b'\n', &self.hay[self.at..self.limit])
                    .map_or(self.limit, |p| self.at + p);
            } else if self.hay[self.at..self.limit].starts_with(b"/*") {
                self.at = memchr::memmem::find(&self.hay[self.at + 2..self.limit], b"*/")
                    .map_or(self.limit, |p| self.at + 2 + p + 2);
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `word` (ASCII case aside) when it stands alone.
    fn word(&mut self, word: &[u8]) -> bool {
        let end = self.at + word.len();
        if end <= self.limit
            && self.hay[self.at..end].eq_ignore_ascii_case(word)
            && self
                .hay
                .get(end)
                .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_')
        {
            self.at = end;
            true
        } else {
            false
        }
    }

    /// Consumes a table name: identifiers, dots and quotes (`public."users"`, `` `app`.`users` ``,
    /// `[dbo].[Users]`).
    fn name(&mut self) -> bool {
        let start = self.at;
        while let Some(b) = self.peek() {
            if self.at - start >= MAX_HEAD {
                return false;
            }
            if b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'.' | b'"' | b'`' | b'[' | b']' | b'$')
            {
                self.at += 1;
            } else {
                break;
            }
        }
        self.at > start
    }

    /// Reads `(a, "b", `c`)` at the cursor: the indexes of the columns named like a password, or
    /// `None` when there is no column list.
    fn column_list(&mut self) -> Option<Vec<usize>> {
        if !self.eat(b'(') {
            return None;
        }
        let start = self.at;
        let close = memchr::memchr(b')', &self.hay[start..self.limit.min(start + MAX_HEAD)])?;
        let list = &self.hay[start..start + close];
        self.at = start + close + 1;
        if list.contains(&b'(') || list.contains(&b'\'') {
            return None;
        }
        Some(
            list.split(|&b| b == b',')
                .enumerate()
                .filter(|(_, name)| {
                    let name = name.trim_ascii();
                    let name = name
                        .strip_prefix(b"\"")
                        .or_else(|| name.strip_prefix(b"`"))
                        .or_else(|| name.strip_prefix(b"["))
                        .unwrap_or(name);
                    let name = name
                        .strip_suffix(b"\"")
                        .or_else(|| name.strip_suffix(b"`"))
                        .or_else(|| name.strip_suffix(b"]"))
                        .unwrap_or(name);
                    !name.is_empty() && is_password_column(name)
                })
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// Reads a row's values after its `(` up to the closing `)`: each quoted value's text
    /// between its quotes, `None` for the others (numbers, `NULL`, calls). `None` when the row
    /// does not close before the limit.
    fn tuple(&mut self) -> Option<Vec<Option<Range<usize>>>> {
        let mut values = Vec::new();
        loop {
            self.blanks();
            let quote = self.peek()?;
            if quote == b'\'' || quote == b'"' {
                self.at += 1;
                let start = self.at;
                loop {
                    let b = self.peek()?;
                    self.at += 1;
                    if b == b'\\' {
                        self.at += 1;
                    } else if b == quote {
                        if self.peek() == Some(quote) {
                            self.at += 1;
                        } else {
                            break;
                        }
                    }
                }
                values.push(Some(start..self.at - 1));
            } else {
                // An unquoted value, up to a comma or the row's `)` outside parentheses.
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'(' => depth += 1,
                        b')' if depth == 0 => break,
                        b')' => depth -= 1,
                        b',' if depth == 0 => break,
                        b'\'' => {
                            self.at += 1;
                            while self.peek()? != b'\'' {
                                self.at += 1;
                            }
                        }
                        _ => {}
                    }
                    self.at += 1;
                }
                values.push(None);
            }
            self.blanks();
            match self.peek()? {
                b',' => self.at += 1,
                b')' => {
                    self.at += 1;
                    return Some(values);
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(text: &[u8]) -> Cursor<'_> {
        Cursor {
            hay: text,
            at: 0,
            limit: text.len(),
        }
    }

    #[test]
    fn column_lists_name_password_columns() {
        let mut c = cursor(b"(id, email, \"password\", `pwd`, password_hash, [Passwd])");
        assert_eq!(c.column_list(), Some(vec![2, 3, 5]));
        assert_eq!(cursor(b"VALUES (1)").column_list(), None);
        assert_eq!(cursor(b"(lower('x'))").column_list(), None);
    }

    #[test]
    fn tuples_give_quoted_values_and_skip_the_rest() {
        let text = b"1, 'a''b', now(), NULL, \"c\\\"d\", coalesce(x, 'y'))";
        let mut c = cursor(text);
        let values = c.tuple().expect("a closed row");
        let quoted: Vec<Option<&[u8]>> =
            values.iter().map(|v| v.clone().map(|r| &text[r])).collect();
        assert_eq!(
            quoted,
            vec![
                None,
                Some(&b"a''b"[..]),
                None,
                None,
                Some(&b"c\\\"d"[..]),
                None
            ]
        );
        assert_eq!(c.at, text.len());
        assert_eq!(cursor(b"1, 'open").tuple(), None);
    }

    #[test]
    fn blanks_skip_comments() {
        let mut c = cursor(b"  -- note\n /* x */ VALUES");
        c.blanks();
        assert!(c.word(b"values"));
    }
}
