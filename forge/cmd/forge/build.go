package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func init() {
	register(&command{
		name:    "build",
		summary: "build the app's stamped binary: bazel build --stamp in a Bazel workspace, else go build with -X stamping",
		usage:   "[-C DIR] [--target LABEL] [--pkg PATH] [-o FILE] [--bazel auto|on|off]",
		setup:   setupBuild,
	})
}

// warnBinaryBytes is the size above which forge build warns: a Forge
// binary is usually 20–30 MB, and more hints at an unwanted dependency.
const warnBinaryBytes = 30 << 20

// buildFlags are the flags forge build and forge deploy share.
type buildFlags struct {
	dir, target, pkg, out, bazel *string
}

func addBuildFlags(fs *flag.FlagSet, target string) buildFlags {
	return buildFlags{
		dir:    fs.String("C", ".", "run in `DIR`, the workspace or module root"),
		target: fs.String("target", target, "the Bazel `LABEL` to build"),
		pkg:    fs.String("pkg", "./app", "without Bazel: the main package to go build, as a `PATH` relative to -C"),
		out:    fs.String("o", "", "without Bazel: write the binary to `FILE` (default: the package's base name in -C)"),
		bazel:  fs.String("bazel", "auto", "use Bazel: auto (when -C is in a Bazel workspace and bazel is on PATH), on or off"),
	}
}

func setupBuild(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	f := addBuildFlags(fs, "//app:bin")
	return func(args []string, stdout, stderr io.Writer) int {
		if len(args) > 0 {
			fmt.Fprintf(stderr, "forge build: unexpected argument %q\n", args[0])
			return exitUsage
		}
		bin, code := f.build(stdout, stderr)
		if code != exitOK {
			return code
		}
		return reportBinary("build", bin, stdout, stderr)
	}
}

// build builds the binary and returns its path.
func (f buildFlags) build(stdout, stderr io.Writer) (string, int) {
	useBazel, err := f.useBazel()
	if err != nil {
		fmt.Fprintf(stderr, "forge: %v\n", err)
		return "", exitUsage
	}
	if useBazel {
		return bazelBuild(*f.dir, *f.target, stdout, stderr)
	}
	return goBuild(*f.dir, *f.pkg, *f.out, stdout, stderr)
}

func (f buildFlags) useBazel() (bool, error) {
	switch *f.bazel {
	case "on":
		return true, nil
	case "off":
		return false, nil
	case "auto":
		_, err := exec.LookPath("bazel")
		return err == nil && inBazelWorkspace(*f.dir), nil
	}
	return false, fmt.Errorf("--bazel %q: want auto, on or off", *f.bazel)
}

// inBazelWorkspace reports whether dir is inside a Bazel workspace.
func inBazelWorkspace(dir string) bool {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		for _, marker := range []string{"MODULE.bazel", "WORKSPACE", "WORKSPACE.bazel"} {
			if _, err := os.Stat(filepath.Join(abs, marker)); err == nil {
				return true
			}
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return false
		}
		abs = parent
	}
}

// bazelBuild runs bazel build --stamp and returns rules_go's output path
// for the target, bazel-bin/<package>/<name>_/<name>.
func bazelBuild(dir, target string, stdout, stderr io.Writer) (string, int) {
	pkg, name, ok := strings.Cut(strings.TrimPrefix(target, "//"), ":")
	if !strings.HasPrefix(target, "//") || !ok || name == "" {
		fmt.Fprintf(stderr, "forge: --target %q: want a label such as //app:bin\n", target)
		return "", exitUsage
	}
	args := []string{"build", "--stamp"}
	if _, err := os.Stat(filepath.Join(dir, "tools", "workspace_status.sh")); err == nil {
		args = append(args, "--workspace_status_command=tools/workspace_status.sh")
	}
	if code := runTool(dir, "bazel", append(args, target), stdout, stderr); code != exitOK {
		return "", code
	}
	return filepath.Join(dir, "bazel-bin", pkg, name+"_", name), exitOK
}

