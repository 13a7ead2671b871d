/// Namespace of the `ModelContainers` module; its types land with their issue.
public enum ModelContainersModule {}
