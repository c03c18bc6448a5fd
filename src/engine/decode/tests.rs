//! Tests of the decode pass.

use super::base64::{
    avx2_available, core_mask, core_mask_with, next_core_run, B64_BOTH, B64_STD, BASE64_CLASS,
};
use super::json::unicode_escape;
use super::*;
use ::base64::Engine as _;

/// The straightforward search `next_core_run` must agree with.
fn next_core_run_reference(hay: &[u8], i: usize, shortest: usize) -> Option<usize> {
    let is_core = |b: u8| BASE64_CLASS[b as usize] & (B64_BOTH | B64_STD) != 0;
    (i..=hay.len().checked_sub(shortest)?).find(|&p| {
        hay[p..p + shortest].iter().all(|&b| is_core(b)) && (p == i || !is_core(hay[p - 1]))
    })
}

#[test]
fn core_run_search_matches_the_reference() {
    // Every byte next to a class boundary, and bytes that only become letters or digits
    // when their high bit or case bit is ignored.
    let alphabet = b"aZ9+/ _-.\n=@[`{09azAZ*,\x10\x19\x0b\x0f\x80\xab\xc1\xda\xef";
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..3000 {
        // Mostly alphabet bytes in some rounds, so that long runs occur.
        let dense = round % 3 == 0;
        let len = (state % 300) as usize;
        let hay: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let pick = state % alphabet.len() as u64;
                alphabet[if dense && pick % 4 != 0 {
                    pick as usize % 3
                } else {
                    pick as usize
                }]
            })
            .collect();
        for shortest in [4, 5, 16, 17, 32, 63, 64, 65] {
            for start in [0, 1, 7, 63, 64, 65] {
                if start > hay.len() {
                    continue;
                }
                assert_eq!(
                    next_core_run(&hay, start, shortest),
                    next_core_run_reference(&hay, start, shortest),
                    "{:?} from {start}, shortest {shortest}",
                    String::from_utf8_lossy(&hay)
                );
            }
        }
    }
}

#[test]
fn core_masks_agree_on_every_byte_at_every_lane() {
    // Each byte value at each of the 64 positions (the AVX2 halves and their lanes), on a
    // background of base64 bytes and of other bytes.
    for background in [b'A', b' '] {
        for byte in 0..=u8::MAX {
            for at in 0..64 {
                let mut chunk = [background; 64];
                chunk[at] = byte;
                let expected = core_mask(&chunk);
                assert_eq!(
                    core_mask_with(avx2_available(), &chunk),
                    expected,
                    "{byte:#x} at {at}"
                );
                assert_eq!(core_mask_with(false, &chunk), expected);
                let is_core = BASE64_CLASS[byte as usize] & (B64_BOTH | B64_STD) != 0;
                assert_eq!(expected >> at & 1 == 1, is_core, "{byte:#x}");
            }
        }
    }
}

fn decode(text: &str) -> Vec<Decoded> {
    let mut out = Vec::new();
    decode_blob(text.as_bytes(), &Limits::default(), &mut out);
    out
}

