//! Tests of the placeholder checks.

use super::*;

#[test]
fn provider_placeholders() {
    assert!(is_placeholder(b"AKIAIOSFODNN7EXAMPLE"));
    assert!(is_placeholder(b"emqxsecretcookie"));
    assert!(!is_placeholder(b"emqxsecretcookie2"));
    // the Google Cloud CLI's public installed-app client secret, not a user's secret
    assert!(is_placeholder(b"d-FL95Q19q7MQmFpd7hHD0Ty"));
    assert!(!is_placeholder(b"d-FL95Q19q7MQmFpd7hHD0Tz"));
    assert!(is_placeholder(b"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
    assert!(is_placeholder(b"sk_live_00000000000000000000000"));
    // the NT hash of the empty password, in either case
    assert!(is_placeholder(b"31d6cfe0d16ae931b73c59d7e0c089c0"));
    assert!(is_placeholder(b"31D6CFE0D16AE931B73C59D7E0C089C0"));
    assert!(!is_placeholder(b"ghp_Qm7ZpW2xR9tLk4VbN8cJ3hYf6DsA1e2k3L4m"));
    // base64 zero bits, as in Twitter bearer tokens
    assert!(!is_placeholder(
        b"AAAAAAAAAAAAAAAAAAAAAK7qLm2Zx9Vb3Nc8Tr5Wp1Yq4Ds6Fh0Gj"
    ));
    assert!(is_placeholder(b"tok_qqqqqqqqqqqqqqqqqqqqqqqqqqqq"));
    // base64 of counting bytes, the filler of test vectors
    assert!(is_placeholder(
        b"xoxd-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    ));
    assert!(is_placeholder(b"abcd efgh ijkl mnop"));
    assert!(!is_placeholder(b"9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"));
}

#[test]
fn hardhat_default_keys_are_public() {
    // Account #0 and #19 of `npx hardhat node`, with and without `0x`, in either case.
    assert!(is_placeholder(
        b"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
    ));
    assert!(is_placeholder(
        b"AC0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80"
    ));
    assert!(is_placeholder(
        b"df57089febbacf7ba0bc227dafbffa9fc08a93fdc68e1e42411a14efcf23656e"
    ));
    // one digit off is somebody's key
    assert!(!is_placeholder(
        b"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff81"
    ));
}

#[test]
fn evm_addresses_are_not_generic_secrets() {
    // EIP-55 and one-case addresses; random mixed case is not an address's form
    assert!(is_generic_non_secret(
        b"0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    ));
    assert!(is_generic_non_secret(
        b"0x5fbdb2315678afecb367f032d93f642f64180aa3"
    ));
    assert!(!is_generic_non_secret(
        b"0xDfA8c21Bbccc89ccaECDfCFc8249bdDB1BBBbacA"
    ));
}

#[test]
fn published_seed_phrases_are_placeholders() {
    for phrase in [
        "test test test test test test test test test test test junk",
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        "legal winner thank year wave sausage worth useful legal winner thank yellow",
        "letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
        "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
    ] {
        assert!(is_placeholder(phrase.as_bytes()), "{phrase}");
    }
    assert!(!is_placeholder(
        b"amazing twice gate reveal tortoise city obvious perfect sting equip review profit"
    ));
}

#[test]
fn generic_non_secrets() {
    for value in [
        &b"changeme"[..],
        b"${DB_PASSWORD}",
        b"<password>",
        b"{{ .Values.pw }}",
        b"%(pw)s",
        b"process.env.DB_PASS",
        b"self.password",
        b"get_password()",
        b"hunter",
        b"123e4567-e89b-12d3-a456-426614174000",
        b"d41d8cd98f00b204e9800998ecf8427e",
        b"sha512-Zm9vYmFy",
        b"pass%20word",
        b"bm90IG15IHJlYWwgcGFzc3dvcmQ=",
        b"admin123",
        b"/run/secrets/db",
        b"docs/api-keys/rotation.md",
        b"AuthHeaderName",
        b"AstraCS:short",
        b"Billing:InvoiceReader",
        b"sk-9fQ2invalid",
        b"00Dq7Rk2W9x!short",
        b"AAAAC3NzaC1lZDI1NTE5AAAAIJ8z9C6jRj8lt7D0iRa9y",
        b"dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk6IDVCM0Q5MkMxQTBFNEY3RDgKUldUWU05TEJvT1QzMkI4eAo",
        b"$2b$12$R9h/cIPz0gi.URNNX3kh2O",
        b"%s",
        b"*default_pw",
        b"!vault",
        b"@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)",
        b"%DB_PASSWORD%",
        b"%{db_pass}",
        b"%-12s:%s",
        b"%2Fvar%2Frun%2Fdb",
        b"2.Qm9xT2pZc1dXbVJxTjhKcA==|c0gzUW5wZ0x2Vnl1R2RpMkNhTm9FQT09|bWFjLXZhbHVlLW9mLXRoaXJ0eS10d28tYnl0ZXM=",
        b"&db_password",
        b":smtp_password",
        b"@ConfigValue",
        b"@app_settings.DbPassword2",
        b"********1234",
        b"&lt;YOUR_PASSWORD&gt;",
        b"$DB_PASS",
        b"your_password_here",
        b"SB-Mid-client-Xk93PcDP8pMKfhY2",
        b"@@DB_PASSWORD@@",
        b"pre-@@deploy.secret@@",
        b"encrypted:Q2hhbmdlZCBieSB0aGUgTUlEIHNlcnZlcg9kR3x7Lp0A",
        b"3MVG9fTqK2wPz.Rm7Lx_Q4vN8bJc1sYd3HgA5eWu0iOk6tXy9ZrC2nMv7BpLq4Ds8FhJ1aGe3Kw5Tn0Uc6Vb",
        // placeholders in the ways people write them
        b"XXX-my-key",
        b"Test_Token_9f",
        b"TODO",
        // documentation metasyntax in capitals
        b"USER@REALM!TOKENID=UUID",
        b"ACCOUNT:KEY@HOST",
    ] {
        assert!(
            is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    for value in [
        &b"T9v#qL2m!xR7pZ4w"[..],
        b"Kd82jfLq0Pz7Wm3n",
        b"s3cUre-Pa55w0rd-19",
        b"EInneQuRMXHr",
        b"Summer2024!",
        // a demo word with a symbol and a year is a real weak password
        b"Root!2024",
        // random letters without a digit
        b"AFgtMHoBBQhPPapR",
        b"qXvTzKjwLmRb",
        // colons between random pieces, or a word and a random piece
        b"kQzPwRt:VbnXcMs",
        b"Tenant:7fKq2LmZp9WxR4vB",
        // generated passwords that begin with a sigil character
        b"@eJza30I#vdnr0J@5jP",
        b"!Xq7#kLm2pR9vT",
        b"*9fKx2LmQ8vRt3Wz",
        b"@K8vTq2LmP4wZr7N",
        b"@hS_SUzvGNph-fPv8Xl",
        // generated passwords that begin with `%`
        b"%P87ET!J+G76oqD",
        b"%9Ji*zxqczN&L2XxQk",
        // one dot and pipes, but not base64 pieces
        b"2.Kq9!vL|mZ3#pR8wT|x",
        // `@@` by chance inside a generated key
        b"cW4qit@@C*fkj6gOj5U_H*Vi4-F9SxN2P",
        b"Zq8@@Lm2vT7xR4pK",
        // short markers by chance, in mixed case, inside generated keys
        b"Ab9xXXwX2tLNFoBPelTmxnQPzDlLxR01",
        b"Kq7tEsT9vLm2PzR4",
        // capitals and symbols that are no words
        b"QWXZ!PLMK@RTVB",
        b"SUNSHINE!",
        // a passphrase of words
        b"lowex zelgro eksol ekshi",
    ] {
        assert!(
            !is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn bare_code_and_demo_values() {
    for code in [
        &b"authToken"[..],
        b"cfg.password",
        b"x[0]",
        b"value,",
        b"AUTH_TOKEN_V2",
        b"45ghiukl3djah&token_type_hint=refresh",
        b"isValid&",
        b"Kelvorandup7731&&",
        b"&",
    ] {
        assert!(is_bare_code(code), "{}", String::from_utf8_lossy(code));
    }
    for literal in [
        &b"Summer2024"[..],
        b"Kd82jfLq0Pz7Wm3n",
        b"EInneQuRMXHr1",
        b"Kelvorandup7731&",
        // random letters, no digit: pairs no word holds
        b"NXXTxohVdTogmfYvMBj",
        b"qXvTzKjwLmRbFh",
    ] {
        assert!(
            !is_bare_code(literal),
            "{}",
            String::from_utf8_lossy(literal)
        );
    }
    assert!(is_demo_value(b"postgres"));
    assert!(is_demo_value(b"!admin123"));
    assert!(!is_demo_value(b"administrator7x"));
    // a word, a year and a symbol: a real human password, even with a demo word
    for dated in [
        &b"Tiger2022@"[..],
        b"Welcome2024?",
        b"welcome@2019",
        b"Admin2031!",
    ] {
        assert!(!is_demo_value(dated), "{}", String::from_utf8_lossy(dated));
    }
    for demo in [
        &b"Tiger2022"[..],
        b"admin@123",
        b"Welcome1!",
        b"@tiger2022!",
    ] {
        assert!(is_demo_value(demo), "{}", String::from_utf8_lossy(demo));
    }
    // a generated value ending in `+` is a literal; an expression continued on the next line
    // is code
    for literal in [&b"oP8TCA=qaZ0KoGlo+"[..], b"o41b~_8_1zZ~V#By7o+"] {
        assert!(
            !is_bare_code(literal),
            "{}",
            String::from_utf8_lossy(literal)
        );
    }
    for code in [&b"total+"[..], b"base_url+", b"a++", b"+", b"f(x)+"] {
        assert!(is_bare_code(code), "{}", String::from_utf8_lossy(code));
    }
}

#[test]
fn human_passwords_and_short_values() {
    for human in [&b"G4r4g3!44"[..], b"Tiger2022@", b"Rt5!kq9", b"L0tus!8"] {
        assert!(
            human_password_shape(human),
            "{}",
            String::from_utf8_lossy(human)
        );
    }
    for other in [&b"Summer2024"[..], b"abc!def", b"12!34!56", b"A1!b"] {
        assert!(
            !human_password_shape(other),
            "{}",
            String::from_utf8_lossy(other)
        );
    }
    // A password name takes 6 or 7 characters with letters, digits and a third class.
    for (value, before) in [
        (&b"Rt5!kq9"[..], &b"DB_PASS="[..]),
        (b"Xk7#pq2", b"<password>"),
        (b"Tr0ub4", b"adminPassword string = '"),
        (b"Summer2024", b"password = \""),
        // other names: 10 or 11 characters with all four classes, or 12 and more
        (b"N0rd1c%59x", b"secretKey = \""),
        (b"Kd82jfLq0Pz7", b"secret = \""),
    ] {
        assert!(
            short_value_fits_name(value, before),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    for (value, before) in [
        (&b"abc123"[..], &b"password = \""[..]),
        (b"qwerty", b"DB_PASS="),
        (b"Ab1!x", b"password: "),
        (b"N0rd1c59xZ", b"secretKey = \""),
        (b"n0rd1c%59x", b"secretKey = \""),
        (b"Rt5!kq9x", b"secret = \""),
    ] {
        assert!(
            !short_value_fits_name(value, before),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn sigil_closed_names_and_passwords() {
    // `@user@`, YAML tag handles: references; a password that starts `!xy!` and goes on with
    // random characters: a literal.
    for reference in [&b"@user@"[..], b"!e!tag", b"!!binary", b"@app@Name"] {
        assert!(
            is_template(reference),
            "{}",
            String::from_utf8_lossy(reference)
        );
    }
    for literal in [
        &b"!QS!4ROMBJoq62Cw"[..],
        b"!iZ!Ldu#C+6zMDu#V%",
        b"!_l!VNtCug9jTz",
    ] {
        assert!(
            !is_template(literal),
            "{}",
            String::from_utf8_lossy(literal)
        );
    }
}

#[test]
fn paths_of_words_are_not_keys() {
    for path in [
        &b"net/fortigate:netops"[..],
        b"kv/data/app:db",
        b"secret/prod/db",
    ] {
        assert!(
            is_generic_non_secret(path),
            "{}",
            String::from_utf8_lossy(path)
        );
    }
    assert!(!is_generic_non_secret(b"s.Gk2Lq9Vx7Rt3Wm8Pz4Nb"));
    assert!(!is_generic_non_secret(b"ops/Kd82jfLq0Pz7:x9"));
}

#[test]
fn dotted_keys_are_not_dotted_names() {
    // `<32 hex>.<random>` (Ollama, Z.ai style keys) is a key; `self.db_password` a name.
    assert!(!is_generic_non_secret(
        b"d92d2738bf6031b5072c75ec46de72de.2jBGy6Xjdl05wYJ2"
    ));
    assert!(is_generic_non_secret(b"app.retryCount3.limit"));
    assert!(is_generic_non_secret(b"AQ.AbqD7Fe"));
}

#[test]
fn rejected_jwts_are_not_generic_secrets() {
    // `{"alg":"none"}` with no signature: unsigned, grants nothing.
    assert!(is_generic_non_secret(
        b"eyJhbGciOiJub25lIn0.eyJ1c2VyIjoieCJ9."
    ));
    // A header that is not JSON.
    assert!(is_generic_non_secret(
        b"eyJ3FaupktY2wmFQzo9d.eyJUxk.tRxDP1R"
    ));
    // Words where the payload or the signature goes, or a signature too short for any
    // algorithm.
    for value in [
        &b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtYmlsbGluZyJ9.signature"[..],
        b"eyJhbGciOiJIUzI1NiJ9.short.token",
        b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtYmlsbGluZyJ9.c2lnbmF0dXJl",
    ] {
        assert!(
            is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    // A signed token stays, for the generic rules as for the JWT rule.
    assert!(!is_generic_non_secret(
        b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtYmlsbGluZyJ9.Sb3TDvw4EE_4co-3TK-_eM-2NiJexq-6bcqQaPzf_74"
    ));
}

#[test]
fn names_that_mark_a_value_as_made_up_or_public() {
    for before in [
        &b"nonMatchingToken := \""[..],
        b"fake_api_key = '",
        b"\"invalidSecret\": \"",
        b"csrf-token=",
        b"publicToken = \"",
        b"foreignKey=",
        b"\"X-XSRF-Token\": \"",
        b"PUSHER_APP_KEY=",
        b"MIX_PUSHER_APP_KEY=",
        b"EXAMPLE_WIFI_PASSWORD=\"",
        b"example_password = '",
        b"db_sample_password: ",
        b"CONFIG_EXAMPLE_PASSWORD=\"",
        // a name/value pair: the pair's name, not `value`
        b"{\"name\": \"csrftoken\", \"value\": \"",
        b"- name: PUBLIC_API_TOKEN\n  value: ",
        b"{\"ParameterKey\": \"PublishableKey\", \"ParameterValue\": \"",
        b"pubkey: ",
        b"SOLANA_PUBKEY=",
        b"NEXT_PUBLIC_SUPABASE_ANON_KEY=",
        b"PUBLIC_STOREFRONT_API_TOKEN=",
    ] {
        assert!(
            name_marks_non_secret(before),
            "{}",
            String::from_utf8_lossy(before)
        );
    }
    for before in [
        &b"api_token = \""[..],
        b"NON_PROD_API_KEY=",
        b"PUSHER_APP_SECRET=",
        // A documentation host earlier on the line is not the name.
        b"https://user@example.com:",
        // ESP-IDF's Kconfig namespace of its example component, copied into real projects
        b"CONFIG_EXAMPLE_WIFI_PASSWORD=\"",
        b"#define CONFIG_EXAMPLE_MQTT_PASSWORD \"",
        b"{\"name\": \"sessionid\", \"value\": \"",
        b"- name: DB_PASSWORD\n  value: ",
        // A framework's browser-exposed prefix on a secret's name: still a secret (and shipped
        // to every visitor).
        b"NEXT_PUBLIC_JWT_SECRET=",
        b"NUXT_PUBLIC_ADMIN_PASSWORD=",
        b"EXPO_PUBLIC_PRIVATE_API_KEY=",
    ] {
        assert!(
            !name_marks_non_secret(before),
            "{}",
            String::from_utf8_lossy(before)
        );
    }
}

#[test]
fn malformed_keys_of_a_named_provider() {
    // A Telegram-shaped value that is not a bot token (id too short) under a Telegram name.
    assert!(named_provider_rejects(
        b"telegram_api_token = \"",
        b"6320:Aiianq5qagmkj0j0hsnq77h6ogxxdd_0pty"
    ));
    // A well-formed bot token is not rejected (the provider rule reports it).
    assert!(!named_provider_rejects(
        b"TELEGRAM_BOT_TOKEN=",
        b"9631242636:AAo1lw1uXem7-lmc5ACV7tFN3aaf5nroh_p"
    ));
    // Other values under a Telegram name are not the bot token's outline.
    assert!(!named_provider_rejects(
        b"telegram_api_hash = \"",
        b"Pt6sc17IWOLxJ8chjNYM87E5"
    ));
    // Hex keys of the wrong length; the right length is the provider rule's.
    assert!(named_provider_rejects(
        b"GITEA_TOKEN=",
        b"717419788e4b157c02c485ea11d3594"
    ));
    assert!(!named_provider_rejects(
        b"GITEA_TOKEN=",
        b"52ac467f6ea8c24d034e0d8bd768e5ba8de82e67"
    ));
    assert!(named_provider_rejects(
        b"mistral_token = ",
        b"4AlbPyPE01z4x871u6bojjWx683O"
    ));
    assert!(!named_provider_rejects(
        b"mistral_token = ",
        b"V3P5Ozzoo6cvjuyVHiintmpoXU6t7vZu"
    ));
    // No provider named: nothing to judge.
    assert!(!named_provider_rejects(
        b"api_token = \"",
        b"717419788e4b157c02c485ea11d3594"
    ));
}

#[test]
fn malformed_keys_that_carry_a_provider_marker() {
    // Not hex before New Relic's license-key suffix.
    assert!(is_generic_non_secret(
        b"q3m8z0k7w2r9t4y6u1p5s3v7n8b2c4x6j9h0NRAL"
    ));
    // Well-formed license keys (US hex, a region prefix, the FFFF form) are not rejected here.
    for key in [
        &b"ac2b07002b55932a078aee56f78813c55bb7NRAL"[..],
        b"eu01xx3e325bb363526c7f05b9a0d9204b96NRAL",
        b"3cfa43976ca31e482f8916edfff0d8e6FFFFNRAL",
    ] {
        assert!(
            !provider_marked_malformed(key),
            "{}",
            String::from_utf8_lossy(key)
        );
    }
}

#[test]
fn dashed_passphrases_under_password_names() {
    for (value, before) in [
        (&b"Tarnu-velisk-58"[..], &b"  password: "[..]),
        (b"Correct-horse-battery9", b"DB_PASSWD="),
        (b"plum-Orbit-7", b"admin_pwd = "),
        // an IPsec pre-shared key (swanctl, ipsec.secrets)
        (b"Pion-glacier-42", b"        secret = "),
    ] {
        assert!(
            is_dashed_passphrase(value, before),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    for (value, before) in [
        // not under a password name
        (&b"Tarnu-velisk-58"[..], &b"  release: "[..]),
        // no trailing digits, one word, camel case, empty piece, random letters
        (b"tarnu-velisk", b"password: "),
        (b"tarnu-58", b"password: "),
        (b"dbPass-velisk-2", b"password: "),
        (b"tarnu--velisk-2", b"password: "),
        (b"X-Y-2", b"password: "),
        (b"tarnu_velisk-2", b"password: "),
    ] {
        assert!(
            !is_dashed_passphrase(value, before),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn numbered_words_under_password_names() {
    for (value, before) in [
        (&b"DragonBox662"[..], &b"password="[..]),
        (b"kraken_nek60", b"ControlPassword="),
        (b"dragon.nog75", b"ADMIN_PASSWORD="),
        (b"ShadowRules140", b"    password    = "),
        (b"HarborLight2024", b"P4PASSWD="),
    ] {
        assert!(
            is_numbered_words(value, before),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    for (value, before) in [
        // not under a password name
        (&b"DragonBox662"[..], &b"release="[..]),
        // identifiers: one digit, a bit width, no digits, digits inside
        (b"userPassword2", b"password="),
        (b"hash_sha256", b"password="),
        (b"db_password", b"password="),
        (b"pass2word12x", b"password="),
        // a short stem
        (b"abc12", b"password="),
        // more digits than a person appends
        (b"build_number12345", b"password="),
    ] {
        assert!(
            !is_numbered_words(value, before),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    // Demo values are ruled out before the bare-value check, under any name.
    for value in [&b"password123"[..], b"admin1234"] {
        assert!(
            is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}

#[test]
fn ci_server_stored_secrets() {
    // references to and ciphertexts of secrets a CI server stores
    assert!(is_generic_non_secret(
        b"credentialsJSON:5e0b9c2a-7d41-4f3e-9a86-0c2d4b7e1f93"
    ));
    assert!(is_generic_non_secret(
        b"BAMSCRT@0@0@Vq3kT9mZp2Lr8wXc4NbH1yFd6Gs0Je5Ua7Qo=="
    ));
    assert!(is_generic_non_secret(
        b"AES:Zk1pQ2x3R0t0WmJ2TjhMcw==:b3RoZXItY2lwaGVydGV4dC1ieXRlcw=="
    ));
    // the prefixes alone, or with a password behind them, are not the stored forms
    assert!(!is_ci_stored_secret(b"credentialsJSON:Kq9vLmZ3pR8wTx"));
    assert!(!is_ci_stored_secret(b"BAMSCRT@Kq9!vLmZ3#pR8wT"));
    assert!(!is_ci_stored_secret(b"AES:Kq9!vLmZ3#pR8wT"));
    assert!(!is_ci_stored_secret(b"Tz8!AES:Kq9vLmZ3pR8wTx:Yb2nQ7rLm4Kd"));
}

#[test]
fn suffixed_slugs_are_resource_names() {
    // a gateway's virtual key, a release name, a generated index name
    for value in [
        &b"anthropic-prod-6d1e2f"[..],
        b"payments-api-canary-7f3c2d",
        b"openai-virtual-key-3f2a",
    ] {
        assert!(
            is_suffixed_slug(value),
            "{}",
            String::from_utf8_lossy(value)
        );
        assert!(
            is_generic_non_secret(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
    for value in [
        // a passphrase of words and a number, capitals, random pieces, one word, a long suffix
        &b"summer-beach-2024"[..],
        b"Anthropic-prod-6d1e2f",
        b"kx7q-mw9z-4f2a9c",
        b"prod-6d1e2f",
        b"anthropic-prod-6d1e2f9a0b7c",
        b"sk-proj-6d1e2f",
        b"anthropic-prod-abcdef",
    ] {
        assert!(
            !is_suffixed_slug(value),
            "{}",
            String::from_utf8_lossy(value)
        );
    }
}
