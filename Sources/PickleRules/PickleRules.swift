/// Namespace of the `PickleRules` module; its types land with their issue.
public enum PickleRulesModule {}
