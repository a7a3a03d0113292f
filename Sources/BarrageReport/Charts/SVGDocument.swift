/// Builds the text of one `<svg>` element: the few shapes charts need, with every text escaped.
struct SVGDocument: Sendable {
    private(set) var body = ""
    let id: String
    let title: String
    let width: Double
    let height: Double

    init(id: String, title: String, width: Double, height: Double) {
        self.id = id
        self.title = title
        self.width = width
        self.height = height
    }

    /// The complete element.
    var text: String {
        let size = "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"\(XMLText.escape(id))\" "
            + "\(size) role=\"img\" aria-label=\"\(XMLText.escape(title))\"><title>\(XMLText.escape(title))</title>"
            + body + "</svg>"
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) {
        body += "<line class=\"\(className)\" x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" "
        body += "x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\"/>"
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: String, className: String = "tick") {
        body += "<text class=\"\(className)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" "
        body += "text-anchor=\"\(anchor)\">\(XMLText.escape(content))</text>"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, color: String, tooltip: String) {
        body += "<rect class=\"bar\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" "
        body += "height=\"\(Self.number(height))\" fill=\"\(color)\"><title>\(XMLText.escape(tooltip))</title></rect>"
    }

    mutating func legendEntry(_ name: String, color: String, x: Double, y: Double, dashed: Bool) {
        let dash = dashed ? " stroke-dasharray=\"5 3\"" : ""
        body += "<line class=\"legend-swatch\" x1=\"\(Self.number(x))\" y1=\"\(Self.number(y))\" "
        body += "x2=\"\(Self.number(x + 20))\" y2=\"\(Self.number(y))\" stroke=\"\(color)\"\(dash)/>"
        let shown = name.count > 40 ? String(name.prefix(39)) + "…" : name
        text(shown, x: x + 24, y: y + 4, anchor: "start", className: "legend")
    }

    /// A data line; `data-points` counts the points drawn and `data-source-points` those measured.
    mutating func polyline(
        _ points: [(Double, Double)],
        color: String,
        dashed: Bool,
        name: String,
        sourceCount: Int
    ) {
        let coordinates = points.map { "\(Self.number($0.0)),\(Self.number($0.1))" }.joined(separator: " ")
        let dash = dashed ? " stroke-dasharray=\"5 3\"" : ""
        body += "<polyline class=\"series\" data-name=\"\(XMLText.escape(name))\" data-points=\"\(points.count)\" "
        body += "data-source-points=\"\(sourceCount)\" stroke=\"\(color)\"\(dash) points=\"\(coordinates)\">"
        body += "<title>\(XMLText.escape(name))</title></polyline>"
    }

    /// One decimal is finer than a pixel; fewer digits keep an hour-long report small.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
