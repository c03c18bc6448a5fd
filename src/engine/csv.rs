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

/// The rule whose matches `scan_markdown` finds.
pub(super) const MARKDOWN_RULE_ID: &str = "markdown-password-column";

/// Appends a match for each non-placeholder value in a password column of a Markdown table (a
/// header row naming the column, a delimiter row of `-`, `:` and `|`, then rows) whose header
/// holds one of `hits` (the rule's keywords: the end of a password column's name and a `|`).
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
    for &(start, _) in hits {
        if start < done {
            continue;
        }
        let line_start = memchr::memrchr(b'\n', &hay[..start]).map_or(0, |p| p + 1);
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
        // A Gherkin table (a Scenario Outline's `Examples:`, a step's data table) has no
        // delimiter row: its rows follow the header directly.
        if !follows_gherkin_keyword(hay, line_start) {
            let Some(delimiter) = lines.next() else {
                continue;
            };
            if !is_delimiter_row(&hay[delimiter]) {
                continue;
            }
        }
        let columns = password_columns(header_bytes, &cells(header_bytes));
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
            if row.len() > MAX_LINE || memchr::memchr(b'|', row).is_none() {
                break;
            }
            judge.row(&line, row, &cells(row), unwrap_code, out);
        }
        done = lines.at;
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

/// Whether a line is a Markdown table's delimiter row: `|`, `-`, `:` and blanks only, with a
/// `-` and a `|` (`| --- | :---: |`, `---|---`).
fn is_delimiter_row(line: &[u8]) -> bool {
    line.contains(&b'-')
        && line.contains(&b'|')
        && line
            .iter()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
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
