/// Limited-memory BFGS with a backtracking (Armijo) line search.
///
/// Chosen over stochastic methods because it needs no learning rate and no
/// shuffling: results are reproducible bit for bit, and on a few thousand
/// sparse tweets it converges in a few hundred cheap full passes.
struct LBFGS {
    let dimension: Int
    /// How many past steps approximate the inverse Hessian.
    var memory = 10
    private var steps: [[Double]] = []
    private var gradientChanges: [[Double]] = []

    init(dimension: Int) {
        self.dimension = dimension
    }

    /// Minimises `f` from the origin; stops when the largest gradient component
    /// is below `tolerance`, when the value stops decreasing, or after `maxIterations`.
    mutating func minimize(
        _ f: ([Double]) -> (Double, [Double]), maxIterations: Int, tolerance: Double
    ) -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        var (value, gradient) = f(x)
        for _ in 0..<maxIterations {
            if gradient.map(abs).max() ?? 0 < tolerance { break }
            var direction = searchDirection(gradient)
            var slope = dot(direction, gradient)
            if slope >= 0 {
                steps.removeAll()
                gradientChanges.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            var stepSize = steps.isEmpty ? 1 / max(1, norm(gradient)) : 1
            var candidate = x
            var next = (value, gradient)
            var accepted = false
            for _ in 0..<40 {
                for i in 0..<dimension { candidate[i] = x[i] + stepSize * direction[i] }
                next = f(candidate)
                if next.0 <= value + 1e-4 * stepSize * slope {
                    accepted = true
                    break
                }
                stepSize *= 0.5
            }
            guard accepted else { break }
            remember(step: zip(candidate, x).map { $0 - $1 }, gradientChange: zip(next.1, gradient).map { $0 - $1 })
            let improvement = value - next.0
            x = candidate
            (value, gradient) = next
            if improvement <= 1e-12 * max(1, abs(value)) { break }
        }
        return x
    }

    /// The two-loop recursion: an approximation of `-H⁻¹ g`.
    private func searchDirection(_ gradient: [Double]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for k in stride(from: steps.count - 1, through: 0, by: -1) {
            let rho = 1 / dot(gradientChanges[k], steps[k])
            alphas[k] = rho * dot(steps[k], q)
            for i in 0..<dimension { q[i] -= alphas[k] * gradientChanges[k][i] }
        }
        if let s = steps.last, let y = gradientChanges.last {
            let scale = dot(s, y) / dot(y, y)
            for i in 0..<dimension { q[i] *= scale }
        }
        for k in 0..<steps.count {
            let rho = 1 / dot(gradientChanges[k], steps[k])
            let beta = rho * dot(gradientChanges[k], q)
            for i in 0..<dimension { q[i] += steps[k][i] * (alphas[k] - beta) }
        }
        return q.map { -$0 }
    }

    /// Keeps a curvature pair when it is positive (otherwise it would spoil the approximation).
    private mutating func remember(step: [Double], gradientChange: [Double]) {
        guard dot(step, gradientChange) > 1e-12 else { return }
        steps.append(step)
        gradientChanges.append(gradientChange)
        if steps.count > memory {
            steps.removeFirst()
            gradientChanges.removeFirst()
        }
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += a[i] * b[i] }
        return sum
    }

    private func norm(_ a: [Double]) -> Double {
        dot(a, a).squareRoot()
    }
}
