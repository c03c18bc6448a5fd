//! How one assignment, raw line or multi-line block looks in each kind of file, and the files'
//! surrounding boilerplate.

use base64::Engine as _;

/// The kinds of file the corpus holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Env,
    Yaml,
    Json,
    Toml,
    Ini,
    Properties,
    Xml,
    Python,
    Js,
    Ts,
    Go,
    Java,
    Ruby,
    Php,
    CSharp,
    Shell,
    Notebook,
    K8sSecret,
    K8sConfigMap,
    GithubActions,
    GitlabCi,
    UrlLog,
    MinifiedJs,
    CrlfEnv,
    Latin1Properties,
    Markdown,
    Text,
    CrlfText,
    Latin1Text,
    Pem,
}

/// Kinds that can hold a `name = value` assignment.
pub const NAMED: &[Kind] = &[
    Kind::Env,
    Kind::Yaml,
    Kind::Json,
    Kind::Toml,
    Kind::Ini,
    Kind::Properties,
    Kind::Xml,
    Kind::Python,
    Kind::Js,
    Kind::Ts,
    Kind::Go,
    Kind::Java,
    Kind::Ruby,
    Kind::Php,
    Kind::CSharp,
    Kind::Shell,
    Kind::Notebook,
    Kind::K8sSecret,
    Kind::K8sConfigMap,
    Kind::GithubActions,
    Kind::GitlabCi,
    Kind::UrlLog,
    Kind::MinifiedJs,
    Kind::CrlfEnv,
    Kind::Latin1Properties,
];

/// Kinds that hold a line of text as it is.
pub const RAW: &[Kind] = &[
    Kind::Markdown,
    Kind::Text,
    Kind::Shell,
    Kind::CrlfText,
    Kind::Latin1Text,
    Kind::Notebook,
    Kind::K8sSecret,
];

