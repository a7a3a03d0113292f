import BarrageCore
import BarrageMetrics
import Foundation

extension ErrorKind {
    /// A UDP request whose reply did not arrive within the step's timeout: counted as loss. (Socket band 3000s.)
    public static let datagramLost = ErrorKind(code: 3001, name: "datagram_lost")
}
