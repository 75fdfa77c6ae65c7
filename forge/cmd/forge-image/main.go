// Command forge-image builds a Forge app's OCI image from its binary and
// pushes it. The Bazel rules run it as a build action (build) and as a
// runnable target (push); every path is given explicitly, build uses no
// network, and the same inputs give the same digest. The work is done by
// package github.com/forge-framework/forge/forge/image.
//
//	forge-image build --binary FILE --name NAME
//	    [--base OCI_LAYOUT_DIR] [--os linux] [--arch amd64]
//	    [--port 8080[/tcp|/udp] ...] [--label KEY=VALUE ...]
//	    [--stamp-file FILE --label-from-stamp KEY=STAMP_KEY ...]
//	    [--out-layout DIR] [--out-tarball FILE --repo-tag REPO:TAG] [--out-digest FILE]
//	forge-image push --layout DIR --repository HOST/REPO
//	    [--tag TAG ...] [--tags-file FILE] [--stamp-file FILE] [--insecure]
//
// --stamp-file names a workspace status file of "KEY value" lines, such as
// Bazel's bazel-out/stable-status.txt; the rules pass it only under
// --stamp. With it, --label-from-stamp sets a label to a stamp value
// (replacing a --label of the same key) and {KEY} in tags is replaced by
// the stamp value; a key missing from the file is an error. Without it,
// --label-from-stamp is ignored, so --label gives the unstamped constant,
// and a tag that uses {KEY} is an error.
//
// push prints the pushed reference, HOST/REPO@sha256:…, on stdout.
//
// Exit codes: 0 success, 1 a problem with the inputs or the registry
// (reported on stderr, naming the flag), 2 a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/forge-framework/forge/forge/image"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Exit codes.
const (
	exitOK    = 0
	exitUser  = 1
	exitUsage = 2
)

