import Vapor

/// The report written as bytes: 116 kB with 35 charts over 105 000 answers spent a third of an
/// uncached request in Leaf (docs/performance.md, decision 7).
extension FollowUpReport {
    func render(_ t: Translator) -> View {
        var h = HTML(capacity: 131_072)
        h.page(chrome) { h in
            h.raw("<article class=\"report\">\n<h1>")
            h.text(chrome.title)
            h.raw("</h1>\n<p class=\"lead\"><span lang=\"sv\">")
            h.text(agreementTitle)
            h.raw("</span></p>\n")
            if !published {
                h.raw("<p class=\"notice warn\" role=\"status\">")
                h.text(t("report.preview"))
                h.raw("</p>\n")
            }
            h.raw("<p>")
            h.text(t("report.intro", String(minimum)))
            h.raw("</p>\n")
            h.table(caption: t("report.responseRate"),
                    headings: ["report.party", "report.submitted", "report.invited", "report.rate"].map { t($0) },
                    rows: rates.map { ($0.party, [String($0.submitted), String($0.total), "\($0.percent) %"]) })
            h.raw("\n<p class=\"no-print\">")
            h.text(t("report.answersCSV"))
            h.raw(": ")
            h.link(CSVDialect.excel.url(answersCSV), t("csv.forExcel"))
            h.raw(", ")
            h.link(answersCSV, t("csv.plain"))
            h.raw(" · ")
            h.text(t("report.aggregatesCSV"))
            h.raw(": ")
            h.link(CSVDialect.excel.url(aggregatesCSV), t("csv.forExcel"))
            h.raw(", ")
            h.link(aggregatesCSV, t("csv.plain"))
            h.raw(" · ")
            h.link(annualReportURL, t("report.annualReport"))
            if let years = earlierYears {
                h.raw(" · ")
                h.text(t("report.earlier"))
                h.raw(" ")
                for year in years {
                    h.link(String(year), String(year))
                    h.raw(" ")
                }
            }
            h.raw("</p>\n")
            summaryAndContents(&h, t)
            for section in sections {
                h.raw("<section class=\"report-section\"")
                h.attribute("id", section.anchor)
                // The principles and commitments are the agreement's Swedish text.
                h.raw(t.locale == .default ? ">\n<h2>" : ">\n<h2 lang=\"sv\">")
                h.text(section.name)
                h.raw("</h2>\n")
                for item in section.items { h.reportItem(item, minimum: minimum, t: t) }
                h.raw("</section>\n")
            }
            if let extras {
                h.raw("<section class=\"report-section\" id=\"ovriga-fragor\">\n<h2>")
                h.text(t("questionnaire.extra"))
                h.raw("</h2>\n")
                for extra in extras { h.reportExtra(extra, minimum: minimum, t: t) }
                h.raw("</section>\n")
            }
            h.raw("</article>\n")
        }
        return h.view
    }
}

extension FollowUpReport {
    /// The report at a glance before the details: each principle's mean per side with links, the
    /// commitments the sides see most differently, and the contents.
    fileprivate func summaryAndContents(_ h: inout HTML, _ t: Translator) {
        guard !sections.isEmpty else { return }
        h.raw("<section class=\"report-summary\" aria-labelledby=\"sammanfattning\">\n<h2 id=\"sammanfattning\">")
        h.text(t("report.summary"))
        h.raw("</h2>\n<p>")
        h.text(t("report.summaryIntro"))
        h.raw("</p>\n<div class=\"table-wrap\"><table class=\"compact\"><caption>")
        h.text(t("report.summaryCaption"))
        h.raw("</caption>\n")
        h.tableHead(["report.principle", "followUp.party.civilSociety", "followUp.party.municipality", "report.difference"].map { t($0) })
        h.raw("<tbody>")
        for row in summary {
            h.raw("<tr><th scope=\"row\">")
            h.link("#" + row.anchor, row.name)
            h.raw("</th>")
            h.cells([row.civilSociety, row.municipality, row.gap])
            h.raw("</tr>")
        }
        h.raw("</tbody></table></div>\n")
        if !largestGaps.isEmpty {
            h.raw("<h3>")
            h.text(t("report.largestGaps"))
            h.raw("</h3>\n<ol class=\"gaps\">")
            for gap in largestGaps {
                h.raw("<li>")
                h.link("#" + gap.anchor, gap.text)
                h.raw(" <span class=\"meta\">")
                h.text(t("report.gapLine", gap.civilSociety, gap.municipality, gap.gap))
                h.raw("</span></li>")
            }
            h.raw("</ol>\n")
        }
        h.raw("</section>\n<nav class=\"report-contents\"")
        h.attribute("aria-label", t("report.contents"))
        h.raw("><h2>")
        h.text(t("report.contents"))
        h.raw("</h2><ol>")
        for section in sections {
            h.raw("<li>")
            h.link("#" + section.anchor, section.name)
            h.raw("</li>")
        }
        if extras != nil {
            h.raw("<li>")
            h.link("#ovriga-fragor", t("questionnaire.extra"))
            h.raw("</li>")
        }
        h.raw("</ol></nav>\n")
    }
}

