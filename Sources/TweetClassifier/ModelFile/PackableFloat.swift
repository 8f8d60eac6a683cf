/// A floating-point type whose values a model file stores packed: its
/// IEEE-754 bits, little-endian.
protocol PackableFloat {
    associatedtype Bits: FixedWidthInteger & UnsignedInteger
    var bitPattern: Bits { get }
    init(bitPattern: Bits)
}

extension Double: PackableFloat {}
extension Float: PackableFloat {}
