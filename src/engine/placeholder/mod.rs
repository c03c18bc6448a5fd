//! Values that match a rule's shape but are not credentials: placeholders, templates, documented
//! example keys, environment look-ups. Provider rules get the checks that random tokens never
//! trip; generic rules (a secret-like name and any value) get the stricter ones too.

use super::{checksum, codec, validator};

mod words;

/// Keys that providers publish in their documentation; they match the real formats exactly.
const DOCUMENTED_EXAMPLES: &[&[u8]] = &[
    b"AKIAIOSFODNN7EXAMPLE",
    b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    // EMQX's shipped Erlang cookie (`node.cookie` in emqx.conf, `EMQX_NODE__COOKIE`): a default
    // every install starts with, not a secret of the user's.
    b"emqxsecretcookie",
    // The OAuth client secret of the Google Cloud CLI's own installed-app client (client id
    // 764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur), which ships in every Cloud SDK and is
    // written into every `gcloud auth application-default login` file beside the user's refresh
    // token: public by design (the refresh token is the secret, and is reported).
    b"d-FL95Q19q7MQmFpd7hHD0Ty",
];

/// The private keys of Hardhat's and Anvil's default accounts (`npx hardhat node`, `anvil`):
/// the first 20 keys of the documented public mnemonic "test test … test junk" (BIP44 path
/// m/44'/60'/0'/0/i). Both tools print them with the warning that they are publicly known, and
/// tests, fixtures and local scripts use them everywhere; they guard nothing.
const HARDHAT_DEFAULT_KEYS: &[&[u8]] = &[
    b"ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    b"59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    b"5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    b"7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    b"47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    b"8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    b"92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    b"4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    b"dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    b"2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    b"f214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897",
    b"701b615bbdfb9de65240bc28bd21bbc0d996645a3dd57e7b12bc2bdf6f192c82",
    b"a267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1",
    b"47c99abed3324a2707c28affff1267e45918ec8c3f20b8aa892e8b065d2942dd",
    b"c526ee95bf44d8fc405a158bb884d9d1238d99f0612e9f33d006bb0789009aaa",
    b"8166f546bab6da521a8369cab06c5d2b9e46670292d85c875ee9ec20e84ffb61",
    b"ea6c44ac03bff858b476bba40716402b03e41b8e97e276d1baec7c37d42484a0",
    b"689af8efa8c651a91ad287602527f3af2fe9f6501a7ac4b061667b5a93e037fd",
    b"de9be858da4a475276426320d5e9262ecfc3ba460bfac56360bfa6c4c28b4ee0",
    b"df57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e",
];

/// Whether `value` (64 hex digits, `0x` or not) is one of Hardhat's default account keys.
fn hardhat_default_key(value: &[u8]) -> bool {
    let hex = value
        .strip_prefix(b"0x")
        .or_else(|| value.strip_prefix(b"0X"))
        .unwrap_or(value);
    hex.len() == 64
        && HARDHAT_DEFAULT_KEYS
            .iter()
            .any(|k| hex.eq_ignore_ascii_case(k))
}

/// A BIP39 phrase that tools and the standard publish: Hardhat's "test test … test junk", the
/// standard's test vectors ("abandon abandon … about", "legal winner thank year …", "zoo zoo …
/// wrong": entropy of one byte repeated), and any phrase that is mostly one word. A generated
/// phrase repeats a word rarely; these guard no funds.
fn well_known_seed_phrase(value: &[u8]) -> bool {
    if value.len() < 12 * 4 - 1 || !value.contains(&b' ') {
        return false;
    }
    let mut words: Vec<&[u8]> = value
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 12 {
        return false;
    }
    // The most frequent word's count, from runs of the sorted words (not a count per word,
    // which is quadratic in the value's length).
    words.sort_unstable();
    let most = words
        .chunk_by(|a, b| a == b)
        .map(<[_]>::len)
        .max()
        .unwrap_or(0);
    if most * 2 > words.len() {
        return true;
    }
    checksum::bip39_entropy(value).is_some_and(|e| e.iter().all(|&b| b == e[0]))
}

/// Hashes of the empty string: the NT and LM hashes of an empty or disabled account's password
/// (`Guest:501:aad3b435…:31d6cfe0…:::`), and MD5, SHA-1 and SHA-256 of nothing. No credential
/// hashes to them.
const EMPTY_INPUT_HASHES: &[&[u8]] = &[
    b"31d6cfe0d16ae931b73c59d7e0c089c0",
    b"aad3b435b51404eeaad3b435b51404ee",
    b"d41d8cd98f00b204e9800998ecf8427e",
    b"da39a3ee5e6b4b0d3255bfef95601890afd80709",
    b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
];

/// Substrings (ASCII case-insensitive) that mark any value, in any rule, as a placeholder.
const ALWAYS_PLACEHOLDER: &[&[u8]] = &[
    b"example",
    b"xxxxx",
    b"*****",
    b"${",
    b"{{",
    b"}}",
    b"<your",
    b"your_",
    b"your-",
    b"placeholder",
    b"redacted",
    b"0000000000",
    b"1234567890",
    b"abcdefghij",
    // the same, in the four groups of four that Google shows app passwords in
    b"abcd efgh",
    // Base64 of the bytes 0, 1, 2, … 11: the byte-counting filler of test vectors.
    b"AAECAwQFBgcICQoL",
];

