// Package image builds and pushes the OCI image of a Forge app: one static
// Go binary on scratch (or on a base image read from an OCI layout), run as
// the non-root user 65532, with the app's own healthcheck subcommand as the
// container health check.
//
// Building needs no network and is deterministic: the layer's entries are
// sorted and carry fixed owners and modification times, and the gzip header
// is fixed, so the same binary, base and options give the same digest
// (with the same build of this package: the compressed bytes come from the
// Go release's compress/flate, and Bazel counts the tool as an input). The
// image's creation time is the org.opencontainers.image.created label when
// there is one, so a stamped build records its commit's date and an
// unstamped build the Unix epoch.
//
// The forge-image command, which the Bazel rules run as a build action and
// as a push target, is a thin layer of flags over this package, and a
// forge deploy without Bazel is meant to call it the same way, so that
// both make the same image from the same binary.
//
// What this package is not for: it is no general image tool. It does not
// pull base images from registries (a base is an OCI layout directory
// already on disk), run containers, build multi-platform indexes or add
// files other than the binary and a minimal /etc/passwd, /etc/group, /tmp
// and /home/nonroot.
package image
