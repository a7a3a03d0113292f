/// One generated column of a `generate:` feeder: realistic values made fresh for every draw.
public enum DataGenerator: Sendable, Equatable {
    /// A first name.
    case firstName
    /// A last name.
    case lastName
    /// "First Last".
    case fullName
    /// `first.last123@example.com` (always `example.com`, a domain reserved for documentation).
    case email
    /// A whole number in a closed range.
    case integer(Int, Int)
    /// A decimal number in a range, with two decimals.
    case decimal(Double, Double)
    /// A random UUID.
    case uuid
    /// One of the given values, uniformly.
    case oneOf([String])

    /// The names a scenario uses for the generators without arguments.
    public static let simpleNames: [String: DataGenerator] = [
        "first_name": .firstName, "last_name": .lastName, "name": .fullName, "email": .email, "uuid": .uuid,
    ]

    /// A value, drawn from `random`.
    public func value(using random: inout SplitMix64) -> String {
        switch self {
        case .firstName: return Self.firstNames.randomElement(using: &random)!
        case .lastName: return Self.lastNames.randomElement(using: &random)!
        case .fullName:
            return Self.firstNames.randomElement(using: &random)! + " " + Self.lastNames.randomElement(using: &random)!
        case .email:
            let first = Self.firstNames.randomElement(using: &random)!.lowercased()
            let last = Self.lastNames.randomElement(using: &random)!.lowercased()
            return "\(first).\(last)\(Int.random(in: 1...9999, using: &random))@example.com"
        case .integer(let low, let high): return String(Int.random(in: low...high, using: &random))
        case .decimal(let low, let high):
            let value = Double.random(in: low...high, using: &random)
            return String((value * 100).rounded() / 100)
        case .uuid: return UUIDText.random(using: &random)
        case .oneOf(let values): return values.randomElement(using: &random) ?? ""
        }
    }

    static let firstNames = [
        "Alice", "Bob", "Carla", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam",
        "Maya", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Xenia", "Yusuf",
        "Zoe", "Amara", "Bruno", "Chloe", "Diego", "Elif", "Felix", "Gita", "Hugo", "Ivy", "Jamal",
    ]

    static let lastNames = [
        "Smith", "Garcia", "Müller", "Rossi", "Kowalski", "Nguyen", "Okafor", "Silva", "Tanaka", "Dubois",
        "Johansson", "Novak", "Papadopoulos", "Haddad", "Kim", "Ivanova", "Fernández", "O'Brien", "Van Dijk",
        "Cohen", "Larsen", "Moreau", "Yilmaz", "Schmidt", "Andersen", "Costa", "Brown", "Wilson", "Patel",
    ]
}
