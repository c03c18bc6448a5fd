//! Hard negatives: values that look like secrets to a careless scanner and are not.

use super::render::Kind;
use super::rng::Rng;

/// What a negative is, once it is written.
#[derive(Clone, Debug)]
pub enum Form {
    /// `name = value` in any file that holds assignments.
    Named { name: String, value: String },
    /// A line of text for documents and scripts.
    Raw(String),
    /// A line of code for one kind of file only.
    Code(Kind, String),
    /// A multi-line block.
    Block { name: String, block: String },
}

#[derive(Clone, Debug)]
pub struct Negative {
    pub category: &'static str,
    pub form: Form,
}

const SECRET_NAMES: &[&str] = &[
    "password",
    "db_password",
    "DB_PASSWORD",
    "api_key",
    "API_KEY",
    "secret_key",
    "SECRET_KEY",
    "client_secret",
    "auth_token",
    "access_token",
    "GITHUB_TOKEN",
    "STRIPE_SECRET_KEY",
    "SLACK_BOT_TOKEN",
    "aws_secret_access_key",
    "OPENAI_API_KEY",
    "SENDGRID_API_KEY",
    "DATADOG_API_KEY",
    "jwt_secret",
    "smtp_password",
    "private_key",
    "token",
    "apiKey",
];

fn named(category: &'static str, name: &str, value: String) -> Negative {
    Negative {
        category,
        form: Form::Named {
            name: name.to_string(),
            value,
        },
    }
}

fn code(category: &'static str, kind: Kind, line: String) -> Negative {
    Negative {
        category,
        form: Form::Code(kind, line),
    }
}

fn placeholder(rng: &mut Rng, name: &str) -> Negative {
    let upper = name.to_ascii_uppercase();
    let value = match rng.below(14) {
        0 => "changeme".to_string(),
        1 => "x".repeat(8 + rng.below(32)),
        2 => "<your-token>".to_string(),
        3 => format!("${{{upper}}}"),
        4 => format!(
            "{{{{ .Values.{} }}}}",
            name.to_ascii_lowercase().replace('_', ".")
        ),
        5 => "%(pw)s".to_string(),
        6 => format!("<{upper}>"),
        7 => "your-api-key-here".to_string(),
        8 => "REPLACE_ME".to_string(),
        9 => "*".repeat(8 + rng.below(8)),
        10 => format!("{{{{ secrets.{upper} }}}}"),
        11 => format!("${{{{ secrets.{upper} }}}}"),
        12 => "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX".to_string(),
        _ => format!("%{upper}%"),
    };
    named("placeholder", name, value)
}

fn env_lookup(rng: &mut Rng, name: &str) -> Negative {
    let upper = name.to_ascii_uppercase();
    let id = name.replace(['.', '-'], "_");
    let (kind, line) = match rng.below(10) {
        0 => (Kind::Python, format!("{id} = os.environ[\"{upper}\"]")),
        1 => (Kind::Python, format!("{id} = os.getenv(\"{upper}\", \"\")")),
        2 => (Kind::Js, format!("const {id} = process.env.{upper};")),
        3 => (Kind::Ts, format!("export const {id} = process.env[\"{upper}\"] ?? \"\";")),
        4 => (Kind::Java, format!("    private static final String {id} = System.getenv(\"{upper}\");")),
        5 => (Kind::Go, format!("\t{id} := os.Getenv(\"{upper}\")")),
        6 => (Kind::Ruby, format!("{id} = ENV.fetch(\"{upper}\")")),
        7 => (Kind::Php, format!("${id} = getenv('{upper}');")),
        8 => (Kind::CSharp, format!("        public static readonly string {id} = Environment.GetEnvironmentVariable(\"{upper}\");")),
        _ => (Kind::Shell, format!("export {upper}=\"${{{upper}:?missing}}\"")),
    };
    code("env-lookup", kind, line)
}

fn hash(rng: &mut Rng) -> Negative {
    match rng.below(8) {
        0 => named("hash", "sha256", rng.hex(64)),
        1 => named("hash", "checksum", rng.hex(40)),
        2 => named("hash", "etag", rng.hex(32)),
        3 => named("hash", "commit", rng.hex(40)),
        // Not a bcrypt `password_hash`: a password hash stored in a config file is a credential
        // (cracked offline), which the password-hash rules report on purpose (issue 11).
        4 => named("hash", "layer_digest", format!("sha384:{}", rng.hex(96))),
        5 => named("hash", "integrity", format!("sha512-{}==", rng.base64(86))),
        6 => named("hash", "content_sha1", rng.hex(40)),
        _ => named("hash", "digest", format!("sha256:{}", rng.hex(64))),
    }
}