extension HTML {
    fileprivate mutating func tableHead(_ headings: [String]) {
        raw("<thead><tr>")
        for heading in headings {
            raw("<th scope=\"col\">")
            text(heading)
            raw("</th>")
        }
        raw("</tr></thead>\n")
    }

    fileprivate mutating func rowHeader(_ heading: String) {
        raw("<tr><th scope=\"row\">")
        text(heading)
        raw("</th>")
    }

    fileprivate mutating func cells(_ values: [String]) {
        for value in values {
            raw("<td>")
            text(value)
            raw("</td>")
        }
    }

    /// A small table: a caption, column headings, and rows that each start with a row heading.
    fileprivate mutating func table(caption: String, captionHidden: Bool = false, headings: [String],
                                    rows: [(heading: String, cells: [String])]) {
        raw(captionHidden ? "<div class=\"table-wrap\"><table class=\"compact\"><caption class=\"visually-hidden\">"
                          : "<div class=\"table-wrap\"><table class=\"compact\"><caption>")
        text(caption)
        raw("</caption>\n")
        tableHead(headings)
        raw("<tbody>")
        for row in rows {
            rowHeader(row.heading)
            cells(row.cells)
            raw("</tr>")
        }
        raw("</tbody></table></div>")
    }

    fileprivate mutating func chartAndTable(_ item: FollowUpReport.Item, caption: String, full: Bool, minimum: Int, t: Translator) {
        // The chart is SVG made by the report's own code from numbers and escaped labels.
        raw("<figure class=\"chart-figure\">")
        raw(item.chart)
        raw("</figure>\n<div class=\"table-wrap\"><table class=\"compact\"><caption class=\"visually-hidden\">")
        text(t("report.tableCaption", caption))
        raw("</caption>\n")
        tableHead((full ? ["report.party", "report.mean", "report.answered", "followUp.scale.short", "followUp.dontKnow"]
                        : ["report.party", "report.mean", "report.answered"]).map { t($0) })
        raw("<tbody>")
        for c in item.cells {
            rowHeader(c.party)
            if c.suppressed {
                raw(full ? "<td colspan=\"4\">" : "<td colspan=\"2\">")
                text(t("report.suppressed", String(minimum)))
                raw("</td>")
            } else {
                cells([c.mean ?? "–", String(c.answered)])
                if full {
                    raw("<td>")
                    for s in c.steps ?? [] {
                        raw("<span class=\"step\">")
                        text("\(s.label): \(s.count) (\(s.percent) %)")
                        raw("</span> ")
                    }
                    raw("</td>")
                    cells([String(c.dontKnow)])
                }
            }
            raw("</tr>")
        }
        raw("</tbody></table></div>")
    }

    /// A comment is in the language its author wrote it in: its direction is its own (`<bdi>`).
    fileprivate mutating func comments(_ comments: [FollowUpReport.Comment]) {
        raw("<ul class=\"comments\">")
        for c in comments {
            raw("<li><span class=\"meta\">")
            text(c.party)
            raw(":</span> <bdi>")
            text(c.text)
            raw("</bdi></li>")
        }
        raw("</ul>")
    }

    fileprivate mutating func reportItem(_ item: FollowUpReport.Item, minimum: Int, t: Translator) {
        raw("<div class=\"report-item\"")
        attribute("id", item.anchor)
        raw(">\n<h3>")
        if t.locale != .default { raw("<span lang=\"sv\">") }
        text(item.text)
        if t.locale != .default { raw("</span>") }
        if let owner = item.owner {
            raw(" <span class=\"meta\">(")
            text(owner)
            raw(")</span>")
        }
        raw("</h3>\n<div class=\"report-figures\">\n")
        chartAndTable(item, caption: item.text, full: true, minimum: minimum, t: t)
        raw("\n</div>\n")
        if let gap = item.gap {
            raw("<p><strong>")
            text(gap)
            raw("</strong></p>\n")
        }
        if let history = item.history {
            table(caption: t("report.history"), headings: ["report.year", "followUp.party.civilSociety", "followUp.party.municipality"].map { t($0) },
                  rows: history.map { (String($0.year), [$0.civilSociety, $0.municipality]) })
            raw("\n")
        }
        if let comments = item.comments {
            raw("<h4>")
            text(t("report.comments"))
            raw("</h4>")
            self.comments(comments)
            raw("\n")
        }
        raw("</div>\n")
    }

    fileprivate mutating func reportExtra(_ x: FollowUpReport.Extra, minimum: Int, t: Translator) {
        raw("<div class=\"report-item\"")
        attribute("id", x.anchor)
        raw(">\n<h3>")
        text(x.text)
        raw("</h3>\n")
        if let answered = x.answeredText {
            raw("<p>")
            text(answered)
            raw("</p>\n")
        }
        if let item = x.item {
            raw("<div class=\"report-figures\">")
            chartAndTable(item, caption: x.text, full: false, minimum: minimum, t: t)
            raw("</div>\n")
        }
        if let choices = x.choices {
            table(caption: x.text, captionHidden: true,
                  headings: ["report.option", "followUp.party.civilSociety", "followUp.party.municipality"].map { t($0) },
                  rows: choices.map { ($0.option, [$0.civilSociety, $0.municipality]) })
            raw("\n")
        }
        if let comments = x.comments {
            self.comments(comments)
            raw("\n")
        }
        raw("</div>\n")
    }
}
