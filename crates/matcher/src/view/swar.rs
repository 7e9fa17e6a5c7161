//! Byte classes eight bytes at a time (SWAR): a `u64` holds eight bytes
//! of text, little-endian, and each function gives one bit per byte.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// Gathers the high bit of each byte of `m` (whose other bits are clear)
/// into one byte, byte `i` to bit `i`.
#[inline]
fn gather(m: u64) -> u8 {
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// High bit of each byte of `v` (all below 0x80): whether it lies in
/// `lo..=hi`. No byte carries into the next.
#[inline]
fn within(v: u64, lo: u64, hi: u64) -> u64 {
    (v + ONES * (0x80 - lo)) & !(v + ONES * (0x7f - hi)) & HIGH
}

/// High bit of each byte of `x` that is an ASCII letter.
#[inline]
fn letters(x: u64) -> u64 {
    within((x & !HIGH) | (ONES * 0x20), 0x61, 0x7a) & !x
}

/// Bit `i` set when byte `i` of `x` is an ASCII letter.
#[inline]
pub(super) fn letter_bits(x: u64) -> u8 {
    gather(letters(x))
}

/// Bit `i` set when byte `i` of `x` is an ASCII letter or digit.
#[inline]
pub(super) fn alnum_bits(x: u64) -> u8 {
    gather(letters(x) | (within(x & !HIGH, 0x30, 0x39) & !x))
}

/// Bit `i` set when byte `i` of `x` equals the byte before it (for byte 0,
/// `prev`), both taken with bit 0x20 set: ASCII letters equal but for
/// case.
#[inline]
pub(super) fn same_as_before_bits(x: u64, prev: u8) -> u8 {
    let y = x | (ONES * 0x20);
    // A byte of the difference is zero where the two were equal.
    gather(zero_bytes(y ^ (y << 8 | u64::from(prev | 0x20))))
}

/// High bit of each byte of `x` that is a space.
#[inline]
pub(super) fn space_bytes(x: u64) -> u64 {
    zero_bytes(x ^ (ONES * 0x20))
}

/// High bit of each zero byte of `z`: exactly those leave the high bit
/// clear when 0x7f is added to their low seven bits (no carry crosses
/// into the next byte).
#[inline]
fn zero_bytes(z: u64) -> u64 {
    !(((z & !HIGH) + ONES * 0x7f) | z) & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alnum_bits_agree_with_std() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut block = [b' '; 8];
                block[at] = b;
                block[(at + 3) % 8] = b'Z';
                let bits = alnum_bits(u64::from_le_bytes(block));
                for (i, c) in block.iter().enumerate() {
                    assert_eq!(bits >> i & 1 == 1, c.is_ascii_alphanumeric(), "{block:?}");
                }
            }
        }
    }

    #[test]
    fn letter_and_repeat_bits_agree_with_std() {
        for a in 0..=255u8 {
            for b in [b'a', b'A', b'z', b' ', b'1', a ^ 0x20, 0xC3] {
                for at in 0..8 {
                    let mut block = *b"qZ1 aAzZ";
                    block[at] = a;
                    block[(at + 1) % 8] = b;
                    let x = u64::from_le_bytes(block);
                    let letters = letter_bits(x);
                    for prev in [0u8, b'q', a] {
                        let same = same_as_before_bits(x, prev);
                        for (i, c) in block.iter().enumerate() {
                            let before = if i == 0 { prev } else { block[i - 1] };
                            assert_eq!(letters >> i & 1 == 1, c.is_ascii_alphabetic(), "{block:?}");
                            assert_eq!(
                                same >> i & 1 == 1,
                                c | 0x20 == before | 0x20,
                                "{block:?} {prev}"
                            );
                        }
                    }
                }
            }
        }
    }
}
