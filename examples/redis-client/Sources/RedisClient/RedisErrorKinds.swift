import BarrageMetrics
import Foundation

/// The Redis band of error kinds (5000s): an error reply (`-PREFIX message`) is data, categorised by its prefix.
extension ErrorKind {
    /// `-ERR …` or any error reply whose prefix has no kind of its own.
    public static let redisError = ErrorKind(code: 5001, name: "redis_error")
    /// `-WRONGTYPE …`: the command does not apply to the key's type.
    public static let redisWrongType = ErrorKind(code: 5002, name: "redis_wrongtype")
    /// `-NOAUTH …`: the server wants a password and the step gave none.
    public static let redisNoAuth = ErrorKind(code: 5003, name: "redis_noauth")
    /// `-WRONGPASS …`, or any rejected `AUTH`/`HELLO … AUTH` on connect.
    public static let redisAuthFailed = ErrorKind(code: 5004, name: "redis_auth_failed")
    /// `-LOADING …`: the server is still loading its data set.
    public static let redisLoading = ErrorKind(code: 5005, name: "redis_loading")
    /// `-BUSY …`: a script or function is running.
    public static let redisBusy = ErrorKind(code: 5006, name: "redis_busy")
    /// `-MOVED …` / `-ASK …`: a cluster redirect (this client does not follow redirects).
    public static let redisRedirect = ErrorKind(code: 5007, name: "redis_redirect")
    /// `-READONLY …`: a write sent to a replica.
    public static let redisReadOnly = ErrorKind(code: 5008, name: "redis_readonly")
    /// `-OOM …`: the server reached `maxmemory`.
    public static let redisOutOfMemory = ErrorKind(code: 5009, name: "redis_oom")
    /// `-NOPERM …`: the ACL user may not run the command.
    public static let redisNoPermission = ErrorKind(code: 5010, name: "redis_noperm")
}

/// Maps the text of an error reply to its kind, by the reply's first word.
enum RedisErrorPrefix {
    /// The kind for an error reply whose text (without the leading `-`) is `text`.
    static func kind(of text: UnsafeRawBufferPointer) -> ErrorKind {
        if starts(text, with: "WRONGTYPE") { return .redisWrongType }
        if starts(text, with: "NOAUTH") { return .redisNoAuth }
        if starts(text, with: "WRONGPASS") { return .redisAuthFailed }
        if starts(text, with: "LOADING") { return .redisLoading }
        if starts(text, with: "BUSY") { return .redisBusy }
        if starts(text, with: "MOVED") || starts(text, with: "ASK") { return .redisRedirect }
        if starts(text, with: "READONLY") { return .redisReadOnly }
        if starts(text, with: "OOM") { return .redisOutOfMemory }
        if starts(text, with: "NOPERM") { return .redisNoPermission }
        return .redisError
    }

    /// Whether `text` begins with the word `prefix` (followed by a space or the end).
    private static func starts(_ text: UnsafeRawBufferPointer, with prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard text.count >= count, let base = text.baseAddress else { return false }
        guard memcmp(base, prefix.utf8Start, count) == 0 else { return false }
        return text.count == count || text[count] == UInt8(ascii: " ")
    }
}
