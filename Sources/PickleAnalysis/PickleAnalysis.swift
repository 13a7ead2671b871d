/// Namespace of the `PickleAnalysis` module; its types land with their issue.
public enum PickleAnalysisModule {}
