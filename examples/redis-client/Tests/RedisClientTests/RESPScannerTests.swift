import Testing

@testable import RedisClient

@Suite(.timeLimit(.minutes(1)))
struct RESPScannerTests {
    private func scan(_ text: String, split: Int? = nil) -> (RESPScanner.Result, RESPScanner) {
        let bytes = Array(text.utf8)
        var scanner = RESPScanner()
        if let split {
            let partial = bytes.withUnsafeBytes { scanner.scan(UnsafeRawBufferPointer(rebasing: $0[0..<split])) }
            if case .complete = partial { return (partial, scanner) }
            if partial == .malformed { return (partial, scanner) }
        }
        let result = bytes.withUnsafeBytes { scanner.scan($0) }
        return (result, scanner)
    }

    @Test func aNestedResp3ReplyIsCompleteOnlyWithItsLastByteWhereverItIsSplit() {
        let reply = "|1\r\n+ttl\r\n:3\r\n%2\r\n$1\r\na\r\n*2\r\n:1\r\n_\r\n+k\r\n=8\r\ntxt:text\r\n"
        let trailing = "+NEXT\r\n"
        for split in 0..<reply.utf8.count {
            let (result, scanner) = scan(reply + trailing, split: split)
            #expect(result == .complete(length: reply.utf8.count), "split at \(split)")
            #expect(scanner.type == .map)
        }
    }

    @Test func nullsAndPayloadsAreReported() {
        let (bulk, bulkScanner) = scan("$5\r\nhello\r\n")
        #expect(bulk == .complete(length: 11))
        #expect(bulkScanner.payload == 4..<9)
        let (null, nullScanner) = scan("$-1\r\n")
        #expect(null == .complete(length: 5))
        #expect(nullScanner.isNull)
        let (array, arrayScanner) = scan("*-1\r\n")
        #expect(array == .complete(length: 5))
        #expect(arrayScanner.isNull && arrayScanner.type == .array)
        let (error, errorScanner) = scan("-WRONGTYPE Operation against a key\r\n")
        #expect(error == .complete(length: 36))
        #expect(errorScanner.type == .error)
    }

    @Test func bytesThatAreNotRESPAreMalformed() {
        #expect(scan("hello\r\n").0 == .malformed)
        #expect(scan("$3\r\nabcd\r\n").0 == .malformed)
        #expect(scan("*x\r\n").0 == .malformed)
        #expect(scan("+OK\n").0 == .malformed)
        #expect(scan("$3\r\nab").0 == .incomplete)
    }
}
