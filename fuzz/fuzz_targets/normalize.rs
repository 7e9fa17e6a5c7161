//! `normalize` on any text: every span is a non-empty slice of the input
//! on character boundaries, and folding is idempotent.
#![no_main]

use libfuzzer_sys::{fuzz_target, Corpus};
use redline_matcher::normalize;

fuzz_target!(|text: &str| -> Corpus {
    if text.len() > 16 << 10 {
        return Corpus::Reject;
    }
    let once = normalize(text);
    assert_eq!(once.len(), once.as_str().chars().count());
    for i in 0..once.len() {
        let (start, end) = once.span(i);
        assert!(
            start < end && end <= text.len(),
            "span {i} = {start}..{end} of {text:?}"
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {i} = {start}..{end} splits a character of {text:?}"
        );
    }
    let twice = normalize(once.as_str());
    assert_eq!(
        twice.as_str(),
        once.as_str(),
        "normalize is not idempotent on {text:?}"
    );
    Corpus::Keep
});