/// Kinds that hold a multi-line block.
pub const MULTI: &[Kind] = &[
    Kind::Pem,
    Kind::Markdown,
    Kind::Notebook,
    Kind::Yaml,
    Kind::Json,
];

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Env => ".env",
            Kind::Yaml => "yaml",
            Kind::Json => "json",
            Kind::Toml => "toml",
            Kind::Ini => "ini",
            Kind::Properties => ".properties",
            Kind::Xml => "xml",
            Kind::Python => "python",
            Kind::Js => "javascript",
            Kind::Ts => "typescript",
            Kind::Go => "go",
            Kind::Java => "java",
            Kind::Ruby => "ruby",
            Kind::Php => "php",
            Kind::CSharp => "c#",
            Kind::Shell => "shell",
            Kind::Notebook => "notebook",
            Kind::K8sSecret => "k8s secret (base64)",
            Kind::K8sConfigMap => "k8s configmap",
            Kind::GithubActions => "github actions",
            Kind::GitlabCi => "gitlab ci",
            Kind::UrlLog => "url query (percent)",
            Kind::MinifiedJs => "minified js",
            Kind::CrlfEnv => "crlf .env",
            Kind::Latin1Properties => "latin-1 .properties",
            Kind::Markdown => "markdown",
            Kind::Text => "text",
            Kind::CrlfText => "crlf text",
            Kind::Latin1Text => "latin-1 text",
            Kind::Pem => "pem",
        }
    }

    /// The path of the `n`th file of this kind.
    pub fn path(self, n: usize) -> String {
        match self {
            Kind::Env => format!("services/svc{n}/.env"),
            Kind::Yaml => format!("config/app-{n}.yaml"),
            Kind::Json => format!("config/settings-{n}.json"),
            Kind::Toml => format!("config/deploy-{n}.toml"),
            Kind::Ini => format!("config/app-{n}.ini"),
            Kind::Properties => format!("src/main/resources/application-{n}.properties"),
            Kind::Xml => format!("config/web-{n}.config.xml"),
            Kind::Python => format!("app/settings_{n}.py"),
            Kind::Js => format!("web/src/config{n}.js"),
            Kind::Ts => format!("web/src/env{n}.ts"),
            Kind::Go => format!("internal/conf/conf{n}.go"),
            Kind::Java => format!("src/main/java/com/acme/Config{n}.java"),
            Kind::Ruby => format!("config/initializers/keys_{n}.rb"),
            Kind::Php => format!("public/config_{n}.php"),
            Kind::CSharp => format!("src/Acme/Settings{n}.cs"),
            Kind::Shell => format!("scripts/deploy_{n}.sh"),
            Kind::Notebook => format!("notebooks/analysis_{n}.ipynb"),
            Kind::K8sSecret => format!("deploy/k8s/secret-{n}.yaml"),
            Kind::K8sConfigMap => format!("deploy/k8s/configmap-{n}.yaml"),
            Kind::GithubActions => format!(".github/workflows/ci-{n}.yml"),
            Kind::GitlabCi => format!("ci/project{n}/.gitlab-ci.yml"),
            Kind::UrlLog => format!("logs/access-{n}.log"),
            Kind::MinifiedJs => format!("static/js/bundle.{n}.min.js"),
            Kind::CrlfEnv => format!("windows/svc{n}/app.env"),
            Kind::Latin1Properties => format!("legacy/messages_{n}.properties"),
            Kind::Markdown => format!("docs/setup-{n}.md"),
            Kind::Text => format!("notes/notes-{n}.txt"),
            Kind::CrlfText => format!("windows/readme-{n}.txt"),
            Kind::Latin1Text => format!("legacy/notes-{n}.txt"),
            Kind::Pem => format!("keys/key-{n}.pem"),
        }
    }

    pub fn crlf(self) -> bool {
        matches!(self, Kind::CrlfEnv | Kind::CrlfText)
    }

    pub fn latin1(self) -> bool {
        matches!(self, Kind::Latin1Properties | Kind::Latin1Text)
    }

    /// Lines before the items.
    pub fn header(self) -> Vec<String> {
        let l = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
        match self {
            Kind::Env | Kind::CrlfEnv => {
                l(&["# service configuration", "APP_ENV=production", "PORT=8080"])
            }
            Kind::Yaml => l(&["app:", "  name: billing", "  replicas: 3", "settings:"]),
            Kind::Json => l(&["{", "  \"name\": \"billing\","]),
            Kind::Toml => l(&["[service]", "name = \"billing\"", "", "[secrets]"]),
            Kind::Ini => l(&[
                "[database]",
                "host = db.internal",
                "port = 5432",
                "",
                "[auth]",
            ]),
            Kind::Properties => l(&["# Spring configuration", "server.port=8080"]),
            Kind::Xml => l(&[
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                "<configuration>",
                "  <appSettings>",
            ]),
            Kind::Python => l(&["import os", "", "DEBUG = False", ""]),
            Kind::Js => l(&["'use strict';", "", "module.exports = {};"]),
            Kind::Ts => l(&["import { z } from \"zod\";", ""]),
            Kind::Go => l(&["package conf", "", "import \"os\"", "", "func load() {"]),
            Kind::Java => l(&["package com.acme;", "", "public final class Config {"]),
            Kind::Ruby => l(&["# frozen_string_literal: true", ""]),
            Kind::Php => l(&["<?php", ""]),
            Kind::CSharp => l(&[
                "namespace Acme",
                "{",
                "    public static class Settings",
                "    {",
            ]),
            Kind::Shell => l(&["#!/usr/bin/env bash", "set -euo pipefail", ""]),
            Kind::Notebook => l(&[
                "{",
                " \"cells\": [",
                "  {",
                "   \"cell_type\": \"code\",",
                "   \"execution_count\": null,",
                "   \"metadata\": {},",
                "   \"outputs\": [],",
                "   \"source\": [",
                "    \"import os\\n\",",
            ]),
            Kind::K8sSecret => l(&[
                "apiVersion: v1",
                "kind: Secret",
                "metadata:",
                "  name: app-secrets",
                "type: Opaque",
                "data:",
            ]),
            Kind::K8sConfigMap => l(&[
                "apiVersion: v1",
                "kind: ConfigMap",
                "metadata:",
                "  name: app-config",
                "data:",
            ]),
            Kind::GithubActions => l(&[
                "name: ci",
                "on: [push]",
                "jobs:",
                "  build:",
                "    runs-on: ubuntu-latest",
                "    env:",
            ]),
            Kind::GitlabCi => l(&["stages: [build, deploy]", "", "variables:"]),
            Kind::UrlLog => l(&["# nginx access log"]),
            Kind::MinifiedJs => Vec::new(),
            Kind::Latin1Properties => l(&[
                "# Paramètres généraux de l'application",
                "app.titre=Réservations",
            ]),
            Kind::Markdown => l(&[
                "# Setup",
                "",
                "Follow these steps to configure the service.",
                "",
            ]),
            Kind::Text | Kind::CrlfText => l(&["Operations notes", "================", ""]),
            Kind::Latin1Text => l(&[
                "Notes d'exploitation — équipe données",
                "Dernière révision : été",
                "",
            ]),
            Kind::Pem => Vec::new(),
        }
    }

    /// Lines after the items.
    pub fn footer(self) -> Vec<String> {
        let l = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
        match self {
            Kind::Json => l(&["  \"version\": 3", "}"]),
            Kind::Xml => l(&["  </appSettings>", "</configuration>"]),
            Kind::Go => l(&["\t_ = os.Args", "}"]),
            Kind::Java => l(&["}"]),
            Kind::CSharp => l(&["    }", "}"]),
            Kind::Notebook => l(&[
                "    \"print('done')\"",
                "   ]",
                "  }",
                " ],",
                " \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}},",
                " \"nbformat\": 4,",
                " \"nbformat_minor\": 5",
                "}",
            ]),
            Kind::GithubActions => l(&[
                "    steps:",
                "      - uses: actions/checkout@v4",
                "      - run: make test",
            ]),
            Kind::GitlabCi => l(&["", "build:", "  stage: build", "  script:", "    - make"]),
            _ => Vec::new(),
        }
    }
}

