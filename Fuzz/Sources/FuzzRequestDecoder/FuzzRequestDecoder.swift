import CFuzzDriver
import FuzzHarness

/// libFuzzer calls this once per input; see `Harness.requestDecoder`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    Harness.requestDecoder(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// The entry point SwiftPM's debug build links `main` to: hands over to libFuzzer.
@_cdecl("FuzzRequestDecoder_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    american_fuzz_main(argc, argv)
}
