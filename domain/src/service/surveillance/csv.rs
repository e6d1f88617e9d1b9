//! The market statistics as CSV (统计导出), safe to open in a spreadsheet.

use super::*;

/// One CSV field: quoted when it holds a separator, a quote or a line break; a leading `=`,
/// `+`, `-` or `@` is prefixed with `'` so that a spreadsheet never runs it as a formula.
pub(super) fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl MarketReport {
    /// The statistics as one long CSV table (`table,key,name,measure,value`: one number a
    /// line, so that a spreadsheet's pivot table takes it as it is), UTF-8 with a byte-order
    /// mark (which spreadsheet programs need to read Chinese).
    pub fn csv(&self) -> String {
        let s = &self.statistics;
        let mut out = String::from("\u{feff}table,key,name,measure,value\r\n");
        let mut line = |table: &str, key: &str, name: &str, measure: &str, value: String| {
            let _ = write!(
                out,
                "{},{},{},{},{}\r\n",
                csv_field(table),
                csv_field(key),
                csv_field(name),
                csv_field(measure),
                csv_field(&value)
            );
        };
        for (measure, value) in [
            ("projects", s.projects as i64),
            ("budget_fen", s.budget_fen),
            ("failed", s.failed as i64),
            ("awarded", s.awarded as i64),
            ("contracts", s.contracts as i64),
            ("contract_value_fen", s.contract_value_fen),
        ] {
            line("summary", "", "", measure, value.to_string());
        }
        let mean = |m: Option<f64>| m.map(|v| format!("{v:.2}")).unwrap_or_default();
        line(
            "summary",
            "",
            "",
            "registrants_mean",
            mean(s.registrants_mean),
        );
        line(
            "summary",
            "",
            "",
            "price_to_budget_mean_percent",
            mean(s.price_to_budget_mean),
        );
        line(
            "summary",
            "",
            "",
            "days_to_contract_median",
            s.days_to_contract_median
                .map(|d| d.to_string())
                .unwrap_or_default(),
        );
        for m in &s.months {
            line("month", &m.month, "", "projects", m.projects.to_string());
            line("month", &m.month, "", "contracts", m.contracts.to_string());
            line(
                "month",
                &m.month,
                "",
                "contract_value_fen",
                m.contract_value_fen.to_string(),
            );
        }
        for (method, n) in &s.methods {
            line("method", method, "", "projects", n.to_string());
        }
        for (table, measure, buckets) in [
            ("registrants", "projects", &s.registrants),
            ("price_to_budget", "awards", &s.price_to_budget),
            ("days_to_contract", "contracts", &s.days_to_contract),
        ] {
            for b in buckets {
                line(table, b.label, "", measure, b.count.to_string());
            }
        }
        for (table, shares) in [("item", &s.by_item), ("province", &s.by_province)] {
            for m in shares {
                let name = if table == "item" {
                    self.items
                        .get(&m.key)
                        .map(|i| i.name.clone())
                        .unwrap_or_default()
                } else {
                    province_name(&m.key).0.to_owned()
                };
                line(table, &m.key, &name, "awards", m.projects.to_string());
                line(table, &m.key, &name, "value_fen", m.value_fen.to_string());
                line(
                    table,
                    &m.key,
                    &name,
                    "top5_share",
                    format!("{:.4}", m.concentration.top5_share),
                );
                line(
                    table,
                    &m.key,
                    &name,
                    "hhi",
                    format!("{:.0}", m.concentration.hhi),
                );
            }
        }
        out
    }
}
