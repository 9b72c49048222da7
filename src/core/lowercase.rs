//! Unicode lower-casing for [`crate::core::text::fold`], from a table of
//! its own.
//!
//! Why not `char::to_lowercase`: the standard library's table is 1,434
//! pairs (11.5 KB of the service worker's wasm). The same mapping is only
//! 184 spans of characters that share one offset (every character, or every
//! other one, as in Latin Extended-A). The spans take 1.5 KB.
//!
//! There is a second reason. Entry identities are built from folded text
//! ([`crate::core::identity`]), so folding must not change under a stored
//! ledger. A table frozen here does not move when a new toolchain brings a
//! newer Unicode version. The test below holds it equal to the toolchain's
//! mapping (Rust 1.95, Unicode 17) for every character. If it fails after a
//! toolchain upgrade, read docs/decisions.md before regenerating the table.

/// Lower-case spans above ASCII, sorted by first character. Each entry is
/// `(first | (last - first) << 21 | every_other << 29, offset)`: every
/// character from `first` to `last` maps to itself plus `offset`. With
/// `every_other`, only `first`, `first + 2`, … map; the ones between are
/// already lower case.
const SPANS: [(u32, i32); 184] = [
    (0x2c000c0, 32),
    (0xc000d8, 32),
    (0x25c00100, 1),
    (0x20800132, 1),
    (0x21c00139, 1),
    (0x2580014a, 1),
    (0x000178, -121),
    (0x20800179, 1),
    (0x000181, 210),
    (0x20400182, 1),
    (0x000186, 206),
    (0x000187, 1),
    (0x200189, 205),
    (0x00018b, 1),
    (0x00018e, 79),
    (0x00018f, 202),
    (0x000190, 203),
    (0x000191, 1),
    (0x000193, 205),
    (0x000194, 207),
    (0x000196, 211),
    (0x000197, 209),
    (0x000198, 1),
    (0x00019c, 211),
    (0x00019d, 213),
    (0x00019f, 214),
    (0x208001a0, 1),
    (0x0001a6, 218),
    (0x0001a7, 1),
    (0x0001a9, 218),
    (0x0001ac, 1),
    (0x0001ae, 218),
    (0x0001af, 1),
    (0x2001b1, 217),
    (0x204001b3, 1),
    (0x0001b7, 219),
    (0x0001b8, 1),
    (0x0001bc, 1),
    (0x0001c4, 2),
    (0x0001c5, 1),
    (0x0001c7, 2),
    (0x0001c8, 1),
    (0x0001ca, 2),
    (0x220001cb, 1),
    (0x220001de, 1),
    (0x0001f1, 2),
    (0x204001f2, 1),
    (0x0001f6, -97),
    (0x0001f7, -56),
    (0x24c001f8, 1),
    (0x000220, -130),
    (0x22000222, 1),
    (0x00023a, 10795),
    (0x00023b, 1),
    (0x00023d, -163),
    (0x00023e, 10792),
    (0x000241, 1),
    (0x000243, -195),
    (0x000244, 69),
    (0x000245, 71),
    (0x21000246, 1),
    (0x20400370, 1),
    (0x000376, 1),
    (0x00037f, 116),
    (0x000386, 38),
    (0x400388, 37),
    (0x00038c, 64),
    (0x20038e, 63),
    (0x2000391, 32),
    (0x10003a3, 32),
    (0x0003cf, 8),
    (0x22c003d8, 1),
    (0x0003f4, -60),
    (0x0003f7, 1),
    (0x0003f9, -7),
    (0x0003fa, 1),
    (0x4003fd, -130),
    (0x1e00400, 80),
    (0x3e00410, 32),
    (0x24000460, 1),
    (0x2680048a, 1),
    (0x0004c0, 15),
    (0x218004c1, 1),
    (0x2bc004d0, 1),
    (0x4a00531, 48),
    (0x4a010a0, 7264),
    (0x0010c7, 7264),
    (0x0010cd, 7264),
    (0x9e013a0, 38864),
    (0xa013f0, 8),
    (0x001c89, 1),
    (0x5401c90, -3008),
    (0x401cbd, -3008),
    (0x32801e00, 1),
    (0x001e9e, -7615),
    (0x2bc01ea0, 1),
    (0xe01f08, -8),
    (0xa01f18, -8),
    (0xe01f28, -8),
    (0xe01f38, -8),
    (0xa01f48, -8),
    (0x20c01f59, -8),
    (0xe01f68, -8),
    (0xe01f88, -8),
    (0xe01f98, -8),
    (0xe01fa8, -8),
    (0x201fb8, -8),
    (0x201fba, -74),
    (0x001fbc, -9),
    (0x601fc8, -86),
    (0x001fcc, -9),
    (0x201fd8, -8),
    (0x201fda, -100),
    (0x201fe8, -8),
    (0x201fea, -112),
    (0x001fec, -7),
    (0x201ff8, -128),
    (0x201ffa, -126),
    (0x001ffc, -9),
    (0x002126, -7517),
    (0x00212a, -8383),
    (0x00212b, -8262),
    (0x002132, 28),
    (0x1e02160, 16),
    (0x002183, 1),
    (0x32024b6, 26),
    (0x5e02c00, 48),
    (0x002c60, 1),
    (0x002c62, -10743),
    (0x002c63, -3814),
    (0x002c64, -10727),
    (0x20802c67, 1),
    (0x002c6d, -10780),
    (0x002c6e, -10749),
    (0x002c6f, -10783),
    (0x002c70, -10782),
    (0x002c72, 1),
    (0x002c75, 1),
    (0x202c7e, -10815),
    (0x2c402c80, 1),
    (0x20402ceb, 1),
    (0x002cf2, 1),
    (0x2580a640, 1),
    (0x2340a680, 1),
    (0x2180a722, 1),
    (0x2780a732, 1),
    (0x2040a779, 1),
    (0x00a77d, -35332),
    (0x2100a77e, 1),
    (0x00a78b, 1),
    (0x00a78d, -42280),
    (0x2040a790, 1),
    (0x2240a796, 1),
    (0x00a7aa, -42308),
    (0x00a7ab, -42319),
    (0x00a7ac, -42315),
    (0x00a7ad, -42305),
    (0x00a7ae, -42308),
    (0x00a7b0, -42258),
    (0x00a7b1, -42282),
    (0x00a7b2, -42261),
    (0x00a7b3, 928),
    (0x21c0a7b4, 1),
    (0x00a7c4, -48),
    (0x00a7c5, -42307),
    (0x00a7c6, -35384),
    (0x2040a7c7, 1),
    (0x00a7cb, -42343),
    (0x21c0a7cc, 1),
    (0x00a7dc, -42561),
    (0x00a7f5, 1),
    (0x320ff21, 32),
    (0x4e10400, 40),
    (0x46104b0, 40),
    (0x1410570, 39),
    (0x1c1057c, 39),
    (0xc1058c, 39),
    (0x210594, 39),
    (0x6410c80, 64),
    (0x2a10d50, 32),
    (0x3e118a0, 32),
    (0x3e16e40, 32),
    (0x3016ea0, 27),
    (0x421e900, 34),
];

