/// Where a model came from and how good it is: what the API reports as
/// `model_date`, and what a model card is written from.
public struct ModelMetadata: Codable, Sendable, Equatable {
    /// One file of training data.
    public struct DataFile: Codable, Sendable, Equatable {
        /// The file's name (never a full path: paths leak machines).
        public var name: String
        /// Hex SHA-256 of the file, so the exact data can be checked later.
        public var sha256: String
        /// The sample weight its rows were trained with (absent in files written before weights existed: 1).
        public var weight: Double?

        /// Creates a record of one file.
        public init(name: String, sha256: String, weight: Double? = nil) {
            self.name = name
            self.sha256 = sha256
            self.weight = weight
        }
    }

    /// The data a model was trained on.
    public struct Training: Codable, Sendable, Equatable {
        /// The training files, in the order they were read.
        public var files: [DataFile]
        /// Examples used.
        public var rows: Int
        /// Rows left out (no text, no label, too few fields).
        public var skippedRows: Int
        /// Examples labelled American.
        public var positives: Int
        /// Wall-clock seconds the fit took.
        public var seconds: Double

        /// Creates a training record.
        public init(files: [DataFile], rows: Int, skippedRows: Int, positives: Int, seconds: Double) {
            self.files = files
            self.rows = rows
            self.skippedRows = skippedRows
            self.positives = positives
            self.seconds = seconds
        }

        enum CodingKeys: String, CodingKey {
            case files, rows, positives, seconds
            case skippedRows = "skipped_rows"
        }
    }

    /// When the model was trained, ISO-8601 in UTC (e.g. `2026-11-25T10:42:00Z`).
    public var modelDate: String
    /// The code version that trained it.
    public var codeVersion: String
    public var training: Training
    /// Metrics on a held-out file, when one was given.
    public var evaluation: ClassificationReport?
    /// The held-out file's name.
    public var evaluationFile: String?
    /// The training distributions live traffic is compared with (written by
    /// cross-validated training; nil otherwise, and then no drift is scored).
    public var driftReference: DriftReference?

    /// Creates metadata.
    public init(
        modelDate: String, codeVersion: String, training: Training,
        evaluation: ClassificationReport? = nil, evaluationFile: String? = nil, driftReference: DriftReference? = nil
    ) {
        self.modelDate = modelDate
        self.codeVersion = codeVersion
        self.training = training
        self.evaluation = evaluation
        self.evaluationFile = evaluationFile
        self.driftReference = driftReference
    }

    enum CodingKeys: String, CodingKey {
        case training, evaluation
        case modelDate = "model_date"
        case codeVersion = "code_version"
        case evaluationFile = "evaluation_file"
        case driftReference = "drift_reference"
    }
}
