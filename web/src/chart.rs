//! Charts drawn on the server as inline SVG (no script, no style attribute, so the pages' content
//! security policy holds): a firm's credit score over time (信用分走势) and the grade
//! distribution of the market. Each chart is an image to assistive technology (`role="img"`) with
//! a title that says in words what it shows; the page shows the same numbers as text besides.

use crate::views::day;
use chrono::{DateTime, Utc};
use std::fmt::Write;
use zjcs_domain::rules::credit::Grade;

/// The drawing box of the score chart, in SVG user units (the SVG scales to its container).
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 28.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;

/// The grade colours, as on the grade badges (site.css).
fn grade_colour(g: Grade) -> &'static str {
    match g {
        Grade::A => "#1d6b3a",
        Grade::B => "#3f7f2a",
        Grade::C => "#8a6d00",
        Grade::D => "#b45309",
        Grade::E => "#b42318",
    }
}

/// Escapes text for SVG content and attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A firm's score history in its box: the scale from the scores and the grade lines.
pub struct ScoreChart<'a> {
    /// Oldest first, as [`zjcs_domain::service::credit::FirmCredit::history`] gives it.
    pub history: &'a [(DateTime<Utc>, i32)],
    /// The policy's grade lines: A, B, C, D thresholds.
    pub lines: [i32; 4],
}

impl ScoreChart<'_> {
    /// The score range drawn: every score and every grade line, with a margin, never empty.
    fn range(&self) -> (f64, f64) {
        let scores = self.history.iter().map(|(_, s)| *s);
        let lo = scores.clone().chain(self.lines).min().unwrap_or(0);
        let hi = scores.chain(self.lines).max().unwrap_or(100);
        let (lo, hi) = (f64::from(lo) - 5.0, f64::from(hi) + 5.0);
        if hi > lo {
            (lo, hi)
        } else {
            (lo - 1.0, lo + 1.0)
        }
    }

    /// The y coordinate of a score.
    fn y(&self, score: i32) -> f64 {
        let (lo, hi) = self.range();
        TOP + (hi - f64::from(score)) / (hi - lo) * (HEIGHT - TOP - BOTTOM)
    }

    /// The points of the score line, in SVG coordinates inside the plot area. One point (or all
    /// at the same moment) sits in the middle; none gives none.
    pub fn points(&self) -> Vec<(f64, f64)> {
        let (Some(first), Some(last)) = (self.history.first(), self.history.last()) else {
            return Vec::new();
        };
        let span = (last.0 - first.0).num_seconds();
        let plot_w = WIDTH - LEFT - RIGHT;
        self.history
            .iter()
            .map(|(t, s)| {
                let x = if span > 0 {
                    let at = (*t - first.0).num_seconds().clamp(0, span);
                    LEFT + at as f64 / span as f64 * plot_w
                } else {
                    LEFT + plot_w / 2.0
                };
                (x, self.y(*s))
            })
            .collect()
    }

    /// The chart as an SVG element; `summary` is its accessible name (plain text, escaped here).
    pub fn svg(&self, summary: &str) -> String {
        let mut s = String::new();
        let summary = xml(summary);
        let _ = write!(
            s,
            "<svg class=\"chart\" role=\"img\" aria-label=\"{summary}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
             width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" xmlns=\"http://www.w3.org/2000/svg\">\
             <title>{summary}</title>"
        );
        let right = WIDTH - RIGHT;
        let bottom = HEIGHT - BOTTOM;
        let _ = write!(
            s,
            "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"none\" stroke=\"#d0d5dd\"/>",
            right - LEFT,
            bottom - TOP
        );
        // The grade lines, faint, with the grade each one opens labelled just above it.
        for (line, grade) in self.lines.iter().zip(Grade::ALL) {
            let y = self.y(*line);
            let _ = write!(
                s,
                "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{right:.1}\" y2=\"{y:.1}\" stroke=\"{c}\" stroke-opacity=\"0.35\" stroke-dasharray=\"4 4\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{c}\">{g}</text>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#667085\" text-anchor=\"end\">{line}</text>",
                right + 6.0,
                y - 2.0,
                LEFT - 6.0,
                y + 4.0,
                c = grade_colour(grade),
                g = grade.as_str(),
            );
        }
        // E lies below D's line.
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"{}\">E</text>",
            right + 6.0,
            self.y(self.lines[3]) + 12.0,
            grade_colour(Grade::E)
        );
        if let (Some(first), Some(last)) = (self.history.first(), self.history.last()) {
            let _ = write!(
                s,
                "<text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"11\" fill=\"#667085\">{}</text>",
                HEIGHT - 8.0,
                day(first.0)
            );
            if day(last.0) != day(first.0) {
                let _ = write!(
                    s,
                    "<text x=\"{right:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#667085\" text-anchor=\"end\">{}</text>",
                    HEIGHT - 8.0,
                    day(last.0)
                );
            }
        }
        let points = self.points();
        if points.len() > 1 {
            // A score holds until the next event changes it: steps, not slopes.
            let mut path: Vec<String> = Vec::with_capacity(points.len() * 2);
            for (i, (x, y)) in points.iter().enumerate() {
                if i > 0 {
                    path.push(format!("{x:.1},{:.1}", points[i - 1].1));
                }
                path.push(format!("{x:.1},{y:.1}"));
            }
            let _ = write!(
                s,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f4e79\" stroke-width=\"2\" stroke-linejoin=\"round\"/>",
                path.join(" ")
            );
        }
        if let (Some((x, y)), Some((_, score))) = (points.last(), self.history.last()) {
            // The score now, by its dot (left of it, so it stays inside the box).
            let _ = write!(
                s,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"#1f4e79\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" fill=\"#1f4e79\" text-anchor=\"end\">{score}</text>",
                x - 6.0,
                y - 6.0
            );
        }
        s.push_str("</svg>");
        s
    }
}

