#ifndef AMERICAN_FUZZ_DRIVER_H
#define AMERICAN_FUZZ_DRIVER_H

/// Runs libFuzzer on this executable's `LLVMFuzzerTestOneInput`.
///
/// SwiftPM's debug builds rename an executable's entry point to `<Module>_main`
/// (and point `main` at it with `--defsym`), so libFuzzer's own `main` is not
/// used there; each fuzz target defines `<Module>_main` to call this instead.
int american_fuzz_main(int argc, char **argv);

#endif
