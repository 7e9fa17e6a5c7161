//! Generates the traditional-to-simplified table from OpenCC's `t2s`
//! dictionaries (via `ferrous-opencc`, a build dependency only, so the
//! matcher itself depends on neither it nor serde).

use std::fmt::Write as _;

#[path = "build_lexicon.rs"]
mod build_lexicon;
use std::path::PathBuf;
use std::{env, fs};

/// Code point ranges of CJK ideographs that OpenCC may convert.
const IDEOGRAPHS: [(u32, u32); 4] = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    build_lexicon::write_index();
    let cc = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
        .expect("OpenCC's built-in t2s configuration loads");
    let mut code = String::from(
        "/// Sorted `(traditional, simplified)` pairs, one character each.\npub(crate) static T2S: &[(char, char)] = &[\n",
    );
    let mut buf = [0u8; 4];
    let mut once = |c: char| {
        let converted = cc.convert(c.encode_utf8(&mut buf));
        let mut it = converted.chars();
        match (it.next(), it.next()) {
            (Some(s), None) => s,
            _ => c,
        }
    };
    let mut bmp_bits = vec![0u64; 0x10000 / 64];
    for (lo, hi) in IDEOGRAPHS {
        for c in (lo..=hi).filter_map(char::from_u32) {
            // Some conversions chain (`薴` → `苧` → `苎`): follow them to the
            // end, so folding a folded text changes nothing. In a cycle the
            // smallest character stands for all.
            let mut seen = vec![c];
            let mut s = once(c);
            while !seen.contains(&s) {
                seen.push(s);
                s = once(s);
            }
            let s = if s == *seen.last().expect("seen holds c") {
                s
            } else {
                let start = seen.iter().position(|&x| x == s).expect("s was seen");
                *seen[start..].iter().min().expect("a cycle is not empty")
            };
            {
                if s != c {
                    writeln!(code, "    ({c:?}, {s:?}),").expect("write to String");
                    if (c as u32) < 0x10000 {
                        bmp_bits[c as usize / 64] |= 1 << (c as u32 % 64);
                    }
                }
            }
        }
    }
    code.push_str("];\n");
    code.push_str("/// Bit `c` set when BMP character `c` is a key of [`T2S`].\npub(crate) static T2S_BMP: [u64; 1024] = [\n");
    for w in &bmp_bits {
        writeln!(code, "    {w:#x},").expect("write to String");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("t2s.rs");
    fs::write(out, code).expect("write generated table");
}