/// More markers that rule out a value only for generic rules, where the value is free-form.
const GENERIC_PLACEHOLDER: &[&[u8]] = &[
    b"changeme",
    b"change_me",
    b"change-me",
    b"changeit",
    b"password",
    b"passwd",
    b"secret",
    b"dummy",
    b"fake",
    b"sample",
    b"test",
    b"mock",
    b"todo",
    b"fixme",
    b"foobar",
    // test tables' look-alikes: `sk-abc123invalid`, `AstraCS:…!short`
    b"invalid",
    b"short",
    b"hunter2",
    b"letmein",
    b"qwerty",
    b"insert",
    b"replace",
    b"enter_",
    b"enter-",
    b"here",
    b"null",
    b"none",
    b"undefined",
    b"empty",
    b"default",
    b"process.env",
    b"os.environ",
    b"getenv",
    b"environ[",
    b"env[",
    b"env.",
    b"config.",
    b"settings.",
    b"secrets.",
    b"vault:",
    b"%(",
    b"$(",
    b"#{",
    b"...",
    b"\xe2\x80\xa6",
    b"xxx",
    b"***",
    b"localhost",
    b"://",
    b"getenvironmentvariable",
    b"system.getproperty",
    b"pbkdf2_",
    b"scrypt:",
    b"bcrypt",
    b"argon2",
    b"anonymous",
    b"{noop}",
    b"{bcrypt}",
    b"{ssha}",
    b"{sha}",
    // A value that says it is ciphertext: the ServiceNow MID server rewrites the passwords of
    // its `config.xml` as `encrypted:<base64>` on first start.
    b"encrypted:",
    // The same placeholders in the languages `rules/multilingual.yml` reads: the word for
    // password in the value (`sua_senha_aqui`, `tu_contraseña`, `votre_mot_de_passe`,
    // `<ihr-kennwort>`), "here" and "your" as templates write them, and "please enter".
    b"senha",
    b"contrase",
    b"mot_de_passe",
    b"motdepasse",
    b"passwort",
    b"kennwort",
    b"wachtwoord",
    b"aqui",
    b"votre_",
    b"votre-",
    b"\xe8\xaf\xb7\xe8\xbe\x93\xe5\x85\xa5",
    b"\xe4\xbd\xa0\xe7\x9a\x84",
];

/// Prefixes of encoded public keys, SSH public keys and client-side keys: published by design.
const PUBLIC_KEY_PREFIXES: &[&[u8]] = &[
    b"ssh-rsa",
    b"ssh-ed25519",
    b"ssh-dss",
    b"ecdsa-sha2-",
    b"sk-ssh-",
    b"AAAAB3NzaC1",
    b"AAAAC3NzaC1",
    b"AAAAE2VjZHNh",
    b"MFkwEwYHKoZIzj0CAQ",
    b"MIIBIjANBgkqhkiG9w0BAQEFAAOC",
    b"MIICIjANBgkqhkiG9w0BAQEFAAOC",
    b"MCowBQYDK2Vw",
    // A minisign public key file, base64-encoded again: the `pubkey` of a Tauri updater
    // configuration (`untrusted comment: minisign public key: …`). The secret key is reported by
    // its own rules.
    b"dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZX",
    b"dW50cnVzdGVkIGNvbW1lbnQ6IHJzaWduIHB1YmxpYyBrZX",
    // Midtrans client keys (production and sandbox) go into the browser with Snap.js; the
    // secret is the server key (`Mid-server-`).
    b"Mid-client-",
    b"SB-Mid-client-",
    // Salesforce connected-app consumer keys (OAuth client ids) all begin so; the secret is the
    // consumer secret.
    b"3MVG9",
];

/// Passwords that demos and quick starts use; with digits or punctuation around them they are
/// still demo values (`admin123`, `root!`), not credentials worth an alarm.
const DEMO_WORDS: &[&[u8]] = &[
    b"admin",
    b"administrator",
    b"root",
    b"pass",
    b"pw",
    b"pwd",
    b"user",
    b"username",
    b"guest",
    b"demo",
    b"postgres",
    b"postgresql",
    b"mysql",
    b"mariadb",
    b"mongo",
    b"mongodb",
    b"redis",
    b"rabbit",
    b"rabbitmq",
    b"sa",
    b"oracle",
    b"tiger",
    b"scott",
    b"welcome",
    b"abc",
    b"abcd",
    b"abcdef",
    b"asdf",
    b"asdfgh",
    b"qwerty",
    b"foo",
    b"bar",
    b"baz",
    b"app",
    b"db",
    b"database",
    b"dev",
    b"local",
    b"docker",
    b"master",
    b"mypass",
    b"mypassword",
    b"mysecret",
    b"login",
    b"pa",
    b"p",
    b"a",
    b"x",
    b"key",
    b"token",
    b"apikey",
];

/// Whether `hay` holds `needle` (ASCII), ignoring ASCII case.
pub(super) fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len()
        && hay
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether `value` holds the placeholder marker `marker` (ASCII case-insensitive). A marker of
/// four letters or fewer (`xxx`, `test`, `todo`) counts only when written as people write it:
/// `xxx`, `XXX`, `Test`. Random mixed-case keys hold such letters by chance (`Ab9xXXwX2t…`):
/// about one 32-character key in a thousand has a case-insensitive `xxx` somewhere.
fn contains_marker(value: &[u8], marker: &[u8]) -> bool {
    let letters = marker.iter().filter(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || marker.len() > 4 {
        return contains_ci(value, marker);
    }
    value.len() >= marker.len()
        && value.windows(marker.len()).any(|w| {
            w.eq_ignore_ascii_case(marker) && {
                let rest = &w[1..];
                let lower = |b: &u8| !b.is_ascii_uppercase();
                let upper = |b: &u8| !b.is_ascii_lowercase();
                rest.iter().all(lower) || (w[0].is_ascii_uppercase() && rest.iter().all(upper))
            }
        })
}

/// The longest run of one repeated byte other than `except`.
fn longest_run_except(value: &[u8], except: u8) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for &b in value {
        run = if Some(b) == prev { run + 1 } else { 1 };
        prev = Some(b);
        if b != except {
            best = best.max(run);
        }
    }
    best
}

/// Whether a provider-format match is a placeholder or a documented example.
pub fn is_placeholder(value: &[u8]) -> bool {
    DOCUMENTED_EXAMPLES.contains(&value)
        || hardhat_default_key(value)
        || well_known_seed_phrase(value)
        || EMPTY_INPUT_HASHES
            .iter()
            .any(|h| value.eq_ignore_ascii_case(h))
        || ALWAYS_PLACEHOLDER.iter().any(|p| contains_marker(value, p))
        || repetitive(value)
}

/// A long run of one character: `AAAAAAAAAAAA` in a 40-character token is a placeholder, while
/// long base64 blobs (key material) legitimately contain runs of `A` from zero bytes.
fn repetitive(value: &[u8]) -> bool {
    // Runs of `A` are zero bits in base64: real tokens (Twitter bearer tokens, Dropbox and
    // Firebase keys) carry them, placeholders use x, 0, * or a repeated letter of their own.
    let run = longest_run_except(value, b'A');
    run >= 8 && (value.len() <= 100 || run * 4 >= value.len())
}

