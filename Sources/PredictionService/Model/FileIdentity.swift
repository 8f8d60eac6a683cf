import Glibc

/// What identifies a file's current version on disk: device, inode, size and
/// modification time (to the nanosecond).
///
/// A model read while its identity stays the same was not rewritten during
/// the read; a file whose inode is unchanged since the last load but whose
/// bytes differ was rewritten in place, and is only trusted once it has not
/// been modified for a while (see `ModelFetcher.settle`).
struct FileIdentity: Sendable, Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modified: timespec

    /// The identity of the file at `path`, nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modified = info.st_mtim
    }

    /// Whether this is the same file (not a new one renamed into place).
    func isSameFile(as other: FileIdentity) -> Bool {
        device == other.device && inode == other.inode
    }

    /// How long ago the file was last modified (zero if its clock is ahead of ours).
    var age: Duration {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let elapsed = Duration.seconds(Int64(now.tv_sec - modified.tv_sec)) + .nanoseconds(Int64(now.tv_nsec - modified.tv_nsec))
        return max(.zero, elapsed)
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool {
        a.isSameFile(as: b) && a.size == b.size && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
    }
}