/// The grade distribution as horizontal bars, one a grade, each labelled with its count.
pub fn grade_bars(grades: &[(Grade, u64)], summary: &str) -> String {
    const BAR_LEFT: f64 = 28.0;
    const BAR_MAX: f64 = 520.0;
    const ROW: f64 = 28.0;
    let height = ROW * grades.len() as f64 + 8.0;
    let most = grades.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let summary = xml(summary);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{summary}\" viewBox=\"0 0 640 {height}\" \
         width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title>{summary}</title>"
    );
    for (i, (g, n)) in grades.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = *n as f64 / most as f64 * BAR_MAX;
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{:.1}\" font-size=\"14\" font-weight=\"700\" fill=\"{c}\">{}</text>\
             <rect x=\"{BAR_LEFT}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{c}\" rx=\"2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#344054\">{n}</text>",
            y + 17.0,
            g.as_str(),
            y + 4.0,
            ROW - 8.0,
            BAR_LEFT + w + 6.0,
            y + 17.0,
            c = grade_colour(*g),
        );
    }
    s.push_str("</svg>");
    s
}

/// Horizontal bars, one a labelled count (a histogram or a mix), each with its count beside it;
/// `colour` fills every bar. The labels are plain text (escaped here).
pub fn labelled_bars(rows: &[(String, u64)], summary: &str, colour: &str) -> String {
    const LABEL_W: f64 = 150.0;
    const BAR_MAX: f64 = 420.0;
    const ROW: f64 = 26.0;
    let height = ROW * rows.len().max(1) as f64 + 8.0;
    let most = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let summary = xml(summary);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{summary}\" viewBox=\"0 0 640 {height}\" \
         width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title>{summary}</title>"
    );
    for (i, (label, n)) in rows.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = *n as f64 / most as f64 * BAR_MAX;
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#344054\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{colour}\" rx=\"2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"#344054\">{n}</text>",
            LABEL_W - 8.0,
            y + 16.0,
            xml(label),
            y + 4.0,
            ROW - 8.0,
            LABEL_W + w + 6.0,
            y + 16.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// Columns over time (one a month, oldest at the left), each labelled with its value above and