/// A name usable as an identifier in code.
fn ident(name: &str) -> String {
    name.replace(['.', '-'], "_")
}

pub fn json_escape(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn dq(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Quotes for languages with both quote styles: double unless the value has one.
fn quote(s: &str) -> String {
    if s.contains('"') && !s.contains('\'') && !s.contains('\\') {
        format!("'{s}'")
    } else {
        dq(s)
    }
}

fn yaml_quote(s: &str) -> String {
    if s.contains('\\') || s.contains('"') {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        format!("\"{s}\"")
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// An assignment `name = value` in a file of `kind`, as lines; the value is on the last line.
/// `standalone` says the value alone identifies the secret (so a Secret may hold it bare).
pub fn named(kind: Kind, name: &str, value: &str, standalone: bool, n: usize) -> Vec<String> {
    let id = ident(name);
    let line = match kind {
        Kind::Env | Kind::CrlfEnv => {
            if value.contains(' ') {
                format!("{name}=\"{value}\"")
            } else {
                format!("{name}={value}")
            }
        }
        Kind::Yaml | Kind::GitlabCi => format!("  {name}: {}", yaml_quote(value)),
        Kind::K8sConfigMap => format!("  {name}: {}", yaml_quote(value)),
        Kind::GithubActions => format!("      {name}: {}", yaml_quote(value)),
        Kind::Json => format!("  {}: {},", json_escape(name), json_escape(value)),
        Kind::Toml => {
            if value.contains('\\') || value.contains('"') {
                format!("{name} = '{value}'")
            } else {
                format!("{name} = \"{value}\"")
            }
        }
        Kind::Ini => format!("{name} = {value}"),
        Kind::Properties => format!("{name}={value}"),
        Kind::Latin1Properties => {
            return vec![
                format!("# Clé d'accès n°{n} — à ne pas diffuser"),
                format!("{name}={value}"),
            ]
        }
        Kind::Xml => format!("    <{name}>{}</{name}>", xml_escape(value)),
        Kind::Python => format!("{id} = {}", quote(value)),
        Kind::Js => format!("module.exports.{id} = {};", quote(value)),
        Kind::Ts => format!("export const {id}: string = {};", quote(value)),
        Kind::Go => {
            if value.contains('"') || value.contains('\\') {
                format!("\t{id} := `{value}`")
            } else {
                format!("\t{id} := \"{value}\"")
            }
        }
        Kind::Java => format!("    private static final String {id} = {};", dq(value)),
        Kind::Ruby => format!("{id} = {}", quote(value)),
        Kind::Php => {
            if n % 2 == 0 {
                format!("define('{name}', '{}');", value.replace('\'', "\\'"))
            } else {
                format!("${id} = '{}';", value.replace('\'', "\\'"))
            }
        }
        Kind::CSharp => format!("        public const string {id} = {};", dq(value)),
        Kind::Shell => {
            if value.contains(['"', '$', '`', '\\']) {
                format!("export {name}='{value}'")
            } else {
                format!("export {name}=\"{value}\"")
            }
        }
        Kind::Notebook => format!("    {},", json_escape(&format!("{id} = {}\n", quote(value)))),
        Kind::K8sSecret => {
            if standalone {
                format!("  {name}: {}", b64(value))
            } else {
                format!("  config-{n}.env: {}", b64(&format!("{name}={value}\n")))
            }
        }
        Kind::UrlLog => format!(
            "10.0.{}.{} - - [12/Mar/2024:10:{:02}:07 +0000] \"GET /api/v2/sync?{}={}&page={} HTTP/1.1\" 200 512",
            n % 250,
            n % 199,
            n % 60,
            percent(name),
            percent(value),
            n % 9 + 1
        ),
        Kind::MinifiedJs => format!("{}:{}", ident(name), dq(value)),
        _ => unreachable!("{kind:?} holds no assignments"),
    };
    vec![line]
}

/// A line of text in a file of `kind`, and the index of the element holding it.
pub fn raw(kind: Kind, line: &str, n: usize) -> (Vec<String>, usize) {
    let lines = match kind {
        Kind::Markdown => {
            return (
                vec!["```".into(), line.into(), "```".into(), String::new()],
                1,
            )
        }
        Kind::Text | Kind::CrlfText | Kind::Shell => vec![line.into()],
        Kind::Latin1Text => vec![format!("Remarque n°{n} : voir ci-dessous"), line.into()],
        Kind::Notebook => vec![format!("    {},", json_escape(&format!("# {line}\n")))],
        Kind::K8sSecret => vec![format!("  note-{n}.txt: {}", b64(line))],
        _ => unreachable!("{kind:?} holds no raw lines"),
    };
    let last = lines.len() - 1;
    (lines, last)
}

/// A multi-line block in a file of `kind`, as lines; returns the lines and the index range of
/// the lines the block covers.
pub fn multi(kind: Kind, name: &str, block: &str) -> (Vec<String>, usize, usize) {
    let lines: Vec<&str> = block.lines().collect();
    match kind {
        Kind::Pem | Kind::Markdown => {
            let mut out: Vec<String> = Vec::new();
            if kind == Kind::Markdown {
                out.push("```".into());
            }
            let start = out.len();
            out.extend(lines.iter().map(|l| l.to_string()));
            let end = out.len() - 1;
            if kind == Kind::Markdown {
                out.push("```".into());
            }
            (out, start, end)
        }
        Kind::Yaml => {
            let mut out = vec![format!("  {name}: |")];
            out.extend(lines.iter().map(|l| format!("    {l}")));
            let end = out.len() - 1;
            (out, 1, end)
        }
        Kind::Json => (
            vec![format!(
                "  {}: {},",
                json_escape(name),
                json_escape(&format!("{block}\n"))
            )],
            0,
            0,
        ),
        Kind::Notebook => (
            vec![format!("    {},", json_escape(&format!("{block}\n")))],
            0,
            0,
        ),
        _ => unreachable!("{kind:?} holds no blocks"),
    }
}