fn uuid(rng: &mut Rng) -> Negative {
    let names = [
        "request_id",
        "tenant_id",
        "trace_id",
        "installation_id",
        "subscription_id",
        "correlation_id",
        "project_id",
    ];
    let name = rng.pick(&names).to_string();
    named("uuid", &name, rng.uuid())
}

fn public_key(rng: &mut Rng) -> Negative {
    let lines = |rng: &mut Rng, n: usize| {
        (0..n)
            .map(|_| rng.base64(64))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match rng.below(3) {
        0 => Negative {
            category: "public-key",
            form: Form::Raw(format!(
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ{} deploy@build-{}",
                rng.base64(200),
                rng.below(99)
            )),
        },
        1 => Negative {
            category: "public-key",
            form: Form::Block {
                name: "public_key".into(),
                block: format!(
                    "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----",
                    lines(rng, 6)
                ),
            },
        },
        _ => Negative {
            category: "certificate",
            form: Form::Block {
                name: "certificate".into(),
                block: format!(
                    "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----",
                    lines(rng, 12)
                ),
            },
        },
    }
}

fn test_value(rng: &mut Rng, name: &str) -> Negative {
    let values = [
        "test-api-key",
        "dummy_token_for_tests",
        "fake-secret-value",
        "example_password",
        "mock-access-token",
        "testpassword",
        "not-a-real-secret",
        "sample-client-secret",
    ];
    named("test-value", name, rng.pick(&values).to_string())
}

fn prose(rng: &mut Rng) -> Negative {
    let lines = [
        "Set the API token in your environment; never commit a password or secret key to the repository.",
        "Rotate the access token every 90 days and store the client secret in the vault.",
        "The password must be at least 12 characters long and contain a digit.",
        "If the token expires, the CLI asks for your password again.",
        "Use `--token` to pass a personal access token, or set GITHUB_TOKEN.",
        "Secrets are injected at deploy time from AWS Secrets Manager.",
        "To reset your password, open Settings > Security and choose Reset password.",
        "The API key identifies the project; the secret key signs requests.",
    ];
    Negative {
        category: "prose",
        form: Form::Raw(rng.pick(&lines).to_string()),
    }
}

fn handling(rng: &mut Rng) -> Negative {
    let (kind, line) = match rng.below(10) {
        0 => (Kind::Python, "if not check_password(password, user.password_hash):".to_string()),
        1 => (Kind::Python, "password = getpass.getpass(\"Password: \")".to_string()),
        2 => (Kind::Python, "hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())".to_string()),
        3 => (Kind::Js, "const token = req.headers.authorization?.split(\" \")[1];".to_string()),
        4 => (Kind::Ts, "function setPassword(user: User, password: string): void { user.password = hash(password); }".to_string()),
        5 => (Kind::Go, "\tsecret, err := vault.Read(ctx, \"kv/data/app\")".to_string()),
        6 => (Kind::Java, "    public void setPassword(String password) { this.password = encoder.encode(password); }".to_string()),
        7 => (Kind::CSharp, "        var apiKey = configuration[\"ApiKey\"];".to_string()),
        8 => (Kind::Ruby, "user.update!(password: params[:password], password_confirmation: params[:password_confirmation])".to_string()),
        _ => (Kind::Php, "$hash = password_hash($password, PASSWORD_DEFAULT);".to_string()),
    };
    code("password-handling", kind, line)
}

fn doc_example(rng: &mut Rng) -> Negative {
    // AWS's published documentation example credentials.
    if rng.below(2) == 0 {
        named(
            "doc-example",
            "aws_access_key_id",
            "AKIAIOSFODNN7EXAMPLE".into(),
        )
    } else {
        named(
            "doc-example",
            "aws_secret_access_key",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        )
    }
}

/// `count` negatives of every category but look-alikes, round-robin; `names` are names seen in
/// the planted lines, mixed with common secret-like names.
pub fn generate(rng: &mut Rng, count: usize, names: &[String]) -> Vec<Negative> {
    let mut out = Vec::with_capacity(count);
    let mut i = 0;
    while out.len() < count {
        let name = if !names.is_empty() && rng.below(2) == 0 {
            rng.pick(names).clone()
        } else {
            rng.pick(SECRET_NAMES).to_string()
        };
        let negative = match i % 10 {
            0 | 1 => placeholder(rng, &name),
            2 => env_lookup(rng, &name),
            3 => hash(rng),
            4 => uuid(rng),
            5 => public_key(rng),
            6 => test_value(rng, &name),
            7 => prose(rng),
            8 => handling(rng),
            _ => doc_example(rng),
        };
        out.push(negative);
        i += 1;
    }
    out
}
