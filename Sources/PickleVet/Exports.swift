// The library's front door re-exports the modules its API is made of, so a client (and the CLI)
// imports `PickleVet` alone.
@_exported import ModelContainers
@_exported import PickleAnalysis
@_exported import PickleCore
@_exported import PickleRules
@_exported import RestrictedDecoder
@_exported import Sandbox
