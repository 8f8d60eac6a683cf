// A seeded random-mutation driver for the fuzz harnesses, for toolchains
// where libFuzzer (`-sanitize=fuzzer`) is not available. It is not coverage
// guided: it mutates seeds (the corpus files plus built-in edge cases) with
// byte flips, insertions, deletions, splices and "interesting" fragments.
//
//   fuzz-random [--runs N] [--seed S] [--corpus DIR] tokenizer|request-decoder|model-file ...
//
// Prints one line per harness: inputs run, distinct inputs, bytes and seconds.
import Foundation
import FuzzHarness

/// xorshift64*: small, fast and reproducible from `--seed`.
struct Random {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}

let fragments: [[UInt8]] = [
    "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "\\udfff", "\\uD83C\\uDDFA", "null", "true", "1e309",
    "-0", "\"text\"", "\"texts\"", "#", "@", "http://", "https://t.co/", "www.", " ", "\n", "\t", "\u{0}", "🇺🇸", "👍🏽",
    "👨‍👩‍👧", "\u{200D}", "\u{FE0F}", "İ", "ß", "ﬃ", "Σ", "٣", "漢字", "\u{1F1E6}", "\"format_version\":1", "1e308", "NaN",
].map { Array($0.utf8) } + [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]

let builtInSeeds: [String: [[UInt8]]] = [
    "tokenizer": [
        "", "a", "Stay home NYC! #COVID19 @CNN https://t.co/abc 🇺🇸", "don’t café 漢字 İstanbul ﬃ",
        "www.example.com/path?q=1 and http://x", "#", "@", "##a @@b #_ @1", "\u{1F1FA}\u{1F1F8}\u{1F1EC}",
    ].map { Array($0.utf8) },
    "request-decoder": [
        #"{"text":"hello from Ohio"}"#, #"{"texts":["a","b"]}"#, #"{"text":null}"#, #"{"text":1}"#, #"{"text":["a"]}"#,
        #"{"text":"\ud800"}"#, #"{"text":"a","text":"b"}"#, "[]", "\"text\"", "{", #"{"text":"\u0000"}"#, "  {\"text\" : \"x\" }  ",
    ].map { Array($0.utf8) },
    "model-file": [],
]

func harness(named name: String) -> ((UnsafeRawBufferPointer) -> Void)? {
    switch name {
    case "tokenizer": Harness.tokenizer
    case "request-decoder": Harness.requestDecoder
    case "model-file": Harness.modelFile
    default: nil
    }
}

func mutate(_ input: [UInt8], seeds: [[UInt8]], random: inout Random, maxLength: Int) -> [UInt8] {
    var bytes = input
    for _ in 0...random.below(4) {
        switch random.below(8) {
        case 0 where !bytes.isEmpty:
            bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8))
        case 1 where !bytes.isEmpty:
            bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
        case 2:
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: random.below(bytes.count + 1))
        case 3 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(16)))
        case 4, 5:
            bytes.insert(contentsOf: fragments[random.below(fragments.count)], at: random.below(bytes.count + 1))
        case 6 where !seeds.isEmpty:
            let other = seeds[random.below(seeds.count)]
            if !other.isEmpty {
                let start = random.below(other.count)
                let piece = other[start..<min(other.count, start + 1 + random.below(64))]
                bytes.insert(contentsOf: piece, at: random.below(bytes.count + 1))
            }
        case 7 where !bytes.isEmpty:
            let start = random.below(bytes.count)
            let piece = Array(bytes[start..<min(bytes.count, start + 1 + random.below(8))])
            for _ in 0..<random.below(32) { bytes.insert(contentsOf: piece, at: start) }
        default:
            break
        }
    }
    return bytes.count > maxLength ? Array(bytes.prefix(maxLength)) : bytes
}

var runs = 100_000
var seed: UInt64 = 1
var corpus: String?
var maxLength = 4096
var names: [String] = []
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--runs": runs = Int(arguments.next() ?? "") ?? runs
    case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
    case "--corpus": corpus = arguments.next()
    case "--max-len": maxLength = Int(arguments.next() ?? "") ?? maxLength
    default: names.append(argument)
    }
}
if names.isEmpty { names = ["tokenizer", "request-decoder", "model-file"] }

for name in names {
    guard let run = harness(named: name) else {
        FileHandle.standardError.write(Data("unknown harness '\(name)'\n".utf8))
        exit(2)
    }
    var seeds = builtInSeeds[name] ?? []
    if let corpus {
        let directory = URL(fileURLWithPath: corpus).appendingPathComponent(name)
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) {
            if let data = try? Data(contentsOf: file) { seeds.append(Array(data)) }
        }
    }
    if seeds.isEmpty { seeds = [[]] }
    _ = Harness.shippedModel
    var random = Random(seed: seed)
    var distinct = Set<Int>()
    var totalBytes = 0
    let started = Date()
    for index in 0..<runs {
        // Seeds first as they are, then mutations of seeds.
        let input = index < seeds.count
            ? seeds[index]
            : mutate(seeds[random.below(seeds.count)], seeds: seeds, random: &random, maxLength: maxLength)
        distinct.insert(input.hashValue)
        totalBytes += input.count
        input.withUnsafeBytes { run($0) }
    }
    let seconds = Date().timeIntervalSince(started)
    let megabytes = String(format: "%.1f", Double(totalBytes) / 1e6), elapsed = String(format: "%.1f", seconds)
    print("fuzz-random \(name): \(runs) inputs (\(distinct.count) distinct, \(seeds.count) seeds, \(megabytes) MB) in \(elapsed) s, no crash")
}
