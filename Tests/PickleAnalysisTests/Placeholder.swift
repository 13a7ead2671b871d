// Tests of this target land with their issue.
import Testing