/// Whether a generic match's value is something other than a literal credential.
pub fn is_generic_non_secret(value: &[u8]) -> bool {
    if is_placeholder(value)
        || GENERIC_PLACEHOLDER
            .iter()
            .any(|p| contains_marker(value, p))
    {
        return true;
    }
    if is_template(value) || at_template(value) || is_demo_value(value) || is_path(value) {
        return true;
    }
    // Base64 of text: the decoders scan the decoded text, with the same line context, and report
    // the secret inside (or nothing, when it is a placeholder such as "not my real password").
    if value.len() >= 16 && decode_printable_base64(value).is_some() {
        return true;
    }
    // `pass%20word` in a URL: judge the decoded text, without spaces, too.
    if value.contains(&b'%') {
        let decoded: Vec<u8> = codec::percent_decode(value)
            .into_iter()
            .filter(|&b| b != b' ')
            .collect();
        if decoded.len() < value.len() && is_generic_non_secret(&decoded) {
            return true;
        }
    }
    // An EVM address (`0x` and 40 hex digits, in one case or EIP-55's) is public by design: a
    // contract, token or wallet address under a name such as `link_token`.
    if PUBLIC_KEY_PREFIXES.iter().any(|p| value.starts_with(p)) || checksum::evm_address(value) {
        return true;
    }
    // A value that carries a provider's own marker is that provider's key or nothing: its rule
    // has judged the exact form already.
    if provider_marked_malformed(value) {
        return true;
    }
    // A JWT (`eyJ…` header, two dots) is the JWT rule's to judge: one that its checks reject
    // (unsigned, no JOSE header, a documentation token) is not a secret under any name.
    if value.starts_with(b"eyJ")
        && value.iter().filter(|&&b| b == b'.').count() == 2
        && !validator::jwt(value)
    {
        return true;
    }
    if is_suffixed_slug(value) {
        return true;
    }
    // A value with a single character class is a word or a number, not a generated secret;
    // `_`, `-` and `.` join words and do not count as a class of their own.
    let has_digit = value.iter().any(u8::is_ascii_digit);
    let classes = [
        value.iter().any(u8::is_ascii_lowercase),
        value.iter().any(u8::is_ascii_uppercase),
        has_digit,
        value
            .iter()
            .any(|&b| b.is_ascii_punctuation() && !matches!(b, b'_' | b'-' | b'.')),
    ];
    // Three or more words with spaces between them are a passphrase (`correct horse battery`),
    // where the words are the randomness.
    let spaced_words = value.split(|&b| b == b' ').filter(|w| w.len() >= 3).count() >= 3;
    if classes.iter().filter(|&&c| c).count() < 2 && !spaced_words {
        return true;
    }
    // Words without digits: a name (`AuthHeaderName`, `bearer-token-key`), or names joined by
    // colons or slashes (`Namespace:Kind`, `AstraCS:short`, the Vault path
    // `net/fortigate:netops` in an Ansible `hashi_vault` lookup), not a key; unless a pair of letters no word
    // holds shows random letters (`AFgtMHoBBQhPPapR`).
    if !has_digit
        && value.len() < 48
        && value
            .split(|&b| b == b':' || b == b'/')
            .all(|piece| word_pieces(piece).is_some())
        && !words::has_rare_pair(value)
    {
        return true;
    }
    // Capitalised words joined by symbols: the metasyntax of documentation
    // (`USER@REALM!TOKENID=UUID`, `ACCOUNT:KEY@HOST`), not a password.
    if is_capital_words(value) {
        return true;
    }
    // No letters at all: numbers, versions, dates, addresses, phone numbers.
    if !value.iter().any(u8::is_ascii_alphabetic) {
        return true;
    }
    // Dotted identifiers and calls: `self.db_password`, `get_secret()`, `Msg.Ab3Cd`. Keys made
    // of a random id, a dot and a random secret (Ollama and Z.ai keys, `<32 hex>.<random>`) have
    // a long piece that is not made of words.
    let identifier_like = value
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'(' || b == b')');
    if identifier_like
        && (value.contains(&b'(')
            || (value
                .windows(2)
                .any(|w| w[0] == b'.' && w[1].is_ascii_alphabetic())
                && !value
                    .split(|&b| b == b'.')
                    .any(|piece| piece.len() >= 16 && word_pieces(piece).is_none())))
    {
        return true;
    }
    is_uuid(value) || is_hex_digest(value) || is_cipher_string(value) || is_ci_stored_secret(value)
}

/// A lowercase slug of two or more words and a short hex suffix (`anthropic-prod-6d1e2f`,
/// `payments-api-canary-7f3c2d`): the generated name of a resource, such as a gateway's virtual
/// key that refers to a key kept in its vault, not a credential. The suffix holds a letter and a
/// digit, so dash-joined words with a number (`summer-beach-2024`, a human passphrase) stay.
fn is_suffixed_slug(value: &[u8]) -> bool {
    if value.len() > 64
        || !value
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return false;
    }
    let pieces: Vec<&[u8]> = value.split(|&b| b == b'-').collect();
    let Some((suffix, words)) = pieces.split_last() else {
        return false;
    };
    let word = |w: &[u8]| {
        w.len() >= 2
            && w.iter().all(u8::is_ascii_lowercase)
            && w.iter()
                .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
            && !words::has_rare_pair(w)
    };
    words.len() >= 2
        && words.iter().all(|&w| word(w))
        && (4..=10).contains(&suffix.len())
        && suffix.iter().all(u8::is_ascii_hexdigit)
        && suffix.iter().any(u8::is_ascii_digit)
        && suffix.iter().any(u8::is_ascii_alphabetic)
}