/// The lower case of `c`: one character, or two for U+0130 (capital I with
/// dot above, "i" and a combining dot), exactly as `char::to_lowercase`.
pub fn lower(c: char) -> (char, Option<char>) {
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), None);
    }
    if c == '\u{130}' {
        return ('i', Some('\u{307}'));
    }
    let u = c as u32;
    let at = SPANS.partition_point(|&(packed, _)| packed & 0x1F_FFFF <= u);
    let Some(&(packed, offset)) = at.checked_sub(1).and_then(|i| SPANS.get(i)) else {
        return (c, None);
    };
    let first = packed & 0x1F_FFFF;
    let last = first + ((packed >> 21) & 0xFF);
    let every_other = packed & (1 << 29) != 0;
    if u > last || (every_other && (u - first) % 2 == 1) {
        return (c, None);
    }
    let mapped = char::from_u32(u.wrapping_add_signed(offset)).unwrap_or(c);
    (mapped, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_lowers_as_the_standard_library_does() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let (a, b) = lower(c);
            let ours: Vec<char> = std::iter::once(a).chain(b).collect();
            let std: Vec<char> = c.to_lowercase().collect();
            assert_eq!(ours, std, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn spans_are_sorted_and_disjoint() {
        let mut end = 0x7F;
        for &(packed, _) in &SPANS {
            let first = packed & 0x1F_FFFF;
            assert!(first > end, "span at U+{first:04X} overlaps the one before");
            end = first + ((packed >> 21) & 0xFF);
        }
    }
}
