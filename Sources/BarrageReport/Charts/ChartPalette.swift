/// The colours charts use, in order: Tableau 10, distinguishable and print-safe.
enum ChartPalette {
    static let colors = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]

    static func color(_ index: Int) -> String { colors[index % colors.count] }
}
