package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/forge-framework/forge/forge/image"
)

func init() {
	register(&command{
		name:    "deploy",
		summary: "build and push the app's stamped image: bazel run --stamp in a Bazel workspace, else go build and forge's image tool",
		usage:   "[-C DIR] [--target LABEL] [--pkg PATH] [--bazel auto|on|off] [--repository REPO] [--tag TAG ...] [--port PORT ...]",
		setup:   setupDeploy,
	})
}

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func setupDeploy(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	f := addBuildFlags(fs, "//app:image_push")
	repository := fs.String("repository", "", "without Bazel: the `REPO` to push to, host[:port]/path (with Bazel the push target names it)")
	var tags, ports multiFlag
	fs.Var(&tags, "tag", "without Bazel: a `TAG` to push (repeatable; default: the stamped version and latest)")
	fs.Var(&ports, "port", "without Bazel: an exposed `PORT` (repeatable; default 8080)")
	insecure := fs.Bool("insecure", false, "without Bazel: push over plain HTTP (loopback and private registries get it anyway)")
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge deploy: unexpected argument %q\n", args[0])
			return exitUsage
		}
		useBazel, err := f.useBazel()
		if err != nil {
			fmt.Fprintf(stderr, "forge deploy: %v\n", err)
			return exitUsage
		}
		if useBazel {
			// The push target prints the pushed digest itself.
			args := []string{"run", "--stamp"}
			if _, err := os.Stat(filepath.Join(*f.dir, "tools", "workspace_status.sh")); err == nil {
				args = append(args, "--workspace_status_command=tools/workspace_status.sh")
			}
			return runTool(*f.dir, "bazel", append(args, *f.target), stdout, stderr)
		}
		if *repository == "" {
			fmt.Fprintln(stderr, "forge deploy: without Bazel, --repository is required")
			return exitUsage
		}
		bin, code := goBuild(*f.dir, *f.pkg, *f.out, stdout, stderr)
		if code != exitOK {
			return code
		}
		if code := reportBinary("deploy", bin, stdout, stderr); code != exitOK {
			return code
		}
		if len(ports) == 0 {
			ports = multiFlag{"8080"}
		}
		stamp := gitStamp(*f.dir)
		if len(tags) == 0 {
			tags = multiFlag{stamp.version, "latest"}
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		ref, err := buildAndPush(ctx, bin, *f.dir, stamp, ports, *repository, tags, *insecure, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "forge deploy: %v\n", err)
			return exitUser
		}
		fmt.Fprintln(stdout, ref)
		return exitOK
	}
}

// buildAndPush makes the image forge_image makes, from a binary built
// without Bazel, and pushes it.
func buildAndPush(ctx context.Context, bin, dir string, stamp stampValues, ports []string, repository string, tags []string, insecure bool, log io.Writer) (string, error) {
	binary, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	name := filepath.Base(bin)
	if abs, err := filepath.Abs(dir); err == nil && (name == "app" || name == "bin") {
		name = filepath.Base(abs) // a nicer /<name> than /app for the workspace's app
	}
	img, err := image.Build(image.Spec{
		Name:   name,
		Binary: binary,
		Ports:  ports,
		Labels: map[string]string{
			image.LabelVersion:  stamp.version,
			image.LabelRevision: stamp.commit,
			image.LabelCreated:  stamp.date,
		},
	})
	if err != nil {
		return "", err
	}
	digest, err := img.Digest()
	if err != nil {
		return "", err
	}
	fmt.Fprintf(log, "forge deploy: image %s\n", digest)
	ref, err := image.Push(ctx, img, repository, tags, image.PushOptions{Insecure: insecure, Log: log})
	if err != nil {
		return "", err
	}
	return ref.String(), nil
}