/// A CI server's reference to, or ciphertext of, a secret it stores: TeamCity's
/// `credentialsJSON:<uuid>` token references, Bamboo's `BAMSCRT@0@0@<base64>` encrypted
/// variables and GoCD's `AES:<iv base64>:<data base64>` secure variables. The credential is in
/// the server, not in the file.
fn is_ci_stored_secret(value: &[u8]) -> bool {
    let base64 = |p: &[u8]| base64_piece(p, 8);
    if let Some(rest) = value.strip_prefix(b"credentialsJSON:") {
        return is_uuid(rest);
    }
    if let Some(rest) = value.strip_prefix(b"BAMSCRT@") {
        // `<version>@<key id>@<ciphertext>`
        let mut pieces = rest.splitn(3, |&b| b == b'@');
        let version = pieces.next().unwrap_or_default();
        let key = pieces.next().unwrap_or_default();
        let data = pieces.next().unwrap_or_default();
        let digits = |p: &[u8]| !p.is_empty() && p.iter().all(u8::is_ascii_digit);
        return digits(version) && digits(key) && base64(data);
    }
    if let Some(rest) = value.strip_prefix(b"AES:") {
        let mut pieces = rest.split(|&b| b == b':');
        return pieces.clone().count() == 2 && pieces.all(base64);
    }
    false
}

