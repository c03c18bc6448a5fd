//! Passwords in a column of a CSV export: the one credential shape a regex cannot read, because
//! what makes a field a password is its column's name in the header line, not anything on its
//! own row. Browser and password-manager exports (`name,url,username,password`), user tables
//! dumped from a database and spreadsheets of accounts leak this way.
//!
//! The rule `csv-password-column` (rules/credential-files.yml) carries the path scope, severity,
//! entropy floor and remediation; instead of its regex, the engine calls `scan` for it: the
//! header's first line names the columns, and each later line's field under a password column is
//! judged like a generic rule's value.
//!
//! Markdown tables are read the same way (`markdown-password-column`, rules/context-pairs.yml):
//! READMEs, wikis and runbooks list accounts as `| host | user | password |` tables. That rule
//! is found by its keywords (a password column's name next to a `|`) in any file; for each hit in
//! a header row followed by a delimiter row, `scan_markdown` reads the table's rows. Gherkin
//! tables (a Cucumber Scenario Outline's `Examples:`, a step's data table) have no delimiter row:
//! a header right after an `Examples:` line or a step is read the same way.

use std::ops::Range;

use super::placeholder::contains_ci;
use super::{accept, Match, Verdict};
use crate::rules::Rule;

/// The rule whose matches this module finds.
pub(super) const RULE_ID: &str = "csv-password-column";

/// Longest line read as a row; longer lines are not tabular data.
const MAX_LINE: usize = 16 * 1024;

/// Appends a match for each non-placeholder value in a password column of `hay`.
pub(super) fn scan(hay: &[u8], rule_index: usize, rule: &Rule, out: &mut Vec<Match>) {
    let mut lines = LineIter { hay, at: 0 };
    let Some(header) = lines
        .by_ref()
        .find(|l| !hay[l.clone()].trim_ascii().is_empty())
    else {
        return;
    };
    let header_bytes = &hay[header.clone()];
    let Some(sep) = separator(header_bytes) else {
        return;
    };
    let columns = password_columns(header_bytes, &fields(header_bytes, sep));
    if columns.is_empty() {
        return;
    }
    let judge = Judge {
        rule,
        rule_index,
        columns: &columns,
    };
    for line in lines {
        let row = &hay[line.clone()];
        if row.len() > MAX_LINE {
            continue;
        }
        judge.row(&line, row, &fields(row, sep), |_, cell| cell, out);
    }
}

/// Which cells of a header row name a password column.
fn password_columns(header: &[u8], cells: &[Range<usize>]) -> Vec<usize> {
    cells
        .iter()
        .enumerate()
        .filter(|(_, c)| is_password_column(&header[(*c).clone()]))
        .map(|(i, _)| i)
        .collect()
}

/// Judges the password columns' values of a table's rows.
struct Judge<'a> {
    rule: &'a Rule,
    rule_index: usize,
    columns: &'a [usize],
}

impl Judge<'_> {
    /// Appends a match for each accepted value in the password columns of `row` (the text of
    /// `line`, split into `cells`); `value` gives the part of a cell that is its value.
    fn row(
        &self,
        line: &Range<usize>,
        row: &[u8],
        cells: &[Range<usize>],
        value: impl Fn(&[u8], Range<usize>) -> Range<usize>,
        out: &mut Vec<Match>,
    ) {
        for &c in self.columns {
            let Some(cell) = cells.get(c) else {
                continue;
            };
            let cell = value(row, cell.clone());
            if points_elsewhere(&row[cell.clone()]) {
                continue;
            }
            if let Verdict::Accept { confirmed } = accept(self.rule, &row[cell.clone()], row) {
                out.push(Match {
                    rule: self.rule_index,
                    span: line.clone(),
                    secret: line.start + cell.start..line.start + cell.end,
                    confirmed,
                });
            }
        }
    }
}

