//! FNV-1a: a fixed, documented hash for the subset tags and the document `/ID`. Not std's
//! `DefaultHasher`, whose algorithm may change between Rust releases and would then change
//! committed PDFs.

const OFFSET_64: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME_64: u64 = 0x0000_0100_0000_01b3;
const OFFSET_128: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME_128: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

pub(super) fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(OFFSET_64, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME_64))
}

pub(super) fn fnv1a128(bytes: &[u8]) -> u128 {
    bytes.iter().fold(OFFSET_128, |h, b| {
        (h ^ u128::from(*b)).wrapping_mul(PRIME_128)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_the_published_test_vectors() {
        assert_eq!(super::fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(
            super::fnv1a128(b"a"),
            0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964
        );
    }
}
