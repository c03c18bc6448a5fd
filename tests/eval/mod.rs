//! The evaluation corpus: fake secrets of every rule of the pack, planted in realistic files of
//! many kinds, with hard negatives around them and a ground-truth manifest. Deterministic from a
//! seed; nothing secret-shaped is stored in the sources, everything is computed here.
#![allow(dead_code)]

pub mod negatives;
pub mod render;
pub mod rng;
pub mod score;
pub mod secrets;

use std::collections::BTreeMap;
use std::path::Path;

use leakhound::engine::{RuleSet, Scratch};
use leakhound::rules::Rule;
use regex::Regex;
use serde::Serialize;

use negatives::{Form, Negative};
use render::Kind;
use rng::Rng;
use secrets::Regenerator;

/// Planted secrets per rule.
pub const PER_RULE: usize = 4;

/// A planted secret: where it is and which rule it came from.
#[derive(Clone, Debug, Serialize)]
pub struct Truth {
    pub path: String,
    /// First and last line (1-based) the secret (or its encoded form) covers.
    pub line: usize,
    pub end_line: usize,
    pub secret: String,
    pub rule: String,
    pub kind: String,
    /// False for a second secret that the example line carries besides the rule's own (a
    /// Google API key inside a Chat webhook URL): finding it is right, missing it is not counted.
    pub primary: bool,
}

/// Where a hard negative sits, to name the category of a false alarm.
#[derive(Clone, Debug, Serialize)]
pub struct NegativeAt {
    pub path: String,
    pub line: usize,
    pub end_line: usize,
    pub category: String,
}

pub struct Corpus {
    pub files: BTreeMap<String, Vec<u8>>,
    pub truths: Vec<Truth>,
    pub negatives: Vec<NegativeAt>,
    /// Rules none of whose examples could be re-randomised into a secret the rule still finds.
    pub unregenerable: Vec<String>,
}

/// What goes into a file.
enum Item {
    Plant {
        rule: String,
        secret: String,
        /// Other secrets in the same planted text: (rule, secret).
        also: Vec<(String, String)>,
        form: PlantForm,
    },
    Negative(Negative),
}

enum PlantForm {
    Named {
        name: String,
        value: String,
        standalone: bool,
    },
    Raw(String),
    Block {
        name: String,
        block: String,
    },
}

/// `name = value` (with the usual assignment operators and quotes) when the example line is one.
fn split_assignment(line: &str, secret: &str) -> Option<(String, String)> {
    if line.contains('\n') {
        return None;
    }
    let re = Regex::new(
        r#"^\s*(?:export\s+|(?:const|let|var)\s+)?["']?([A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*(?::=|=>|=|:)\s*(.*?)\s*[,;]?\s*$"#,
    )
    .unwrap();
    let caps = re.captures(line)?;
    let name = caps[1].to_string();
    // `jdbc:mysql://…` is a URL scheme, not `jdbc: mysql://…`.
    let after = &line[caps.get(1).unwrap().end()..];
    if after.starts_with(':') && !after[1..].starts_with([' ', '\t']) {
        return None;
    }
    let mut value = caps[2].to_string();
    for q in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(q) && value.ends_with(q) {
            value = value[1..value.len() - 1].to_string();
        }
    }
    // `jdbc:mysql://…` is a URL, not `jdbc = mysql://…`.
    if !value.contains(secret)
        || value.contains(['"', '\''])
        || value.starts_with(['[', '{'])
        || value.starts_with("//")
    {
        return None;
    }
    Some((name, value))
}

/// Secrets that any rule finds in `line` other than (and not overlapping) `secret`.
fn other_secrets(all: &RuleSet, line: &str, secret: &str) -> Vec<(String, String)> {
    let mut matches = Vec::new();
    all.scan(line.as_bytes(), &mut Scratch::default(), &mut matches);
    let mut out = Vec::new();
    for m in matches {
        let found = &line[m.secret.clone()];
        if !score::overlaps(found, secret) {
            out.push((all.rule(m.rule).id.clone(), found.to_string()));
        }
    }
    out
}

