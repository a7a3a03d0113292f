#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nanoseconds from the system's monotonic clock: what every duration in Barrage is measured with.
///
/// A plain `UInt64` keeps samples small and comparisons free; wall-clock time appears only in reports.
public enum MonotonicClock {
    /// Now, in nanoseconds since an arbitrary fixed point (boot, on Linux).
    @inlinable
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

/// Wall-clock time in nanoseconds since the Unix epoch, for timestamps that leave the process.
public enum WallClock {
    /// Now, in nanoseconds since 1970-01-01 UTC.
    public static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