fn b64(text: &str) -> String {
    ::base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn base64_value_keeps_its_line_context_and_origin() {
    let encoded = b64("Kd82jfLq0Pz7Wm3n");
    let blob = format!("kind: Secret\ndata:\n  password: {encoded}\n");
    let pieces = decode(&blob);
    assert_eq!(pieces.len(), 1);
    let p = &pieces[0];
    assert_eq!(p.encoding, Encoding::Base64);
    assert_eq!(
        String::from_utf8_lossy(&p.text),
        "  password: Kd82jfLq0Pz7Wm3n"
    );
    let at = blob.find(&encoded).unwrap();
    assert_eq!(p.source_range(p.decoded.clone()), at..at + encoded.len());
    // The first decoded byte comes from the first quantum of the encoded text.
    assert_eq!(p.origin[p.decoded.start], at..at + 4);
}

#[test]
fn base64url_runs_are_taken_whole_across_dashes_and_underscores() {
    let encoded = "dG9rZW46IEtkODJqZkxxMFB6N1dtM24_Pj8-fn4gYW5kIG1vcmUgdGV4dCBoZXJl";
    let blob = format!("x = \"{encoded}\"");
    let pieces = decode(&blob);
    assert_eq!(pieces.len(), 1);
    let text = String::from_utf8_lossy(&pieces[0].text);
    assert!(
        text.contains("token: Kd82jfLq0Pz7Wm3n?>?>~~ and more text here"),
        "{text}"
    );
    assert_eq!(
        pieces[0].source_range(pieces[0].decoded.clone()),
        5..5 + encoded.len()
    );
}

#[test]
fn base64_of_binary_hex_and_identifiers_is_left_alone() {
    assert!(decode("sha = d41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204").is_empty());
    assert!(decode("AbstractSingletonProxyFactoryBeanConfigurer").is_empty());
    assert!(
        decode("img = iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk").is_empty()
    );
    assert!(decode("some_long_snake_case_identifier_name_here").is_empty());
}

#[test]
fn json_escapes_decode_with_exact_origins() {
    let blob = r#"  "source": ["pw = \"Kd82\"\n", "x = \u0041"]"#;
    let pieces = decode(blob);
    let p = pieces
        .iter()
        .find(|p| p.encoding == Encoding::JsonEscape)
        .unwrap();
    let text = String::from_utf8_lossy(&p.text);
    assert!(text.contains("pw = \"Kd82\"\n"), "{text}");
    assert!(text.contains("x = A"), "{text}");
    let quote = p.text.iter().position(|&b| b == b'"').unwrap();
    let escaped = p.text[quote..].iter().position(|&b| b == b'\\');
    assert!(escaped.is_none() || p.text[quote + escaped.unwrap() + 1] != b'"');
    let k = text.find("Kd82").unwrap();
    let r = p.source_range(k..k + 4);
    assert_eq!(&blob[r], "Kd82");
}

#[test]
fn line_ending_escapes_in_code_are_not_worth_decoding() {
    assert!(decode("    printf(\"password: %s\\n\", pw);\n").is_empty());
    let notebook = decode("    \"password: Kd82jfLq0Pz7Wm3n\\n\",\n");
    assert_eq!(notebook.len(), 1);
    assert!(String::from_utf8_lossy(&notebook[0].text).contains("password: Kd82jfLq0Pz7Wm3n\n"));
}

#[test]
fn unicode_escapes_and_surrogates() {
    assert_eq!(unicode_escape(br"\u0041"), Some(('A', 6)));
    assert_eq!(unicode_escape(br"\uD83D\uDE00"), Some(('\u{1F600}', 12)));
    assert_eq!(
        unicode_escape(br"\uD83Dx"),
        Some((char::REPLACEMENT_CHARACTER, 6))
    );
    assert_eq!(unicode_escape(br"\u00"), None);
}

#[test]
fn percent_encoded_tokens() {
    let blob = "url = \"https://x/cb?state=%7B%22api_key%22%3A%22abc%22%7D&y=1\"";
    let pieces = decode(blob);
    let p = pieces
        .iter()
        .find(|p| p.encoding == Encoding::Percent)
        .unwrap();
    let text = String::from_utf8_lossy(&p.text);
    assert!(text.contains(r#"{"api_key":"abc"}"#), "{text}");
    assert!(decode("width: 100%; printf(\"%s %d\")").is_empty());
}

#[test]
fn depth_two_decodes_base64_inside_json_escapes() {
    let inner = b64("password = \"Kd82jfLq0Pz7Wm3n\"");
    let blob = format!(r#"{{"cell": "data = \"{inner}\"\n"}}"#);
    let pieces = decode(&blob);
    let deep = pieces
        .iter()
        .find(|p| {
            p.encoding == Encoding::Base64 && String::from_utf8_lossy(&p.text).contains("Kd82jf")
        })
        .expect("base64 decoded");
    let at = blob.find(&inner).unwrap();
    assert_eq!(
        deep.source_range(deep.decoded.clone()),
        at..at + inner.len()
    );
}

#[test]
fn limits_bound_the_work() {
    let limits = Limits {
        max_total: 10,
        per_byte: 0,
        ..Limits::default()
    };
    let mut out = Vec::new();
    let blob = format!(
        "a: {}\nb: {}\n",
        b64("Kd82jfLq0Pz7Wm3n-1"),
        b64("Kd82jfLq0Pz7Wm3n-2")
    );
    assert!(!decode_blob(blob.as_bytes(), &limits, &mut out));
    assert!(out.is_empty());
    // The budget grows with the blob: harmless encoded text does not spend it all.
    let mut out = Vec::new();
    assert!(decode_blob(blob.as_bytes(), &Limits::default(), &mut out));
    assert_eq!(out.len(), 2);
    let depth_one = Limits {
        depth: 1,
        ..Limits::default()
    };
    let mut out = Vec::new();
    let inner = b64("secret text inside");
    decode_blob(format!(r#""x\n{inner}""#).as_bytes(), &depth_one, &mut out);
    assert!(out.iter().all(|p| p.encoding == Encoding::JsonEscape));
}

#[test]
fn character_references_around_quotes_decode_with_exact_origins() {
    let blob =
        "<div data-config=\"{&quot;adminApiKey&quot;:&quot;Kd82jfLq0Pz7Wm3n&quot;}\"></div>\n\
                <add connectionString=\"User ID=app;Password=&quot;Kd82&amp;jfLq&quot;\" />\n";
    let pieces: Vec<Decoded> = decode(blob)
        .into_iter()
        .filter(|p| p.encoding == Encoding::Entity)
        .collect();
    assert_eq!(pieces.len(), 2);
    let first = String::from_utf8_lossy(&pieces[0].text);
    assert!(
        first.contains(r#"{"adminApiKey":"Kd82jfLq0Pz7Wm3n"}"#),
        "{first}"
    );
    let second = String::from_utf8_lossy(&pieces[1].text);
    assert!(second.contains(r#"Password="Kd82&jfLq""#), "{second}");
    let k = second.find("Kd82&jfLq").unwrap();
    let r = pieces[1].source_range(k..k + "Kd82&jfLq".len());
    assert_eq!(&blob[r], "Kd82&amp;jfLq");
    // `&amp;` alone (a URL in an attribute) hides nothing a rule reads.
    assert!(decode("<a href=\"/search?q=x&amp;page=2\">next</a>").is_empty());
}