/// Whether a cell of words says where the password is kept instead of holding it: `siehe
/// KeePass`, `see 1Password`, `in the vault`. A password of several words names no password
/// manager.
fn points_elsewhere(cell: &[u8]) -> bool {
    const KEPT_IN: &[&[u8]] = &[
        b"keepass",
        b"1password",
        b"bitwarden",
        b"lastpass",
        b"vault",
        b"tresor",
        b"password manager",
        b"passwortmanager",
        b"passwort-manager",
    ];
    const POINTERS: &[&[u8]] = &[b"see ", b"siehe ", b"voir ", b"ver ", b"vedi ", b"zie "];
    cell.contains(&b' ')
        && (KEPT_IN.iter().any(|w| contains_ci(cell, w))
            || POINTERS
                .iter()
                .any(|p| cell.len() > p.len() && cell[..p.len()].eq_ignore_ascii_case(p)))
}

/// The rule whose matches `scan_markdown` finds.
pub(super) const MARKDOWN_RULE_ID: &str = "markdown-password-column";

/// Appends a match for each non-placeholder value in a password column of a Markdown table (a
/// header row naming the column, a delimiter row of `-`, `:` and `|`, then rows) whose header
/// holds one of `hits` (the rule's keywords: the end of a password column's name and a `|`).
///
/// The other plain-text table syntaxes of wikis and notes are read the same way: org-mode
/// (`|---+---|` delimiter rows), reStructuredText grid tables (`+===+===+` under the header,
/// `+---+---+` borders between rows), Confluence wiki markup (`||Host||Password||` header cells,
/// `|a|b|` rows, no delimiter row) and MediaWiki (`! Host !! Password` header, `|-` between rows,
/// `| a || b` rows).
pub(super) fn scan_markdown(
    hay: &[u8],
    hits: &[(usize, usize)],
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) {
    let mut done = 0;
    // The line a hit before this one was on: several hits on one line read it once.
    let mut tried = usize::MAX;
    let mut lines_of = LineStarts::default();
    for &(start, end) in hits {
        if start < done {
            continue;
        }
        if hay[start..end].contains(&b'<') {
            // `password</th>`: a header cell of an HTML table (Confluence storage format, HTML
            // in Markdown, exported wiki pages)
            done = scan_html_table(hay, start, rule_index, rule, out);
            continue;
        }
        let line_start = lines_of.start_of(hay, start);
        if line_start == tried {
            continue;
        }
        tried = line_start;
        let mut lines = LineIter {
            hay,
            at: line_start,
        };
        let Some(header) = lines.next() else {
            continue;
        };
        let header_bytes = &hay[header.clone()];
        if header_bytes.len() > MAX_LINE {
            continue;
        }
        let head = header_bytes.trim_ascii_start();
        let dialect = if head.starts_with(b"||") {
            Dialect::ConfluenceWiki
        } else if head.starts_with(b"!") {
            Dialect::MediaWiki
        } else if follows_gherkin_keyword(hay, line_start) {
            // A Gherkin table (a Scenario Outline's `Examples:`, a step's data table) has no
            // delimiter row: its rows follow the header directly.
            Dialect::Pipe
        } else {
            match lines.next() {
                Some(delimiter) if is_delimiter_row(&hay[delimiter.clone()]) => Dialect::Pipe,
                _ => continue,
            }
        };
        let columns = match dialect {
            Dialect::Pipe => password_columns(header_bytes, &cells(header_bytes)),
            Dialect::ConfluenceWiki => {
                password_columns(header_bytes, &split_cells(header_bytes, b"||"))
            }
            Dialect::MediaWiki => {
                let body = strip_lead(header_bytes, b'!');
                password_columns(body, &split_cells(body, b"!!"))
            }
        };
        done = lines.at;
        if columns.is_empty() {
            continue;
        }
        let judge = Judge {
            rule,
            rule_index,
            columns: &columns,
        };
        for line in lines.by_ref() {
            let row = &hay[line.clone()];
            if row.len() > MAX_LINE {
                break;
            }
            match dialect {
                Dialect::Pipe => {
                    if is_delimiter_row(row) {
                        continue; // a grid table's border between rows
                    }
                    if memchr::memchr(b'|', row).is_none() {
                        break;
                    }
                    judge.row(&line, row, &cells(row), unwrap_code, out);
                }
                Dialect::ConfluenceWiki => {
                    let r = row.trim_ascii_start();
                    if !r.starts_with(b"|") || r.starts_with(b"||") {
                        break;
                    }
                    judge.row(&line, row, &cells(row), unwrap_code, out);
                }
                Dialect::MediaWiki => {
                    let r = row.trim_ascii_start();
                    if r.starts_with(b"|-") {
                        continue;
                    }
                    if !r.starts_with(b"|") || r.starts_with(b"|}") {
                        break;
                    }
                    let body = strip_lead(row, b'|');
                    let shift = row.len() - body.len();
                    let row_cells: Vec<Range<usize>> = split_cells(body, b"||")
                        .into_iter()
                        .map(|c| c.start + shift..c.end + shift)
                        .collect();
                    judge.row(&line, row, &row_cells, unwrap_code, out);
                }
            }
        }
        done = lines.at;
    }
}

