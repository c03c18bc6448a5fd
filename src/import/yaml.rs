//! Writing YAML by hand: scalars quoted so that any text (regexes above all) reads back as it was.

/// A YAML scalar for `text`: single-quoted (no escapes, so regexes stay readable) when it holds
/// only printable characters, else double-quoted with JSON's escapes.
pub fn scalar(text: &str) -> String {
    if text.chars().all(|c| !c.is_control() && c != '\u{feff}') {
        format!("'{}'", text.replace('\'', "''"))
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// A flow list of scalars: `['a', 'b']`.
pub fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| scalar(i)).collect();
    format!("[{}]", items.join(", "))
}

/// A comment line's text, on one line.
pub fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn scalars_read_back() {
        for text in [
            r"(?i)it's\s+a\d{3}",
            "tab\there",
            "#not-a-comment",
            "- dash",
            ": colon",
        ] {
            let yaml = format!("v: {}\n", super::scalar(text));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(back["v"], text, "{yaml}");
        }
    }
}
