//! Colours by role. A donut's slices take [`SLICES`] in order; a series takes its role's
//! colour. The colours were chosen so that neighbours stay apart in print and for readers
//! with a colour-vision deficiency: slices alternate dark and light, and the first slice
//! is the darkest, so even the last slice (which touches the first) differs in lightness.
//! The test below simulates greyscale printing and protanopia, deuteranopia and
//! tritanopia and holds every neighbouring pair to measured thresholds.

use crate::model::chart::Role;

/// An sRGB colour, `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The components from 0 to 1, for PDF drawing.
    pub fn unit(self) -> [f32; 3] {
        [self.0, self.1, self.2].map(|c| f32::from(c) / 255.0)
    }
}

/// Slice colours in the order slices are drawn (a donut has at most this many slices
/// before the colours repeat).
pub const SLICES: [Color; 12] = [
    Color(0x1f, 0x3b, 0x73), // dark blue
    Color(0xf0, 0xe4, 0x42), // yellow
    Color(0xcc, 0x66, 0x77), // rose
    Color(0xdd, 0xcc, 0x77), // sand
    Color(0x00, 0x9e, 0x73), // bluish green
    Color(0x88, 0xcc, 0xee), // light blue
    Color(0xd5, 0x5e, 0x00), // vermilion
    Color(0xb3, 0xb3, 0xb3), // grey
    Color(0x00, 0x72, 0xb2), // blue
    Color(0xe6, 0x9f, 0x00), // orange
    Color(0x11, 0x77, 0x33), // green
    Color(0x56, 0xb4, 0xe9), // sky blue
];

/// Text, axes and leader lines.
pub const INK: Color = Color(0x22, 0x22, 0x22);
/// Grid lines: light enough to stay behind the figures.
pub const GRID: Color = Color(0xd9, 0xd9, 0xd9);

/// Text on a filled shape: white on dark fills, ink on light ones.
pub fn on(fill: Color) -> Color {
    let l = 0.2126 * f64::from(fill.0) + 0.7152 * f64::from(fill.1) + 0.0722 * f64::from(fill.2);
    if l < 140.0 {
        Color(0xff, 0xff, 0xff)
    } else {
        INK
    }
}

/// The colour of slice `i` of a donut with `n` slices.
pub fn slice(i: usize) -> Color {
    SLICES[i % SLICES.len()]
}

/// A series' colour. Roles drawn together (primary/secondary/tertiary; increase/decrease/
/// net) are apart in lightness as well as hue.
pub fn role(role: Role) -> Color {
    match role {
        Role::Primary | Role::Net => Color(0x1f, 0x3b, 0x73),
        Role::Secondary => Color(0x56, 0xb4, 0xe9),
        Role::Tertiary => Color(0xd5, 0x5e, 0x00),
        Role::Increase => Color(0x11, 0x77, 0x33),
        Role::Decrease => Color(0xe6, 0x9f, 0x00),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
    const PROTAN: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    const DEUTAN: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const TRITAN: [[f64; 3]; 3] = [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ];
    const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

    /// Least CIE76 colour difference between neighbours, in every vision simulated.
    const MIN_DELTA_E: f64 = 15.0;
    /// Least difference of CIE lightness L* between neighbours: what greyscale keeps.
    const MIN_DELTA_L: f64 = 15.0;

    fn linear(c: Color) -> [f64; 3] {
        [c.0, c.1, c.2].map(|v| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        })
    }

    fn lab(rgb: [f64; 3]) -> [f64; 3] {
        let [r, g, b] = rgb.map(|v| v.clamp(0.0, 1.0));
        let x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x / 0.95047), f(y), f(z / 1.08883));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn simulate(c: Color, m: &[[f64; 3]; 3]) -> [f64; 3] {
        let l = linear(c);
        lab([0, 1, 2].map(|i| (0..3).map(|j| m[i][j] * l[j]).sum()))
    }

    fn apart(a: Color, b: Color) -> Result<(), String> {
        for (name, m) in [
            ("normal", IDENTITY),
            ("protanopia", PROTAN),
            ("deuteranopia", DEUTAN),
            ("tritanopia", TRITAN),
        ] {
            let (x, y) = (simulate(a, &m), simulate(b, &m));
            let de = (0..3).map(|i| (x[i] - y[i]).powi(2)).sum::<f64>().sqrt();
            if de < MIN_DELTA_E {
                return Err(format!("{} and {} in {name}: ΔE {de:.1}", a.hex(), b.hex()));
            }
        }
        let dl = (lab(linear(a))[0] - lab(linear(b))[0]).abs();
        if dl < MIN_DELTA_L {
            return Err(format!(
                "{} and {} in greyscale: ΔL* {dl:.1}",
                a.hex(),
                b.hex()
            ));
        }
        Ok(())
    }

    #[test]
    fn neighbouring_slices_survive_greyscale_and_colour_blindness() {
        for n in 2..=SLICES.len() {
            for i in 0..n {
                // The ring closes: the last slice touches the first.
                let j = (i + 1) % n;
                if i != j {
                    apart(slice(i), slice(j)).unwrap();
                }
            }
        }
    }

    #[test]
    fn roles_drawn_together_survive_greyscale_and_colour_blindness() {
        let groups = [
            [Role::Primary, Role::Secondary, Role::Tertiary],
            [Role::Increase, Role::Decrease, Role::Net],
        ];
        for g in groups {
            for (k, a) in g.iter().enumerate() {
                for b in &g[k + 1..] {
                    apart(role(*a), role(*b)).unwrap();
                }
            }
        }
    }

    #[test]
    fn ink_reads_on_white_in_greyscale() {
        assert!(lab(linear(INK))[0] < 20.0);
    }
}