/// Three or more words in capitals, each of three letters or more with a vowel, joined by
/// symbols, with no digit, no lowercase letter and no pair of letters that words do not hold.
fn is_capital_words(value: &[u8]) -> bool {
    if value
        .iter()
        .any(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        || words::has_rare_pair(value)
    {
        return false;
    }
    let mut count = 0;
    for word in value
        .split(|b| !b.is_ascii_uppercase())
        .filter(|w| !w.is_empty())
    {
        let vowel = word
            .iter()
            .any(|b| matches!(b, b'A' | b'E' | b'I' | b'O' | b'U' | b'Y'));
        if word.len() < 3 || !vowel {
            return false;
        }
        count += 1;
    }
    count >= 3
}

/// Which of the four classes a value's characters fall in: lowercase, uppercase, digits and
/// symbols (punctuation other than the `_`, `-` and `.` that join words).
fn char_classes(value: &[u8]) -> [bool; 4] {
    [
        value.iter().any(u8::is_ascii_lowercase),
        value.iter().any(u8::is_ascii_uppercase),
        value.iter().any(u8::is_ascii_digit),
        value
            .iter()
            .any(|&b| b.is_ascii_punctuation() && !matches!(b, b'_' | b'-' | b'.')),
    ]
}

/// The shape of a human password: letters, digits and a symbol, at least 6 characters
/// (`G4r4g3!44`, `Tiger2022@`, `Rt5!kq9`). Such values repeat characters (leetspeak digits,
/// doubled years) and so fall below the entropy floor meant for random strings.
pub fn human_password_shape(value: &[u8]) -> bool {
    let [lower, upper, digit, symbol] = char_classes(value);
    value.len() >= 6 && (lower || upper) && digit && symbol
}

/// Whether the name (the text of the match before the value, with any type between them:
/// `adminPassword string = '`) says password: `password`, `passwd`, `db_pass`, `PWD`.
fn names_password(before: &[u8]) -> bool {
    [&b"pass"[..], b"pwd", b"pswd"]
        .iter()
        .chain(LOCALIZED_PASSWORD_WORDS)
        .any(|k| contains_ci(before, k))
}

/// Words for password in other languages, as `rules/multilingual.yml` reads them in names and
/// labels: a value named by one is held to a password's length, not a key's. (`passe`,
/// `passwort` and `passord` hold `pass` already.)
const LOCALIZED_PASSWORD_WORDS: &[&[u8]] = &[
    b"senha",
    b"contrase",
    b"clave",
    b"mdp",
    b"kennwort",
    b"wachtwoord",
    b"haslo",
    "has\u{142}o".as_bytes(),
    "Has\u{141}o".as_bytes(),
    b"ifre",
    b"parol",
    "\u{430}\u{440}\u{43e}\u{43b}".as_bytes(),
    "\u{43b}\u{43e}\u{437}\u{438}\u{43d}\u{43a}".as_bytes(),
    b"heslo",
    b"senord",
    b"salasana",
    b"adgangskode",
    b"kodeord",
    b"jelsz",
    b"lozinka",
    b"geslo",
    b"mima",
    b"sandi",
    b"laluan",
    b"khau",
    "kh\u{1ea9}u".as_bytes(),
    "\u{3ba}\u{3c9}\u{3b4}\u{3b9}\u{3ba}".as_bytes(),
    "\u{5bc6}\u{7801}".as_bytes(),
    "\u{5bc6}\u{78bc}".as_bytes(),
    "\u{53e3}\u{4ee4}".as_bytes(),
    "\u{6388}\u{6743}\u{7801}".as_bytes(),
    "\u{30d1}\u{30b9}\u{30ef}\u{30fc}\u{30c9}".as_bytes(),
    "\u{6697}\u{8a3c}\u{756a}\u{53f7}".as_bytes(),
    "\u{be44}\u{bc00}\u{bc88}\u{d638}".as_bytes(),
    "\u{d328}\u{c2a4}\u{c6cc}\u{b4dc}".as_bytes(),
    "\u{c554}\u{d638}".as_bytes(),
    "\u{627}\u{644}\u{645}\u{631}\u{648}\u{631}".as_bytes(),
    "\u{627}\u{644}\u{633}\u{631}".as_bytes(),
    "\u{5e1}\u{5d9}\u{5e1}\u{5de}".as_bytes(),
    "\u{e23}\u{e2b}\u{e31}\u{e2a}\u{e1c}\u{e48}\u{e32}\u{e19}".as_bytes(),
    "\u{92a}\u{93e}\u{938}\u{935}\u{930}\u{94d}\u{921}".as_bytes(),
    "\u{639}\u{628}\u{648}\u{631}".as_bytes(),
];

/// Whether a value is long enough for how strongly its name says password. A password name
/// takes 6 or 7 characters when they mix letters, digits and a third class (`Rt5!kq9`,
/// `L0tus!8`; not `abc123`); any other name (`secretKey`) takes 10 or 11 characters with all
/// four classes (`N0rd1c%59x`). Values of 8 (password) or 12 (other names) characters and more
/// pass: the entropy and placeholder checks judge them.
pub fn short_value_fits_name(value: &[u8], before: &[u8]) -> bool {
    let classes = char_classes(value);
    let count = classes.iter().filter(|&&c| c).count();
    let letter = classes[0] || classes[1];
    if names_password(before) {
        value.len() >= 8 || (value.len() >= 6 && letter && classes[2] && count >= 3)
    } else {
        value.len() >= 12 || (value.len() >= 10 && count == 4)
    }
}

/// An encrypted field as Bitwarden's exports and vaults store it: `<type>.<iv>|<data>` or
/// `<type>.<iv>|<data>|<mac>`, each piece base64. Ciphertext, not the credential.
fn is_cipher_string(value: &[u8]) -> bool {
    let Some(dot) = value.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (kind, rest) = (&value[..dot], &value[dot + 1..]);
    let mut pieces = rest.split(|&b| b == b'|');
    (1..=2).contains(&kind.len())
        && kind.iter().all(u8::is_ascii_digit)
        && (2..=3).contains(&pieces.clone().count())
        && pieces.all(|p| base64_piece(p, 16))
}

/// At least `min` characters of the standard base64 alphabet, padding included.
fn base64_piece(piece: &[u8], min: usize) -> bool {
    piece.len() >= min
        && piece
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

/// Words in a variable's name that say its value is not a working credential: test tables
/// name their look-alikes so (`nonMatchingToken`, `fake_api_key`, `invalidSecret`).
const NOT_A_CREDENTIAL_NAME: &[&[u8]] = &[
    b"fake",
    b"dummy",
    b"example",
    b"sample",
    b"invalid",
    b"wrong",
    b"bogus",
    b"mock",
    b"placeholder",
    b"nonmatching",
    b"non_matching",
    b"non-matching",
    b"notmatching",
    b"nonexist",
    b"notreal",
    b"not_real",
    // A database's foreign keys.
    b"foreign",
];

/// Names of values that are public by design: public and publishable keys, anti-forgery tokens
/// (sent in every page), Pusher's app key (the client-side half: the secret is `PUSHER_APP_SECRET`).
const PUBLIC_VALUE_NAME: &[&[u8]] = &[
    b"public",
    // `pubkey: …` (solana-keygen's output, Solana and Bitcoin tooling): a public key.
    b"pubkey",
    b"publishable",
    b"pusher_app_key",
    b"pusher_key",
    b"csrf",
    b"xsrf",
    b"antiforgery",
    b"anti_forgery",
];

/// Providers whose keys have one strict documented shape: under a name that says the provider,
/// a value in the key's outline but not its exact shape is a malformed key that the provider
/// rule has already rejected, not some other secret for the generic rules to report. Listed
/// only where the provider issues a single kind of key under such names.
struct NamedShape {
    /// Lowercase word in the variable's name.
    provider: &'static [u8],
    /// The family of values the provider's keys belong to.
    outline: fn(&[u8]) -> bool,
    /// The documented form of a key.
    exact: fn(&[u8]) -> bool,
}

const NAMED_PROVIDER_SHAPES: &[NamedShape] = &[
    // Bot tokens: `<bot id, 8 to 10 digits>:<35 characters>`.
    NamedShape {
        provider: b"telegram",
        outline: digits_colon,
        exact: telegram_bot_token,
    },
    // Hex keys: Bitly, Gitea, Cisco Meraki and Weights & Biases keys are 40 lowercase hex
    // digits, Amplitude API and secret keys 32.
    NamedShape {
        provider: b"bitly",
        outline: hex_outline,
        exact: hex40,
    },
    NamedShape {
        provider: b"gitea",
        outline: hex_outline,
        exact: hex40,
    },
    NamedShape {
        provider: b"meraki",
        outline: hex_outline,
        exact: hex40,
    },
    NamedShape {
        provider: b"wandb",
        outline: hex_outline,
        exact: hex40,
    },
    NamedShape {
        provider: b"amplitude",
        outline: hex_outline,
        exact: hex32,
    },
    // Mistral API keys: 32 letters and digits.
    NamedShape {
        provider: b"mistral",
        outline: alphanumeric_outline,
        exact: alphanumeric32,
    },
];

/// A 40-character value ending in New Relic's `NRAL` (license keys) that is not a license key:
/// 32 hex digits, or a region prefix (`eu01xx`) and 26, then 4 more hex digits or `FFFF`.
fn provider_marked_malformed(value: &[u8]) -> bool {
    let Some(body) = value.strip_suffix(b"NRAL").filter(|_| value.len() == 40) else {
        return false;
    };
    let hex = |b: &u8| b.is_ascii_digit() || (b'a'..=b'f').contains(b);
    let (head, tail) = body.split_at(32);
    let region = head[..2].iter().all(u8::is_ascii_lowercase)
        && head[2..4].iter().all(u8::is_ascii_digit)
        && &head[4..6] == b"xx"
        && head[6..].iter().all(hex);
    let well_formed = (head.iter().all(hex) || region) && (tail.iter().all(hex) || tail == b"FFFF");
    !well_formed
}

/// `<digits>:<rest>`, the outline of a Telegram bot token, well formed or not.
fn digits_colon(value: &[u8]) -> bool {
    match value.iter().position(|&b| b == b':') {
        Some(colon) => colon >= 1 && value[..colon].iter().all(u8::is_ascii_digit),
        None => false,
    }
}

fn telegram_bot_token(value: &[u8]) -> bool {
    let Some(colon) = value.iter().position(|&b| b == b':') else {
        return false;
    };
    let (id, token) = (&value[..colon], &value[colon + 1..]);
    (8..=10).contains(&id.len())
        && id.iter().all(u8::is_ascii_digit)
        && token.len() == 35
        && token
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Mostly hex: a run of 24 or more hex digits, any case, at the start.
fn hex_outline(value: &[u8]) -> bool {
    value.iter().take_while(|b| b.is_ascii_hexdigit()).count() >= 24
}

fn lower_hex(value: &[u8], len: usize) -> bool {
    value.len() == len
        && value
            .iter()
            .all(|&b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn hex40(value: &[u8]) -> bool {
    lower_hex(value, 40)
}

fn hex32(value: &[u8]) -> bool {
    lower_hex(value, 32)
}

fn alphanumeric_outline(value: &[u8]) -> bool {
    value.iter().all(u8::is_ascii_alphanumeric)
}

fn alphanumeric32(value: &[u8]) -> bool {
    value.len() == 32 && alphanumeric_outline(value)
}

/// Whether the name a generic match's value is assigned to (the text of the match before the
/// value: `fake_api_key = "`, `"csrf-token": "`) marks the value as made up or public. Only the
/// last name counts (`db.fake_password`: `fake_password`), not a host or user name earlier on
/// the line (`user@example.com:`).
pub fn name_marks_non_secret(before: &[u8]) -> bool {
    let name = assigned_name(before);
    NOT_A_CREDENTIAL_NAME
        .iter()
        .any(|w| contains_ci(name, w) && !namespace_word(name, w))
        || (PUBLIC_VALUE_NAME.iter().any(|w| contains_ci(name, w))
            && !SECRET_DESPITE_PUBLIC.iter().any(|w| contains_ci(name, w)))
}

/// Words that keep a name secret although it also says public: the frameworks' browser-exposed
/// prefixes (`NEXT_PUBLIC_`, `NUXT_PUBLIC_`, `EXPO_PUBLIC_`, SvelteKit's and Astro's `PUBLIC_`)
/// say where the value is sent, not what it is, and a secret under one (`NEXT_PUBLIC_JWT_SECRET`,
/// `NUXT_PUBLIC_ADMIN_PASSWORD`) is shipped to every visitor. A public or publishable key's own
/// name holds none of these (`NEXT_PUBLIC_SUPABASE_ANON_KEY`, `STRIPE_PUBLISHABLE_KEY`).
const SECRET_DESPITE_PUBLIC: &[&[u8]] = &[b"secret", b"passw", b"passphrase", b"private"];

/// The name a value is assigned to: the last name before it, or in a name/value pair
/// (`{"name": "csrftoken", "value": "`, `ParameterKey: X, ParameterValue:`) the pair's name.
fn assigned_name(before: &[u8]) -> &[u8] {
    let last = last_name(before);
    if !(last.eq_ignore_ascii_case(b"value") || last.eq_ignore_ascii_case(b"parametervalue")) {
        return last;
    }
    let mut tokens = before
        .split(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .filter(|t| !t.is_empty());
    while let Some(token) = tokens.next() {
        if [&b"name"[..], b"key", b"parameterkey"]
            .iter()
            .any(|k| token.eq_ignore_ascii_case(k))
        {
            return tokens.next().unwrap_or(last);
        }
    }
    last
}

/// The last name in the text before a value: `db.fake_password = "` gives `fake_password`.
fn last_name(before: &[u8]) -> &[u8] {
    let end = before
        .iter()
        .rposition(|b| b.is_ascii_alphanumeric())
        .map_or(0, |i| i + 1);
    let start = before[..end]
        .iter()
        .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
        .map_or(0, |i| i + 1);
    &before[start..end]
}

/// Whether `word` (`example`, `sample`) is a namespace in a name rather than a word about the
/// value: a whole word with a word before it and a word after it that is not the credential
/// word, as in Kconfig's `CONFIG_EXAMPLE_WIFI_PASSWORD` (ESP-IDF's example component, copied
/// into real firmware with real values). `EXAMPLE_PASSWORD`, `example_api_key` and
/// `db_sample_password` say the value is an example.
fn namespace_word(name: &[u8], word: &[u8]) -> bool {
    if !matches!(word, b"example" | b"sample") {
        return false;
    }
    let words: Vec<&[u8]> = name
        .split(|&b| b == b'_' || b == b'-')
        .filter(|w| !w.is_empty())
        .collect();
    let Some(at) = words.iter().position(|w| w.eq_ignore_ascii_case(word)) else {
        return false;
    };
    let credential = |w: &[u8]| {
        [&b"pass"[..], b"pwd", b"secret", b"key", b"token", b"cred"]
            .iter()
            .any(|k| contains_ci(w, k))
    };
    at >= 1 && words.get(at + 1).is_some_and(|next| !credential(next))
}

/// Whether the text before a match's value names a provider whose keys have a strict shape
/// that the value has the outline of but not the form: a malformed key of that provider, which
/// its own rule rejected.
pub fn named_provider_rejects(before: &[u8], value: &[u8]) -> bool {
    NAMED_PROVIDER_SHAPES.iter().any(|shape| {
        contains_ci(before, shape.provider) && (shape.outline)(value) && !(shape.exact)(value)
    })
}

/// The decoded text of a standard base64 value that decodes to printable ASCII, if it is one.
fn decode_printable_base64(value: &[u8]) -> Option<Vec<u8>> {
    if value.len() < 12 || value.len() % 4 != 0 {
        return None;
    }
    let text = codec::base64_padded(value)?;
    text.iter()
        .all(|b| (0x20..0x7f).contains(b))
        .then_some(text)
}

/// Template and reference syntax: `<token>`, `[password]`, `$VAR`, `%VAR%`, `{name}`, `%s`,
/// YAML aliases and tags (`*pw`, `!vault`), Ruby symbols (`:db_password`), `@Value`.
fn is_template(value: &[u8]) -> bool {
    let first = value.first().copied().unwrap_or(b' ');
    let last = value.last().copied().unwrap_or(b' ');
    if matches!(
        (first, last),
        (b'<', b'>') | (b'[', b']') | (b'{', b'}') | (b'%', b'%') | (b'(', b')')
    ) {
        return true;
    }
    // `$VAR`, `${VAR}` and crypt hashes.
    if first == b'$' {
        return true;
    }
    // `%(name)s`, `%{name}`, `%s`/`%-8d` formats and percent-encoded text; a generated password
    // may begin with `%` too (`%P87ET!J+G7`).
    if first == b'%' {
        return percent_reference(&value[1..]);
    }
    if matches!(first, b'*' | b'&' | b'!' | b'@' | b':') {
        return is_sigil_reference(&value[1..], first);
    }
    // `{bcrypt}$2a$...`, `{0}`, `{}` inside: formatting and hash-scheme prefixes.
    if first == b'{' && value.contains(&b'}') {
        return true;
    }
    matches!(value, b"%s" | b"%v" | b"%d" | b"{}" | b"{0}")
}

/// Whether `value` holds an `@@NAME@@` substitution marker (build tools and installers replace
/// these), rather than `@@` by chance inside generated text (`cCFpit@@C*fkj6…`, about one
/// Django-style secret key in a hundred).
fn at_template(value: &[u8]) -> bool {
    let mut rest = value;
    while let Some(at) = memchr::memmem::find(rest, b"@@") {
        let after = &rest[at + 2..];
        let name = after
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            .count();
        if name > 0 && after[name..].starts_with(b"@@") {
            return true;
        }
        rest = after;
    }
    false
}

/// What follows a leading `%` in a template: `(` or `{` (named formats), an escape of two hex
/// digits, or a printf conversion (`s`, `-8d`, `.2f`) that ends the value or a word.
fn percent_reference(rest: &[u8]) -> bool {
    match rest {
        [b'(' | b'{' | b'%', ..] => true,
        [a, b, ..] if a.is_ascii_hexdigit() && b.is_ascii_hexdigit() => true,
        _ => {
            let spec = rest
                .iter()
                .take_while(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b' ' | b'#' | b'.'))
                .count();
            match rest.get(spec) {
                Some(c) if c.is_ascii_alphabetic() => rest
                    .get(spec + 1)
                    .is_none_or(|n| !n.is_ascii_alphanumeric()),
                _ => false,
            }
        }
    }
}

/// What follows a leading `*`, `&`, `!`, `@` or `:` in a reference: a name (`*alias`,
/// `!vault`, `:db_password`, `@Value`), a call or group (`@Microsoft.KeyVault(...)`,
/// `!Sub{...}`), a name closed by the sigil (`@user@`), an HTML entity (`&lt;password&gt;`),
/// or more of the sigil (`****1234`). Generated
/// passwords start with those characters too: a value that goes on with other punctuation
/// (`@eJza30I#vdnr0J@5jP`) or with a long random mix of cases and digits is a literal.
fn is_sigil_reference(rest: &[u8], sigil: u8) -> bool {
    if rest.is_empty() || rest.starts_with(&[sigil]) {
        return true;
    }
    let is_name =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b':' | b'/');
    let end = rest.iter().position(|&b| !is_name(b)).unwrap_or(rest.len());
    if end == rest.len() {
        // With `_`, `-` or `.` inside, only when its pieces are not words
        // (`@hS_SUzvGNph-fPv8Xl`, not `@app_settings.DbPassword2`).
        let random_mix = rest.len() >= 10
            && rest
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            && (rest.iter().all(u8::is_ascii_alphanumeric) || word_pieces(rest).is_none())
            && rest.iter().any(u8::is_ascii_uppercase)
            && rest.iter().any(u8::is_ascii_lowercase)
            && rest.iter().any(u8::is_ascii_digit);
        return !random_mix;
    }
    // `&lt;password&gt;`: an HTML-escaped template.
    // A name closed by the sigil ends the value or goes on with a name (`@user@`, `!e!tag`);
    // `!QS!4ROMBJoq62Cw` goes on with random characters: a password.
    let after = &rest[end + 1..];
    let closed = rest[end] == sigil
        && (after.is_empty()
            || (after.iter().all(|&b| is_name(b)) && word_pieces(after).is_some()));
    matches!(rest[end], b'(' | b'{' | b'[' | b'<') || closed || (sigil == b'&' && rest[end] == b';')
}

/// A common demo word with only digits and punctuation around it: `admin123`, `Root!`, `pass`.
pub fn is_demo_value(value: &[u8]) -> bool {
    let core_start = value.iter().position(u8::is_ascii_alphabetic);
    let core_end = value.iter().rposition(u8::is_ascii_alphabetic);
    let (Some(s), Some(e)) = (core_start, core_end) else {
        return false;
    };
    let outside_is_noise = value[..s]
        .iter()
        .chain(&value[e + 1..])
        .all(|b| !b.is_ascii_alphabetic());
    outside_is_noise
        && DEMO_WORDS
            .iter()
            .any(|w| value[s..=e].eq_ignore_ascii_case(w))
        && !dated_password(&value[..s], &value[e + 1..])
}

/// `Tiger2022@`, `Welcome2024!`, `Welcome@2024`: a word, a year and a symbol after it, the most
/// common shape of a real human password, even when the word is a demo word. Demo defaults are
/// undated (`admin123`, `root!`, `tiger`).
fn dated_password(before: &[u8], after: &[u8]) -> bool {
    let digits: Vec<u8> = after.iter().copied().filter(u8::is_ascii_digit).collect();
    let year = digits.len() == 4
        && after.windows(4).any(|w| w.iter().all(u8::is_ascii_digit))
        && matches!(&digits[..2], b"19" | b"20");
    before.is_empty() && year && after.iter().any(|b| b.is_ascii_punctuation())
}

/// File-system paths: `/run/secrets/db`, `./key.pem`, `~/.ssh/id_rsa`, `C:\keys\a.pfx`.
fn is_path(value: &[u8]) -> bool {
    if value.starts_with(b"./") || value.starts_with(b"../") || value.starts_with(b"~/") {
        return true;
    }
    if value.len() > 3 && value[0].is_ascii_alphabetic() && value[1] == b':' && value[2] == b'\\' {
        return true;
    }
    // `/etc/...`, `/var/run/...`: a lowercase directory name between the first two slashes.
    if value.first() == Some(&b'/') {
        let rest = &value[1..];
        if let Some(slash) = rest.iter().position(|&b| b == b'/') {
            if slash >= 2
                && rest[..slash]
                    .iter()
                    .all(|b| b.is_ascii_alphabetic() || *b == b'-' || *b == b'_')
            {
                return true;
            }
        }
    }
    // `dir/name.ext`: a slash, then a last segment ending in a short alphanumeric extension.
    // Base64 has no dots, so key material does not look like this.
    let Some(slash) = value.iter().rposition(|&b| b == b'/') else {
        return false;
    };
    let last = &value[slash + 1..];
    match last.iter().rposition(|&b| b == b'.') {
        Some(dot) => {
            let ext = &last[dot + 1..];
            dot > 0 && (1..=5).contains(&ext.len()) && ext.iter().all(u8::is_ascii_alphanumeric)
        }
        None => false,
    }
}

/// Whether a value written without quotes (`KEY=value`, `key: value`) is code rather than a
/// literal: an expression (`a[b]`, `f(x)`, `x,`), a reference, or a plain identifier made of
/// words (`db_password_2`, `authToken`), which in source code names a variable.
pub fn is_bare_code(value: &[u8]) -> bool {
    if value.iter().any(|b| {
        matches!(
            b,
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'<' | b'>' | b'\\' | b'`'
        )
    }) {
        return true;
    }
    if matches!(value.last(), Some(b',' | b';' | b'|')) {
        return true;
    }
    // `total +` continues an expression on the next line; `oP8TCA=qaZ0KoGlo+` (base64-like
    // generated passwords end in `+`) is a value.
    if let Some((b'+', rest)) = value.split_last() {
        return rest.is_empty()
            || rest.last() == Some(&b'+')
            || is_bare_code(rest)
            || word_pieces(rest).is_some();
    }
    // `flags&` and `ok&&` continue an expression on the next line; `Jarzelsolbel1324&` in an
    // INI, .env or YAML file is a password whose last character is `&`.
    if let Some((b'&', rest)) = value.split_last() {
        return rest.is_empty() || rest.last() == Some(&b'&') || is_bare_code(rest);
    }
    // `abc&token_type_hint=refresh`: the rest of a query string, not one value.
    if let Some(amp) = value.iter().position(|&b| b == b'&') {
        if value[amp..].contains(&b'=') {
            return true;
        }
    }
    // `authToken`, `db_password_2`: two or more words name a variable; one word with a number
    // (`Summer2024`) is a typical human password in an env file. Letters that pair as no words
    // do (`NXXTxohVdTogmfYvMBj`) are a generated password, not a name.
    match word_pieces(value) {
        Some(pieces) => {
            let digit = value.iter().any(u8::is_ascii_digit);
            (pieces >= 2 || !digit) && (digit || value.len() < 12 || !words::has_rare_pair(value))
        }
        None => false,
    }
}

/// Whether `value`, written without quotes after a password name (`before`), is words with a
/// number appended (`DragonBox662`, `kraken_nek60`, `dragon.nog75`): the way people make up
/// passwords. Identifiers that code assigns to a password name end in a word, one digit or a
/// bit width (`db_password`, `userPassword2`, `hash_sha256`), and demo values (`admin123`) stay
/// demo values.
pub fn is_numbered_words(value: &[u8], before: &[u8]) -> bool {
    let digits = value
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let (stem, number) = value.split_at(value.len() - digits);
    names_password(before)
        && (2..=4).contains(&digits)
        && stem.len() >= 6
        && !matches!(
            number,
            b"16" | b"32" | b"64" | b"128" | b"256" | b"384" | b"512" | b"1024" | b"2048" | b"4096"
        )
        && stem.last().is_some_and(u8::is_ascii_alphabetic)
        && stem
            .iter()
            .all(|&b| b.is_ascii_alphabetic() || matches!(b, b'_' | b'.' | b'-'))
        && !is_demo_value(value)
}

/// Whether `value`, written without quotes after a password-like or `secret` name (`before`,
/// the match up to the value: an IPsec pre-shared key is `secret = …`), is a passphrase of
/// dash-joined words ending in digits (`Voya-meadow-34`, `Correct-horse-battery9`) rather than
/// a name: identifiers in code do not hold dashes, and config keys under a password name are
/// not written this way.
pub fn is_dashed_passphrase(value: &[u8], before: &[u8]) -> bool {
    let named_password = names_password(before) || contains_ci(before, b"secret");
    if !named_password || !value.last().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let mut words = 0;
    for piece in value.split(|&b| b == b'-') {
        // A word: one optional capital, lowercase letters, optional trailing digits; or digits.
        let caps = usize::from(piece.first().is_some_and(u8::is_ascii_uppercase));
        let lower = piece[caps..]
            .iter()
            .take_while(|b| b.is_ascii_lowercase())
            .count();
        let digits = &piece[caps + lower..];
        if piece.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return false;
        }
        match caps + lower {
            0 => {}
            n if n >= 2 && lower >= 1 => words += 1,
            _ => return false,
        }
    }
    words >= 2
}

/// `db_password_2`, `authToken`, `AUTH_TOKEN_V2`, `user.name`: identifier characters whose
/// pieces (split at `_ . -` and lower-to-upper case changes) are letters with at most trailing
/// digits; returns the number of pieces. Random tokens mix digits into their letters and fail.
fn word_pieces(value: &[u8]) -> Option<usize> {
    if !value
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    {
        return None;
    }
    let mut pieces = 0;
    let mut i = 0;
    while i < value.len() {
        if matches!(value[i], b'_' | b'.' | b'-') {
            i += 1;
            continue;
        }
        // One piece: optional uppercase run, lowercase run, then digits.
        let start = i;
        while i < value.len() && value[i].is_ascii_uppercase() {
            i += 1;
        }
        while i < value.len() && value[i].is_ascii_lowercase() {
            i += 1;
        }
        let letters = i - start;
        // Words have vowels; `RMXHr` and `bcdfg` are random letters.
        if letters >= 5
            && !value[start..i].iter().any(|b| {
                matches!(
                    b.to_ascii_lowercase(),
                    b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
                )
            })
        {
            return None;
        }
        while i < value.len() && value[i].is_ascii_digit() {
            i += 1;
        }
        if letters == 0 && i == start {
            return None;
        }
        // A letter right after digits means digits inside a word: not an identifier piece.
        if i < value.len()
            && value[i].is_ascii_alphabetic()
            && i > start
            && value[i - 1].is_ascii_digit()
        {
            return None;
        }
        // A single letter between digits and letters (`a9b8`) is random, not a word.
        if letters == 1 && i < value.len() && !matches!(value[i], b'_' | b'.' | b'-') {
            return None;
        }
        pieces += 1;
    }
    (pieces > 0).then_some(pieces)
}

/// `8-4-4-4-12` hex: identifiers, not secrets.
fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, &b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// A bare md5/sha1/sha256/sha512 digest, or one written `sha256:...`, `sha512-...`.
fn is_hex_digest(value: &[u8]) -> bool {
    let body = value
        .iter()
        .position(|&b| b == b':' || b == b'-')
        .filter(|&i| {
            value[..i].eq_ignore_ascii_case(b"sha256")
                || value[..i].eq_ignore_ascii_case(b"sha512")
                || value[..i].eq_ignore_ascii_case(b"sha1")
                || value[..i].eq_ignore_ascii_case(b"md5")
        })
        .map(|i| &value[i + 1..]);
    if body.is_some() {
        return true;
    }
    matches!(value.len(), 32 | 40 | 64 | 128)
        && value
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
}

#[cfg(test)]
mod tests;
