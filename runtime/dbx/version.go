package dbx

// Generated code is written against the API of Forge's runtime packages
// (runtime/dbx, runtime/api, runtime/action, runtime/app), which ship in
// one module and so share one version of that contract. Each generated data
// layer states the version it was generated for, forge/gen's
// RuntimeVersion, in two constant conversions to EnforceVersion: an app
// whose Forge module is too old or too new for its generated code fails to
// compile there, naming this type, rather than misbehaving at run time.
// This is the pattern of protobuf's protoimpl.EnforceVersion.
const (
	// GeneratedMin is the oldest version of generated code these
	// packages serve.
	GeneratedMin = 1
	// GeneratedMax is the newest version of generated code these packages
	// serve.
	GeneratedMax = 2
)

// EnforceVersion is unsigned, so that converting a negative constant to it
// does not compile: see GeneratedMin.
type EnforceVersion uint