const usage = `usage:
  forge-image build --binary FILE --name NAME [--base OCI_LAYOUT_DIR] [--os OS] [--arch ARCH]
      [--port PORT ...] [--label KEY=VALUE ...] [--stamp-file FILE] [--label-from-stamp KEY=STAMP_KEY ...]
      [--out-layout DIR] [--out-tarball FILE --repo-tag REPO:TAG] [--out-digest FILE]
  forge-image push --layout DIR --repository HOST/REPO [--tag TAG ...] [--tags-file FILE]
      [--stamp-file FILE] [--insecure]
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes forge-image with args (without the program name) and
// returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	fs := flag.NewFlagSet("forge-image "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var do func() error
	switch args[0] {
	case "build":
		do = buildFlags(fs)
	case "push":
		do = pushFlags(ctx, fs, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "forge-image: unknown command %q\n%s", args[0], usage)
		return exitUsage
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "forge-image %s: unexpected argument %q\n", args[0], fs.Arg(0))
		return exitUsage
	}
	if err := do(); err != nil {
		fmt.Fprintf(stderr, "forge-image %s: %v\n", args[0], err)
		if errors.As(err, new(usageError)) {
			return exitUsage
		}
		return exitUser
	}
	return exitOK
}

// usageError is a missing or conflicting flag, as opposed to a bad value.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// list is a flag that may be repeated.
type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

// buildFlags registers build's flags and returns the command.
func buildFlags(fs *flag.FlagSet) func() error {
	binary := fs.String("binary", "", "the static app binary `FILE` (required)")
	name := fs.String("name", "", "the binary's `NAME` in the image: /NAME, the entrypoint (required)")
	base := fs.String("base", "", "base image: an OCI layout `DIR` (default scratch)")
	goos := fs.String("os", "linux", "the image's operating system, a GOOS `NAME`")
	arch := fs.String("arch", "amd64", "the image's architecture, a GOARCH `NAME`")
	var ports, labels, stampLabels list
	fs.Var(&ports, "port", "expose `PORT` (8080, 8080/tcp, 53/udp); repeatable")
	fs.Var(&labels, "label", "set label `KEY=VALUE`; repeatable")
	fs.Var(&stampLabels, "label-from-stamp", "with --stamp-file, set label KEY to the stamp value of STAMP_KEY (`KEY=STAMP_KEY`); repeatable")
	stampFile := fs.String("stamp-file", "", "workspace status `FILE` of \"KEY value\" lines (Bazel's stable-status.txt)")
	outLayout := fs.String("out-layout", "", "write the image as an OCI layout to `DIR` (empty or absent)")
	outTarball := fs.String("out-tarball", "", "write a docker load tarball to `FILE`")
	repoTag := fs.String("repo-tag", "", "the `REPO:TAG` docker load gives the tarball's image")
	outDigest := fs.String("out-digest", "", "write the manifest digest (sha256:…) to `FILE`")
	return func() error {
		switch {
		case *binary == "":
			return usageError{"--binary is required"}
		case *name == "":
			return usageError{"--name is required"}
		case *outLayout == "" && *outTarball == "" && *outDigest == "":
			return usageError{"give at least one of --out-layout, --out-tarball, --out-digest"}
		case (*outTarball == "") != (*repoTag == ""):
			return usageError{"--out-tarball and --repo-tag go together"}
		}
		stamp, err := readStamp(*stampFile)
		if err != nil {
			return err
		}
		spec := image.Spec{Name: *name, OS: *goos, Arch: *arch, Ports: ports, Labels: map[string]string{}}
		for _, l := range labels {
			k, v, ok := strings.Cut(l, "=")
			if !ok || k == "" {
				return fmt.Errorf("--label %q: want KEY=VALUE", l)
			}
			spec.Labels[k] = v
		}
		for _, l := range stampLabels {
			k, key, ok := strings.Cut(l, "=")
			if !ok || k == "" || key == "" {
				return fmt.Errorf("--label-from-stamp %q: want KEY=STAMP_KEY", l)
			}
			if stamp == nil {
				continue // unstamped: the --label constant, if any, stays
			}
			v, ok := stamp[key]
			if !ok {
				return fmt.Errorf("--label-from-stamp %q: stamp key %s not found in --stamp-file %s", l, key, *stampFile)
			}
			spec.Labels[k] = v
		}
		if spec.Binary, err = os.ReadFile(*binary); err != nil {
			return fmt.Errorf("--binary: %w", err)
		}
		if *base != "" {
			if spec.Base, err = image.ReadLayout(*base, &v1.Platform{OS: *goos, Architecture: *arch}); err != nil {
				return fmt.Errorf("--base: %w", err)
			}
		}
		img, err := image.Build(spec)
		if err != nil {
			return err
		}
		if *outLayout != "" {
			if err := image.WriteLayout(*outLayout, img); err != nil {
				return fmt.Errorf("--out-layout: %w", err)
			}
		}
		if *outTarball != "" {
			if err := image.WriteTarball(*outTarball, *repoTag, img); err != nil {
				return fmt.Errorf("--out-tarball: %w", err)
			}
		}
		if *outDigest != "" {
			if err := image.WriteDigest(*outDigest, img); err != nil {
				return fmt.Errorf("--out-digest: %w", err)
			}
		}
		return nil
	}
}

// pushFlags registers push's flags and returns the command.
func pushFlags(ctx context.Context, fs *flag.FlagSet, stdout, stderr io.Writer) func() error {
	layoutDir := fs.String("layout", "", "the image's OCI layout `DIR`, as build --out-layout wrote it (required)")
	repository := fs.String("repository", "", "push to `HOST/REPO` (required)")
	var tags list
	fs.Var(&tags, "tag", "also point `TAG` at the image; {KEY} is a stamp value; repeatable")
	tagsFile := fs.String("tags-file", "", "read more tags from `FILE`, one a line")
	stampFile := fs.String("stamp-file", "", "workspace status `FILE` of \"KEY value\" lines (Bazel's stable-status.txt)")
	insecure := fs.Bool("insecure", false, "talk plain HTTP to the registry (loopback registries need not)")
	return func() error {
		switch {
		case *layoutDir == "":
			return usageError{"--layout is required"}
		case *repository == "":
			return usageError{"--repository is required"}
		}
		stamp, err := readStamp(*stampFile)
		if err != nil {
			return err
		}
		type source struct{ flag, tag string }
		var all []source
		for _, t := range tags {
			all = append(all, source{"--tag", t})
		}
		if *tagsFile != "" {
			data, err := os.ReadFile(*tagsFile)
			if err != nil {
				return fmt.Errorf("--tags-file: %w", err)
			}
			for line := range strings.Lines(string(data)) {
				if t := strings.TrimSpace(line); t != "" {
					all = append(all, source{"--tags-file " + *tagsFile, t})
				}
			}
		}
		var resolved []string
		for _, s := range all {
			t := s.tag
			if stamp != nil {
				if t, err = stamp.Expand(t); err != nil {
					return fmt.Errorf("%s: %w (--stamp-file %s)", s.flag, err, *stampFile)
				}
			} else if strings.Contains(t, "{") {
				return fmt.Errorf("%s %q: uses a stamp key but there is no --stamp-file; build with --stamp or give a constant tag", s.flag, t)
			}
			if !slices.Contains(resolved, t) {
				resolved = append(resolved, t)
			}
		}
		img, err := image.ReadLayout(*layoutDir, nil)
		if err != nil {
			return fmt.Errorf("--layout: %w", err)
		}
		ref, err := image.Push(ctx, img, *repository, resolved, image.PushOptions{Insecure: *insecure, Log: stderr})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, ref)
		return nil
	}
}

// readStamp reads the --stamp-file; no file gives a nil Stamp, meaning an
// unstamped build.
func readStamp(path string) (image.Stamp, error) {
	if path == "" {
		return nil, nil
	}
	s, err := image.ReadStamp(path)
	if err != nil {
		return nil, fmt.Errorf("--stamp-file: %w", err)
	}
	return s, nil
}