/// Longest stretch of an HTML table read from its header row to its last row.
const MAX_HTML_TABLE: usize = 64 * 1024;

/// Longest header row (`<tr>` to `</tr>`) of an HTML table read.
const MAX_HTML_HEADER: usize = 4096;

/// Reads the HTML table whose header cell (`<th>`) holds the keyword hit at `at`: the cell's
/// column in its `<tr>`, then that column's cell in each later row up to `</table>` (within
/// `MAX_HTML_TABLE` bytes). A cell's value is its first text between tags (`<td><p>…</p></td>`).
/// Returns where reading stopped.
fn scan_html_table(
    hay: &[u8],
    at: usize,
    rule_index: usize,
    rule: &Rule,
    out: &mut Vec<Match>,
) -> usize {
    let from = at.saturating_sub(4096);
    let Some(row_start) = rfind_ci(&hay[from..at], b"<tr").map(|p| from + p) else {
        return at;
    };
    let limit = (row_start + MAX_HTML_TABLE).min(hay.len());
    // The header row's end is looked for within `MAX_HTML_HEADER` bytes, not the whole table's
    // reach: every hit that is not a table's header searches this far again.
    let header_limit = (row_start + MAX_HTML_HEADER).min(limit);
    let Some(header_end) = find_ci(&hay[row_start..header_limit], b"</tr>").map(|p| row_start + p)
    else {
        return at;
    };
    if at > header_end {
        return at;
    }
    let header = html_cells(hay, row_start..header_end);
    let Some(column) = header.iter().position(|c| c.start <= at && at < c.end) else {
        return at;
    };
    let named =
        first_text(hay, header[column].clone()).is_some_and(|t| is_password_column(&hay[t]));
    let table_end = find_ci(&hay[header_end..limit], b"</table").map_or(limit, |p| header_end + p);
    if !named {
        return header_end;
    }
    let mut pos = header_end;
    while let Some(p) = find_ci(&hay[pos..table_end], b"<tr") {
        let row = pos + p;
        let row_end = find_ci(&hay[row..table_end], b"</tr>").map_or(table_end, |q| row + q);
        if let Some(text) = html_cells(hay, row..row_end)
            .get(column)
            .and_then(|cell| first_text(hay, cell.clone()))
        {
            let value = &hay[text.clone()];
            // `&lt;password&gt;`: an escaped placeholder
            if !contains_ci(value, b"&lt;") {
                if let Verdict::Accept { confirmed } = accept(rule, value, &hay[row..row_end]) {
                    out.push(Match {
                        rule: rule_index,
                        span: text.clone(),
                        secret: text,
                        confirmed,
                    });
                }
            }
        }
        pos = row_end.max(row + 3);
    }
    table_end
}

/// The content ranges of the `<td>` / `<th>` cells in `row` (from after the opening tag to the
/// closing tag, or to the next cell or the row's end when the closing tag is left out).
fn html_cells(hay: &[u8], row: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = row.start;
    while i + 3 < row.end {
        let tag = &hay[i..i + 3];
        let opens = (tag.eq_ignore_ascii_case(b"<td") || tag.eq_ignore_ascii_case(b"<th"))
            && matches!(hay[i + 3], b'>' | b' ' | b'\t' | b'\r' | b'\n');
        if !opens {
            i += 1;
            continue;
        }
        let Some(gt) = memchr::memchr(b'>', &hay[i..row.end]) else {
            break;
        };
        let start = i + gt + 1;
        let mut end = start;
        while end + 3 < row.end {
            let t = &hay[end..end + 3];
            if t.eq_ignore_ascii_case(b"</t")
                || t.eq_ignore_ascii_case(b"<td")
                || t.eq_ignore_ascii_case(b"<th")
            {
                break;
            }
            end += 1;
        }
        let end = if end + 3 >= row.end { row.end } else { end };
        out.push(start..end);
        i = end.max(start);
        if hay[i..row.end].starts_with(b"</") {
            i += 2;
        }
    }
    out
}

