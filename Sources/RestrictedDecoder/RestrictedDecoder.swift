/// Namespace of the `RestrictedDecoder` module; its types land with their issue.
public enum RestrictedDecoderModule {}
