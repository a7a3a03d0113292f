/// The charts of a DOM and what they draw: points per polyline, width per bar, by `data-chart`.
struct ChartCensus {
    var polylinePoints: [String: [Int]] = [:]
    var barWidths: [String: [Double]] = [:]

    init(dom: String) {
        for chart in dom.matches(of: /<svg[^>]*data-chart="([^"]+)"[^>]*>(.*?)<\/svg>/.dotMatchesNewlines()) {
            let id = String(chart.1)
            polylinePoints[id] = chart.2.matches(of: /<polyline[^>]*points="([^"]*)"/).map {
                $0.1.split(separator: " ").count
            }
            barWidths[id] = chart.2.matches(of: /<rect class="bar"[^>]*width="([0-9.]+)"/).compactMap { Double($0.1) }
        }
    }
}
