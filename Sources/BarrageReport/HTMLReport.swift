import BarrageMetrics
import Foundation
import Mustache

/// report.html: one self-contained page (inline CSS and SVG, no script, font or network) that a team opens
/// after a run and attaches to a ticket; it prints as well as it displays.
///
/// The page is rendered from `HTMLTemplate` by swift-mustache; every value is HTML-escaped by the template
/// except the SVG charts, which `LineChart` and `BarChart` escape themselves.
public enum HTMLReport {
    /// The page for `result`.
    public static func html(_ result: RunResult) throws -> String {
        let template = try MustacheTemplate(string: HTMLTemplate.text)
        return template.render(HTMLReportPage(result))
    }

    /// report.html's bytes.
    public static func data(_ result: RunResult) throws -> Data { Data(try html(result).utf8) }
}