/// Builds the corpus for `rules` from `seed`.
pub fn generate(rules: &[Rule], seed: u64) -> Corpus {
    let mut rng = Rng::new(seed);
    let all = RuleSet::new(rules.to_vec());
    let mut plants: Vec<(Item, Vec<Kind>)> = Vec::new();
    let mut look_alikes: Vec<Negative> = Vec::new();
    let mut unregenerable = Vec::new();
    let mut names = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        let regen = Regenerator::new(rule);
        let mut made = 0;
        for k in 0..PER_RULE {
            let Some(fresh) = regen.fresh(k, &mut rng) else {
                continue;
            };
            made += 1;
            let pick = r * PER_RULE + k;
            let (form, kinds): (PlantForm, &[Kind]) = if fresh.secret.contains('\n') {
                (
                    PlantForm::Block {
                        name: "private_key".into(),
                        block: fresh.line.clone(),
                    },
                    render::MULTI,
                )
            } else if let Some((name, value)) = split_assignment(&fresh.line, &fresh.secret) {
                names.push(name.clone());
                let bare = value == fresh.secret;
                for bad in regen
                    .look_alikes(&fresh, &mut rng)
                    .into_iter()
                    .filter(|_| bare)
                {
                    look_alikes.push(Negative {
                        category: "look-alike",
                        form: Form::Named {
                            name: name.clone(),
                            value: value.replace(&fresh.secret, &bad),
                        },
                    });
                }
                let standalone = regen.standalone(&fresh.secret);
                (
                    PlantForm::Named {
                        name,
                        value,
                        standalone,
                    },
                    render::NAMED,
                )
            } else {
                (PlantForm::Raw(fresh.line.clone()), render::RAW)
            };
            let kind = kinds[pick % kinds.len()];
            let also = other_secrets(&all, &fresh.line, &fresh.secret);
            plants.push((
                Item::Plant {
                    rule: rule.id.clone(),
                    secret: fresh.secret,
                    also,
                    form,
                },
                vec![kind],
            ));
        }
        if made == 0 {
            unregenerable.push(rule.id.clone());
        }
    }
    names.sort();
    names.dedup();
    let planted = plants.len();
    let mut items = plants;
    let others = planted.saturating_sub(look_alikes.len()) + planted / 5;
    let mut negs = look_alikes;
    negs.extend(negatives::generate(&mut rng, others, &names));
    for (i, negative) in negs.into_iter().enumerate() {
        let kinds: Vec<Kind> = match &negative.form {
            Form::Named { .. } => vec![render::NAMED[i % render::NAMED.len()]],
            Form::Raw(_) => vec![render::RAW[i % render::RAW.len()]],
            Form::Code(kind, _) => vec![*kind],
            Form::Block { .. } => vec![render::MULTI[i % render::MULTI.len()]],
        };
        items.push((Item::Negative(negative), kinds));
    }
    // Deterministic shuffle, then group by kind.
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
    let mut by_kind: BTreeMap<Kind, Vec<Item>> = BTreeMap::new();
    for (item, kinds) in items {
        by_kind.entry(kinds[0]).or_default().push(item);
    }
    let mut corpus = Corpus {
        files: BTreeMap::new(),
        truths: Vec::new(),
        negatives: Vec::new(),
        unregenerable,
    };
    for (kind, items) in by_kind {
        let per_file = match kind {
            Kind::Pem => 1,
            Kind::MinifiedJs => 60,
            _ => 24,
        };
        for (n, chunk) in items.chunks(per_file).enumerate() {
            write_file(&mut corpus, kind, n, chunk);
        }
    }
    corpus
}

/// Renders one file of `kind` and records where its plants and negatives are.
fn write_file(corpus: &mut Corpus, kind: Kind, n: usize, items: &[Item]) {
    let path = kind.path(n);
    let mut lines: Vec<String> = kind.header();
    let mut minified: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let salt = n * 100 + i;
        let (rendered, start, end) = match item {
            Item::Plant { form, .. } => match form {
                PlantForm::Named {
                    name,
                    value,
                    standalone,
                } => {
                    let r = render::named(kind, name, value, *standalone, salt);
                    let last = r.len() - 1;
                    (r, last, last)
                }
                PlantForm::Raw(line) => {
                    let (r, at) = render::raw(kind, line, salt);
                    (r, at, at)
                }
                PlantForm::Block { name, block } => render::multi(kind, name, block),
            },
            Item::Negative(negative) => match &negative.form {
                Form::Named { name, value } => {
                    let r = render::named(kind, name, value, false, salt);
                    let last = r.len() - 1;
                    (r, last, last)
                }
                Form::Raw(line) => {
                    let (r, at) = render::raw(kind, line, salt);
                    (r, at, at)
                }
                Form::Code(_, line) => (vec![line.clone()], 0, 0),
                Form::Block { name, block } => render::multi(kind, name, block),
            },
        };
        let (first_line, last_line) = if kind == Kind::MinifiedJs {
            minified.extend(rendered);
            (1, 1)
        } else {
            // An element may hold several lines (an example with a line break in it).
            let mut first = 0;
            let mut last = 0;
            for (k, element) in rendered.into_iter().enumerate() {
                if k == start {
                    first = lines.len() + 1;
                }
                lines.extend(element.split('\n').map(str::to_string));
                if k == end {
                    last = lines.len();
                }
            }
            (first, last)
        };
        match item {
            Item::Plant {
                rule, secret, also, ..
            } => {
                let truth = |rule: &str, secret: &str, primary| Truth {
                    path: path.clone(),
                    line: first_line,
                    end_line: last_line,
                    secret: secret.to_string(),
                    rule: rule.to_string(),
                    kind: kind.label().to_string(),
                    primary,
                };
                corpus.truths.push(truth(rule, secret, true));
                for (rule, secret) in also {
                    corpus.truths.push(truth(rule, secret, false));
                }
            }
            Item::Negative(negative) => corpus.negatives.push(NegativeAt {
                path: path.clone(),
                line: first_line,
                end_line: last_line,
                category: negative.category.to_string(),
            }),
        }
    }
    if kind == Kind::MinifiedJs {
        lines = vec![format!(
            "!function(e){{\"use strict\";var t={{{}}};e.__cfg=t,e.addEventListener(\"load\",function(){{return e.__cfg}})}}(window);",
            minified.join(",")
        )];
    }
    lines.extend(kind.footer());
    let sep = if kind.crlf() { "\r\n" } else { "\n" };
    let mut text = lines.join(sep);
    text.push_str(sep);
    let bytes = if kind.latin1() {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    } else {
        text.into_bytes()
    };
    corpus.files.insert(path, bytes);
}

impl Corpus {
    /// Writes the files under `dir`.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        for (rel, bytes) in &self.files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap())?;
            std::fs::write(path, bytes)?;
        }
        Ok(())
    }

    /// The ground truth as JSON (secrets included: keep it outside the scanned tree).
    pub fn manifest_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "truths": self.truths,
            "negatives": self.negatives,
            "unregenerable": self.unregenerable,
        }))
        .unwrap()
    }
}
