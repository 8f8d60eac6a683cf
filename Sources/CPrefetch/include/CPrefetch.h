#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the processor to start loading the cache line at `address`, and goes
/// on at once: Swift has no prefetch of its own. A prediction reads the codes
/// of about 500 columns spread over 6 MB; asked for while the tweet is still
/// being hashed, they arrive by the time they are read. An address outside
/// mapped memory is ignored, never a fault.
static inline void cprefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