/// The first run of text between tags in `cell`, without blanks around it.
fn first_text(hay: &[u8], cell: Range<usize>) -> Option<Range<usize>> {
    let mut i = cell.start;
    while i < cell.end {
        if hay[i] == b'<' {
            i = memchr::memchr(b'>', &hay[i..cell.end]).map_or(cell.end, |p| i + p + 1);
            continue;
        }
        let end = memchr::memchr(b'<', &hay[i..cell.end]).map_or(cell.end, |p| i + p);
        let (mut a, mut b) = (i, end);
        while a < b && hay[a].is_ascii_whitespace() {
            a += 1;
        }
        while b > a && hay[b - 1].is_ascii_whitespace() {
            b -= 1;
        }
        if a < b {
            return Some(a..b);
        }
        i = end;
    }
    None
}

/// Where `needle` (ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Where `needle` (ASCII) last occurs in `hay`, ignoring ASCII case.
fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The plain-text table syntaxes `scan_markdown` reads.
#[derive(Clone, Copy)]
enum Dialect {
    /// Markdown, org-mode and reStructuredText grid tables: `| a | b |` rows under a header row
    /// and a delimiter row.
    Pipe,
    /// Confluence wiki markup: `||a||b||` header, `|a|b|` rows.
    ConfluenceWiki,
    /// MediaWiki: `! a !! b` header, `| a || b` rows between `|-` lines.
    MediaWiki,
}

/// `line` after its leading blanks and one run of `lead` bytes.
fn strip_lead(line: &[u8], lead: u8) -> &[u8] {
    let mut i = 0;
    while i < line.len() && line[i].is_ascii_whitespace() {
        i += 1;
    }
    while i < line.len() && line[i] == lead {
        i += 1;
    }
    &line[i..]
}

/// The non-empty, blank-trimmed cells of `row` split on `sep` (`||`, `!!`).
fn split_cells(row: &[u8], sep: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut cell = 0;
    let mut i = 0;
    let push = |a: usize, b: usize, out: &mut Vec<Range<usize>>| {
        let (mut a, mut b) = (a, b);
        while a < b && row[a].is_ascii_whitespace() {
            a += 1;
        }
        while b > a && row[b - 1].is_ascii_whitespace() {
            b -= 1;
        }
        if a < b {
            out.push(a..b);
        }
    };
    while i + sep.len() <= row.len() {
        if &row[i..i + sep.len()] == sep {
            push(cell, i, &mut out);
            i += sep.len();
            cell = i;
        } else {
            i += 1;
        }
    }
    push(cell, row.len(), &mut out);
    out
}

/// The start of the line holding each of a rising sequence of positions (the keyword hits, in
/// order), each byte searched once: a search back to the blob's start for every hit on one long
/// line would cost the line's length squared.
#[derive(Default)]
struct LineStarts {
    searched: usize,
    start: usize,
}

impl LineStarts {
    fn start_of(&mut self, hay: &[u8], at: usize) -> usize {
        if at < self.searched {
            // out of order: search from scratch
            return memchr::memrchr(b'\n', &hay[..at]).map_or(0, |p| p + 1);
        }
        if let Some(p) = memchr::memrchr(b'\n', &hay[self.searched..at]) {
            self.start = self.searched + p + 1;
        }
        self.searched = at;
        self.start
    }
}

/// How far back the line before a table's header is looked for, past blank lines.
const MAX_GHERKIN_LOOKBACK: usize = 4096;