/// its month below (every month while they fit, else every few).
pub fn month_columns(rows: &[(String, u64)], summary: &str, colour: &str) -> String {
    const PLOT_TOP: f64 = 18.0;
    const PLOT_H: f64 = 160.0;
    let n = rows.len().max(1);
    let slot = (WIDTH - LEFT - RIGHT) / n as f64;
    let bar = (slot * 0.7).min(48.0);
    let most = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let every = n.div_ceil(12);
    let summary = xml(summary);
    let mut s = String::new();
    let height = PLOT_TOP + PLOT_H + 28.0;
    let _ = write!(
        s,
        "<svg class=\"chart\" role=\"img\" aria-label=\"{summary}\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\"><title>{summary}</title>\
         <line x1=\"{LEFT}\" y1=\"{base:.1}\" x2=\"{:.1}\" y2=\"{base:.1}\" stroke=\"#d0d5dd\"/>",
        WIDTH - RIGHT,
        base = PLOT_TOP + PLOT_H,
    );
    for (i, (label, v)) in rows.iter().enumerate() {
        let h = *v as f64 / most as f64 * PLOT_H;
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let y = PLOT_TOP + PLOT_H - h;
        let _ = write!(
            s,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"{colour}\" rx=\"2\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#344054\" text-anchor=\"middle\">{v}</text>",
            x + bar / 2.0,
            y - 4.0,
        );
        if i % every == 0 {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#667085\" text-anchor=\"middle\">{}</text>",
                x + bar / 2.0,
                PLOT_TOP + PLOT_H + 16.0,
                xml(label)
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 4, 0, 0).unwrap()
    }

    const LINES: [i32; 4] = [90, 80, 70, 60];

    fn inside((x, y): (f64, f64)) -> bool {
        x.is_finite()
            && y.is_finite()
            && (LEFT..=WIDTH - RIGHT).contains(&x)
            && (TOP..=HEIGHT - BOTTOM).contains(&y)
    }

    #[test]
    fn points_map_time_to_x_and_score_to_y_inside_the_box() {
        let history = [(at(1), 100), (at(11), 88), (at(21), 40)];
        let chart = ScoreChart {
            history: &history,
            lines: LINES,
        };
        let p = chart.points();
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|&q| inside(q)), "{p:?}");
        // Oldest at the left edge, newest at the right, the middle in the middle.
        assert_eq!(p[0].0, LEFT);
        assert_eq!(p[2].0, WIDTH - RIGHT);
        assert!((p[1].0 - (LEFT + WIDTH - RIGHT) / 2.0).abs() < 1e-9);
        // Higher scores are drawn higher (smaller y).
        assert!(p[0].1 < p[1].1 && p[1].1 < p[2].1);
        // The grade lines are in the range too: D's line lies between 88 and 40.
        assert!(chart.y(60) > p[1].1 && chart.y(60) < p[2].1);
        let svg = chart.svg("信用分走势：从 100 到 40");
        // Drawn as steps: each score holds until the next, so a corner before every change.
        let line = svg
            .split("points=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let corners: Vec<&str> = line.split(' ').collect();
        assert_eq!(corners.len(), 5, "{line}");
        assert_eq!(
            corners[1],
            format!("{:.1},{:.1}", p[1].0, p[0].1),
            "the first score holds until the second moment"
        );
        assert_eq!(svg.matches("<line ").count(), 4, "one faint line a grade");
        assert!(svg.contains("2026-03-01") && svg.contains("2026-03-21"));
    }

    #[test]
    fn scores_far_outside_the_lines_stay_in_the_box() {
        let history = [(at(1), 1000), (at(2), -500)];
        let chart = ScoreChart {
            history: &history,
            lines: LINES,
        };
        assert!(chart.points().iter().all(|&q| inside(q)));
        assert!(inside((LEFT, chart.y(90))));
    }

    #[test]
    fn an_empty_history_draws_the_frame_only() {
        let chart = ScoreChart {
            history: &[],
            lines: LINES,
        };
        assert!(chart.points().is_empty());
        let svg = chart.svg("暂无记录");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("<polyline") && !svg.contains("<circle"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn one_point_or_one_moment_sits_in_the_middle_without_nan() {
        let one = [(at(5), 100)];
        let chart = ScoreChart {
            history: &one,
            lines: LINES,
        };
        let p = chart.points();
        assert_eq!(p.len(), 1);
        assert!(inside(p[0]));
        let svg = chart.svg("信用分走势：从 100 到 100");
        assert!(svg.contains("<circle") && !svg.contains("<polyline"));
        assert!(
            svg.contains(">100</text>"),
            "the score now is written by its dot"
        );
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let same = [(at(5), 100), (at(5), 90)];
        let chart = ScoreChart {
            history: &same,
            lines: LINES,
        };
        assert!(chart.points().iter().all(|&q| inside(q)));
        // Every score equal to every line: the range is still not empty.
        let flat = [(at(5), 50)];
        let chart = ScoreChart {
            history: &flat,
            lines: [50, 50, 50, 50],
        };
        assert!(chart.points().iter().all(|&q| inside(q)));
    }

    #[test]
    fn the_summary_is_the_accessible_name_and_is_escaped() {
        let svg = ScoreChart {
            history: &[],
            lines: LINES,
        }
        .svg("a <b> & \"c\"");
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-label=\"a &lt;b&gt; &amp; &quot;c&quot;\""));
        assert!(svg.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"));
    }

    #[test]
    fn bars_scale_to_the_largest_count_and_handle_an_empty_market() {
        let svg = grade_bars(
            &[(Grade::A, 4), (Grade::B, 2), (Grade::C, 0)],
            "A 4, B 2, C 0",
        );
        assert!(svg.contains("width=\"520.0\"") && svg.contains("width=\"260.0\""));
        let empty = grade_bars(&Grade::ALL.map(|g| (g, 0)), "");
        assert!(!empty.contains("NaN") && empty.matches("<rect").count() == 5);
    }

    #[test]
    fn bars_and_columns_scale_to_the_largest_and_escape_their_labels() {
        let rows = vec![
            ("a<b".to_owned(), 10),
            ("c".to_owned(), 5),
            ("d".to_owned(), 0),
        ];
        let svg = labelled_bars(&rows, "分布 & 数量", "#1f4e79");
        assert!(svg.contains("a&lt;b") && svg.contains("分布 &amp; 数量"));
        assert!(svg.contains("width=\"420.0\"") && svg.contains("width=\"210.0\""));
        assert!(svg.contains("width=\"0.0\""));
        let months: Vec<(String, u64)> = (1..=24)
            .map(|m| (format!("2025-{m:02}"), m as u64))
            .collect();
        let svg = month_columns(&months, "每月项目", "#1f4e79");
        assert_eq!(svg.matches("<rect").count(), 24);
        // Two years: every other month is labelled.
        assert_eq!(svg.matches(">2025-").count(), 12);
        // Nothing at all still draws an empty chart.
        assert!(month_columns(&[], "无", "#000").ends_with("</svg>"));
        assert!(labelled_bars(&[], "无", "#000").ends_with("</svg>"));
    }
}