// goBuild builds pkg with go build -trimpath, stamping runtime/buildinfo
// with -X from git, as tools/workspace_status.sh does for Bazel.
func goBuild(dir, pkg, out string, stdout, stderr io.Writer) (string, int) {
	if out == "" {
		out = filepath.Base(filepath.Clean(pkg))
		if out == "." || out == string(filepath.Separator) {
			out = "app"
		}
	}
	stamp := gitStamp(dir)
	const bi = "github.com/forge-framework/forge/runtime/buildinfo"
	ldflags := fmt.Sprintf("-X %s.Version=%s -X %s.Commit=%s -X %s.Date=%s", bi, stamp.version, bi, stamp.commit, bi, stamp.date)
	fmt.Fprintf(stdout, "forge: go build %s (version %s, commit %s, date %s)\n", pkg, stamp.version, stamp.commit, stamp.date)
	cmd := []string{"build", "-trimpath", "-ldflags", ldflags, "-o", out, pkg}
	if code := runToolEnv(dir, "go", cmd, []string{"CGO_ENABLED=0"}, stdout, stderr); code != exitOK {
		return "", code
	}
	if filepath.IsAbs(out) {
		return out, exitOK
	}
	return filepath.Join(dir, out), exitOK
}

type stampValues struct{ version, commit, date string }

// gitStamp returns the stamp of the commit checked out in dir, or fixed
// values outside git (the same as tools/workspace_status.sh).
func gitStamp(dir string) stampValues {
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TZ=UTC")
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	commit, err := git("rev-parse", "HEAD")
	if err != nil {
		return stampValues{"v0.0.0-dev", "unknown", "1970-01-01T00:00:00Z"}
	}
	if status, _ := git("status", "--porcelain", "--untracked-files=no"); status != "" {
		commit += "-dirty"
	}
	version, err := git("describe", "--tags", "--always", "--dirty")
	if err != nil || !strings.HasPrefix(version, "v") {
		version = "v0.0.0-dev-" + version // a valid image tag: no "+"
	}
	date, _ := git("show", "-s", "--format=%cd", "--date=format-local:%Y-%m-%dT%H:%M:%SZ", "HEAD")
	return stampValues{version, commit, date}
}

// reportBinary prints the binary's size, warning above warnBinaryBytes.
func reportBinary(cmd, bin string, stdout, stderr io.Writer) int {
	st, err := os.Stat(bin)
	if err != nil {
		fmt.Fprintf(stderr, "forge %s: the build said it succeeded, but: %v\n", cmd, err)
		return exitUser
	}
	fmt.Fprintf(stdout, "forge %s: %s, %.1f MB\n", cmd, bin, float64(st.Size())/(1<<20))
	if st.Size() > warnBinaryBytes {
		fmt.Fprintf(stderr, "forge %s: warning: the binary is over %d MB; check what it links (go version -m %s)\n", cmd, warnBinaryBytes>>20, bin)
	}
	return exitOK
}

// runTool runs a build tool in dir with its output streamed through.
func runTool(dir, tool string, args []string, stdout, stderr io.Writer) int {
	return runToolEnv(dir, tool, args, nil, stdout, stderr)
}

func runToolEnv(dir, tool string, args, env []string, stdout, stderr io.Writer) int {
	cmd := exec.Command(tool, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, stdout, stderr
	cmd.Env = append(os.Environ(), env...)
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &exit):
		fmt.Fprintf(stderr, "forge: %s %s: %v\n", tool, args[0], err)
		return exitUser
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, exec.ErrNotFound):
		fmt.Fprintf(stderr, "forge: %s is not installed: %v\n", tool, err)
		return exitUser
	}
	fmt.Fprintf(stderr, "forge: %s: %v\n", tool, err)
	return exitUser
}
