//! Charts as inline SVG: horizontal bars (with an optional budget mark)
//! and 100% stacked bars. Labels are escaped by `maud`; colours are CSS
//! classes from the caller's fixed lists.

use maud::{html, Markup};

/// Width of the drawing, in SVG units (it scales to the page).
const WIDTH: f64 = 720.0;
/// Room for the labels left of the bars.
const LABEL: f64 = 210.0;
/// Longest bar.
const AREA: f64 = 400.0;
/// Longest stacked bar (no value is written after its segments but the total).
const STACK_AREA: f64 = 440.0;
const ROW: f64 = 24.0;
const BAR: f64 = 16.0;
/// Labels longer than this are cut in the drawing (the tooltip has them whole).
const LABEL_CHARS: usize = 30;

/// One bar of [`bars`].
pub(super) struct Bar<'a> {
    label: &'a str,
    value: u64,
    class: &'static str,
    budget: Option<u64>,
}

impl<'a> Bar<'a> {
    pub(super) fn new(label: &'a str, value: u64, class: &'static str) -> Self {
        Bar {
            label,
            value,
            class,
            budget: None,
        }
    }

    /// Marks `budget` on the bar; the part past it is drawn as over.
    pub(super) fn against(self, budget: u64) -> Self {
        Bar {
            budget: Some(budget),
            ..self
        }
    }
}

/// One part of a stacked bar.
pub(super) struct Segment<'a> {
    name: &'a str,
    value: u64,
    class: &'static str,
}

impl<'a> Segment<'a> {
    pub(super) fn new(name: &'a str, value: u64, class: &'static str) -> Self {
        Segment { name, value, class }
    }
}

/// SVG coordinates with one decimal: short, and the same on every machine.
fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// `value` on a bar `area` long for the largest value `max`.
fn scale(value: u64, max: u64, area: f64) -> f64 {
    if max == 0 {
        0.0
    } else {
        value as f64 / max as f64 * area
    }
}

/// A label cut to [`LABEL_CHARS`] characters.
fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_owned()
    } else {
        let mut cut: String = label.chars().take(LABEL_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

fn view_box(rows: usize) -> String {
    format!("0 0 {} {}", px(WIDTH), px(ROW * rows as f64 + 8.0))
}

/// Horizontal bars scaled to the largest value (or budget), each with its
/// value written after it.
pub(super) fn bars(title: &str, bars: &[Bar]) -> Markup {
    let max = bars
        .iter()
        .map(|b| b.value.max(b.budget.unwrap_or(0)))
        .max()
        .unwrap_or(0);
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(view_box(bars.len()))
            role="img" aria-label=(title) {
            title { (title) }
            @for (i, b) in bars.iter().enumerate() {
                @let y = 4.0 + ROW * i as f64;
                @let within = b.budget.map_or(b.value, |limit| b.value.min(limit));
                @let (w_within, w_all) = (scale(within, max, AREA), scale(b.value, max, AREA));
                g {
                    title { (b.label) ": " (b.value) @if let Some(limit) = b.budget { " (budget " (limit) ")" } }
                    text.label x=(px(LABEL - 8.0)) y=(px(y + BAR - 4.0)) text-anchor="end" { (short(b.label)) }
                    rect class=(b.class) x=(px(LABEL)) y=(px(y)) width=(px(w_within)) height=(px(BAR)) {}
                    @if b.value > within {
                        rect.over x=(px(LABEL + w_within)) y=(px(y)) width=(px(w_all - w_within)) height=(px(BAR)) {}
                    }
                    @if let Some(limit) = b.budget {
                        @let x = px(LABEL + scale(limit, max, AREA));
                        line.budget x1=(x) x2=(x) y1=(px(y - 3.0)) y2=(px(y + BAR + 3.0)) {}
                    }
                    text.value x=(px(LABEL + w_all + 6.0)) y=(px(y + BAR - 4.0)) {
                        (b.value) @if let Some(limit) = b.budget { " / " (limit) }
                    }
                }
            }
        }
    }
}

/// One bar per row, each split into its segments as shares of the row's
/// total, with the total written after it; `legend` names the classes.
pub(super) fn stacked(
    title: &str,
    legend: &[(&str, &'static str)],
    rows: &[(&str, Vec<Segment>)],
) -> Markup {
    html! {
        figure.chart {
            ul.legend {
                @for (name, class) in legend {
                    li { span class=(format!("swatch {class}")) {} (name) }
                }
            }
            svg.chart xmlns="http://www.w3.org/2000/svg" viewBox=(view_box(rows.len()))
                role="img" aria-label=(title) {
                title { (title) }
                @for (i, (label, segments)) in rows.iter().enumerate() {
                    @let y = 4.0 + ROW * i as f64;
                    @let total = segments.iter().fold(0u64, |a, s| a.saturating_add(s.value));
                    g {
                        title { (label) ": " (total) }
                        text.label x=(px(LABEL - 8.0)) y=(px(y + BAR - 4.0)) text-anchor="end" { (short(label)) }
                        @for (x, s) in offsets(segments, total) {
                            rect class=(s.class) x=(px(LABEL + x)) y=(px(y)) width=(px(scale(s.value, total, STACK_AREA))) height=(px(BAR)) {
                                title { (label) ", " (s.name) ": " (s.value) }
                            }
                        }
                        text.value x=(px(LABEL + STACK_AREA + 6.0)) y=(px(y + BAR - 4.0)) { (total) }
                    }
                }
            }
        }
    }
}

/// Each segment with where it starts on its bar.
fn offsets<'s, 'a>(segments: &'s [Segment<'a>], total: u64) -> Vec<(f64, &'s Segment<'a>)> {
    let mut start = 0u64;
    segments
        .iter()
        .map(|s| {
            let x = scale(start, total, STACK_AREA);
            start = start.saturating_add(s.value);
            (x, s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_cut_by_characters_not_bytes() {
        assert_eq!(short("drugs.sale"), "drugs.sale");
        let long = "赌".repeat(40);
        let cut = short(&long);
        assert_eq!(cut.chars().count(), LABEL_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn bars_scale_to_the_largest_value_or_budget() {
        assert_eq!(scale(5, 10, AREA), AREA / 2.0);
        assert_eq!(scale(3, 0, AREA), 0.0);
        let svg = bars("q", &[Bar::new("a", 30, "queue").against(20)]).into_string();
        // 20 of 30 within the budget, the other 10 drawn as over.
        assert!(
            svg.contains(r#"class="queue" x="210.0" y="4.0" width="266.7""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="over" x="476.7" y="4.0" width="133.3""#),
            "{svg}"
        );
        assert!(svg.contains(">30 / 20</text>"), "{svg}");
    }

    #[test]
    fn stacked_segments_follow_each_other() {
        let rows = [(
            "J",
            vec![
                Segment::new("a", 1, "v-allowed"),
                Segment::new("b", 3, "v-held"),
            ],
        )];
        let svg = stacked("t", &[], &rows).into_string();
        assert!(
            svg.contains(r#"class="v-allowed" x="210.0" y="4.0" width="110.0""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="v-held" x="320.0" y="4.0" width="330.0""#),
            "{svg}"
        );
    }
}