/// Whether the last non-blank line before `line_start` opens a Gherkin table: an `Examples:` /
/// `Scenarios:` line (English and a few other languages' keywords) or a step (`Given`, `When`,
/// `Then`, `And`, `But`, `*`) that a data table follows. `.feature` files write tables without
/// a delimiter row.
fn follows_gherkin_keyword(hay: &[u8], line_start: usize) -> bool {
    let floor = line_start.saturating_sub(MAX_GHERKIN_LOOKBACK);
    let before = &hay[floor..line_start];
    let Some(end) = before.iter().rposition(|b| !b.is_ascii_whitespace()) else {
        return false;
    };
    let start = memchr::memrchr(b'\n', &before[..end]).map_or(0, |p| p + 1);
    let line = before[start..=end].trim_ascii().to_ascii_lowercase();
    const TABLE_HEADS: &[&[u8]] = &[
        b"examples:",
        b"scenarios:",
        b"beispiele:",
        b"exemples:",
        b"ejemplos:",
        b"exemplos:",
        b"esempi:",
        b"voorbeelden:",
    ];
    const STEPS: &[&[u8]] = &[b"given ", b"when ", b"then ", b"and ", b"but ", b"* "];
    TABLE_HEADS.iter().any(|k| line.starts_with(k)) || STEPS.iter().any(|k| line.starts_with(k))
}

/// Whether a line is a table's delimiter row: `|`, `+`, `-`, `=`, `:` and blanks only, with a
/// `-` or `=` and a `|` or `+` (Markdown `| --- | :---: |` and `---|---`, org-mode
/// `|---+---|`, reStructuredText grid borders `+---+---+` and `+===+===+`).
fn is_delimiter_row(line: &[u8]) -> bool {
    line.iter().any(|&b| b == b'-' || b == b'=')
        && line.iter().any(|&b| b == b'|' || b == b'+')
        && line
            .iter()
            .all(|b| matches!(b, b'|' | b'+' | b'-' | b'=' | b':' | b' ' | b'\t'))
}

