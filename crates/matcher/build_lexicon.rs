//! Lays out the innocent-word index at build time: open addressing over
//! the byte offsets (plus one; 0 is an empty slot) of the words of
//! `data/lexicon-en.txt`, little-endian `u32`s, so a lookup costs no
//! start-up and no heap.

use std::path::Path;
use std::{env, fs};

#[path = "src/english/hash.rs"]
mod hash;

pub(crate) fn write_index() {
    println!("cargo:rerun-if-changed=data/lexicon-en.txt");
    println!("cargo:rerun-if-changed=src/english/hash.rs");
    let text = fs::read_to_string("data/lexicon-en.txt").expect("data/lexicon-en.txt is readable");
    let mut slots = vec![0u32; hash::SLOTS];
    let mut at = 0usize;
    let mut words = 0usize;
    for line in text.split_inclusive('\n') {
        let word = line.trim_end_matches('\n');
        if !word.is_empty() && !word.starts_with('#') {
            let mut i = hash::word_hash(word.as_bytes()) & (hash::SLOTS - 1);
            while slots[i] != 0 {
                i = (i + 1) & (hash::SLOTS - 1);
            }
            slots[i] = u32::try_from(at + 1).expect("the lexicon is under 4 GiB");
            words += 1;
        }
        at += line.len();
    }
    assert!(words * 2 < hash::SLOTS, "{words} words need a larger index");
    let bytes: Vec<u8> = slots.iter().flat_map(|s| s.to_le_bytes()).collect();
    let out =
        Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lexicon-index.bin");
    fs::write(out, bytes).expect("write the lexicon index");
}