/// The content ranges of a Markdown table row's cells (blanks and the outer pipes excluded; an
/// escaped `\|` does not split a cell).
fn cells(row: &[u8]) -> Vec<Range<usize>> {
    let mut start = 0;
    let mut end = row.len();
    while start < end && row[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && row[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if row.get(start) == Some(&b'|') {
        start += 1;
    }
    if end > start && row[end - 1] == b'|' && (end < 2 || row[end - 2] != b'\\') {
        end -= 1;
    }
    let mut out = Vec::new();
    let mut cell = start;
    let mut i = start;
    while i <= end {
        if i == end || (row[i] == b'|' && (i == 0 || row[i - 1] != b'\\')) {
            let (mut a, mut b) = (cell, i);
            while a < b && row[a].is_ascii_whitespace() {
                a += 1;
            }
            while b > a && row[b - 1].is_ascii_whitespace() {
                b -= 1;
            }
            out.push(a..b);
            cell = i + 1;
        }
        i += 1;
    }
    out
}

/// A cell's text without one pair of backticks around it (`` `S3cr3t` ``).
fn unwrap_code(row: &[u8], cell: Range<usize>) -> Range<usize> {
    let text = &row[cell.clone()];
    if text.len() > 2 && text[0] == b'`' && text[text.len() - 1] == b'`' {
        cell.start + 1..cell.end - 1
    } else {
        cell
    }
}

/// The separator of a header line: the most frequent of `,`, `;` and tab, if any occurs.
fn separator(header: &[u8]) -> Option<u8> {
    [b',', b';', b'\t']
        .into_iter()
        .map(|s| (header.iter().filter(|&&b| b == s).count(), s))
        .filter(|&(n, _)| n > 0)
        .max_by_key(|&(n, _)| n)
        .map(|(_, s)| s)
}

/// Whether a header field names a column of plain passwords: `password`, `Login Password`,
/// `login_password`, `passwd`, `pwd`, `pass`, `passphrase`; not `password_hash`,
/// `password_changed_at` or `pass_count`, whose name goes on after the password word.
pub(super) fn is_password_column(name: &[u8]) -> bool {
    let raw = name.trim_ascii().to_ascii_lowercase();
    let name: Vec<u8> = name
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(u8::to_ascii_lowercase)
        .collect();
    let ends = |w: &[u8]| name.ends_with(w);
    ends(b"password")
        || ends(b"passwd")
        || ends(b"passphrase")
        || name == b"pass"
        || name == b"pwd"
        || LOCALIZED_PASSWORD_COLUMNS
            .iter()
            .any(|w| raw.ends_with(w.as_bytes()))
}

/// The word for password in other languages, as a column's name ends with it (`Senha`,
/// `Contraseña`, `Passwort`, `Hasło`, `Пароль`, `密码`, `パスワード`, `비밀번호`), lowercase where
/// the script has case (non-ASCII capitals are written out: ASCII lowercasing keeps them).
const LOCALIZED_PASSWORD_COLUMNS: &[&str] = &[
    "senha",
    "contraseña",
    "contrasena",
    "clave",
    "mot de passe",
    "mdp",
    "passwort",
    "kennwort",
    "wachtwoord",
    "hasło",
    "haslo",
    "şifre",
    "Şifre",
    "sifre",
    "parola",
    "пароль",
    "Пароль",
    "heslo",
    "lösenord",
    "losenord",
    "salasana",
    "passord",
    "adgangskode",
    "jelszó",
    "lozinka",
    "geslo",
    "mật khẩu",
    "mat khau",
    "kata sandi",
    "密码",
    "密碼",
    "口令",
    "パスワード",
    "비밀번호",
    "كلمة المرور",
];

/// The content ranges of a row's fields (quotes and surrounding blanks excluded). Quoted fields
/// may hold the separator and doubled quotes; a field's range then covers its text between the
/// quotes as written.
fn fields(row: &[u8], sep: u8) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < row.len() && (row[i] == b' ' || (row[i] == b'\t' && sep != b'\t')) {
            i += 1;
        }
        if i < row.len() && row[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < row.len() {
                if row[j] == b'"' {
                    if row.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            out.push(start..j.min(row.len()));
            i = j + 1;
            while i < row.len() && row[i] != sep {
                i += 1;
            }
        } else {
            let start = i;
            while i < row.len() && row[i] != sep {
                i += 1;
            }
            let mut end = i;
            while end > start && row[end - 1].is_ascii_whitespace() {
                end -= 1;
            }
            out.push(start..end);
        }
        if i >= row.len() {
            return out;
        }
        i += 1;
    }
}

/// Lines of `hay` without their `\n` / `\r\n` ending.
struct LineIter<'a> {
    hay: &'a [u8],
    at: usize,
}

impl Iterator for LineIter<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.at >= self.hay.len() {
            return None;
        }
        let start = self.at;
        let end = memchr::memchr(b'\n', &self.hay[start..]).map_or(self.hay.len(), |p| start + p);
        self.at = end + 1;
        let trimmed = if end > start && self.hay[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Some(start..trimmed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &str, sep: u8) -> Vec<&str> {
        fields(row.as_bytes(), sep)
            .into_iter()
            .map(|r| &row[r])
            .collect()
    }

    #[test]
    fn fields_handle_quotes_blanks_and_empty_cells() {
        assert_eq!(texts("a,b,,d", b','), ["a", "b", "", "d"]);
        assert_eq!(
            texts("\"Root\", \"x,y\" ,\"say \"\"hi\"\"\",", b','),
            ["Root", "x,y", "say \"\"hi\"\"", ""]
        );
        assert_eq!(texts("a;b\tc", b';'), ["a", "b\tc"]);
        assert_eq!(texts("a\tb", b'\t'), ["a", "b"]);
    }

    #[test]
    fn password_columns_by_name() {
        for yes in [
            "password",
            "Password",
            "login_password",
            "Senha",
            "Contraseña",
            "DB Passwort",
            "Пароль",
            "密码",
            " パスワード ",
            "Login Password",
            "passwd",
            "pwd",
        ] {
            assert!(is_password_column(yes.as_bytes()), "{yes}");
        }
        for no in [
            "password_hash",
            "password_changed_at",
            "username",
            "pass_count",
            "passport",
        ] {
            assert!(!is_password_column(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn markdown_cells_drop_outer_pipes_and_blanks() {
        let row = "| db01 | admin |  `x\\|y` |";
        let got: Vec<&str> = cells(row.as_bytes()).into_iter().map(|r| &row[r]).collect();
        assert_eq!(got, ["db01", "admin", "`x\\|y`"]);
        let row = "host | user";
        let got: Vec<&str> = cells(row.as_bytes()).into_iter().map(|r| &row[r]).collect();
        assert_eq!(got, ["host", "user"]);
        assert!(is_delimiter_row(b"|---|:---:| --- |"));
        assert!(is_delimiter_row(b"---|---"));
        assert!(!is_delimiter_row(b"| db | admin |"));
        assert!(!is_delimiter_row(b"-----"));
        assert!(is_delimiter_row(b"|---------+-------+----------|"));
        assert!(is_delimiter_row(b"+======+=====+"));
        assert!(!is_delimiter_row(b"+ 1 + 2 = 3"));
    }

    #[test]
    fn cells_pointing_to_a_vault_are_not_passwords() {
        assert!(points_elsewhere(b"siehe KeePass"));
        assert!(points_elsewhere(b"see 1Password item"));
        assert!(points_elsewhere(b"in the Vault"));
        assert!(!points_elsewhere(b"Kq8!vLm2Tz"));
        assert!(!points_elsewhere(b"correct horse battery staple"));
    }

    #[test]
    fn html_cells_and_their_first_text() {
        let row = "<tr><td><p>vCenter</p></td><td> root </td><TD class=\"x\"><p><b>S3cr3t!x</b></p></TD></tr>";
        let cells = html_cells(row.as_bytes(), 0..row.len());
        let got: Vec<&str> = cells
            .iter()
            .map(|c| &row[first_text(row.as_bytes(), c.clone()).unwrap()])
            .collect();
        assert_eq!(got, ["vCenter", "root", "S3cr3t!x"]);
        assert_eq!(find_ci(b"a</TR>b", b"</tr>"), Some(1));
        assert_eq!(rfind_ci(b"<tr><TR>", b"<tr"), Some(4));
    }

    #[test]
    fn wiki_cells_split_on_doubled_separators() {
        let row = "||Host||Login||Password||";
        let got: Vec<&str> = split_cells(row.as_bytes(), b"||")
            .into_iter()
            .map(|r| &row[r])
            .collect();
        assert_eq!(got, ["Host", "Login", "Password"]);
        let row = "! Service !! User !! Password";
        let body = strip_lead(row.as_bytes(), b'!');
        let got: Vec<&[u8]> = split_cells(body, b"!!")
            .into_iter()
            .map(|r| &body[r])
            .collect();
        assert_eq!(got, [&b"Service"[..], b"User", b"Password"]);
    }

    #[test]
    fn line_starts_match_a_search_from_scratch() {
        let hay = b"ab\ncd|ef\n\n|gh|ij\nk";
        let mut lines = LineStarts::default();
        let mut at = 0;
        for step in [0, 1, 0, 2, 3, 1, 4, 2, 1, 5, 3] {
            at = (at + step).min(hay.len());
            let expected = memchr::memrchr(b'\n', &hay[..at]).map_or(0, |p| p + 1);
            assert_eq!(lines.start_of(hay, at), expected, "at {at}");
        }
        // a position behind the last one is answered too
        assert_eq!(lines.start_of(hay, 4), 3);
    }

    #[test]
    fn gherkin_tables_follow_examples_or_a_step() {
        let text = b"  Scenario Outline: x\n    Examples:\n      | user | password |\n";
        let header = text.len() - b"      | user | password |\n".len();
        assert!(follows_gherkin_keyword(text, header));
        let text = b"    Given these accounts exist\n\n      | user | password |\n";
        let header = text.len() - b"      | user | password |\n".len();
        assert!(follows_gherkin_keyword(text, header));
        let text = b"## Accounts\n\n| user | password |\n";
        let header = text.len() - b"| user | password |\n".len();
        assert!(!follows_gherkin_keyword(text, header));
        assert!(!follows_gherkin_keyword(b"| user | password |\n", 0));
    }

    #[test]
    fn separator_is_the_most_frequent() {
        assert_eq!(separator(b"a;b;c,d"), Some(b';'));
        assert_eq!(separator(b"a\tb\tc"), Some(b'\t'));
        assert_eq!(separator(b"password"), None);
    }
}
